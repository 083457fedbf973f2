import type { Item, StoreTable } from './item-keys.ts'
import { queryItems } from './query-pages.ts'

/*
 * The registries: what discovery files need without a scan, one small item per entry, so that no
 * number of categories or months meets an item's size limit.
 *
 * - Categories (`category-registry-reads.ts`, `category-registry-writes.ts`, kept in step after each
 *   write by `category-registry-sync.ts`): partition `REGISTRY#categories`, one item per category,
 *   `sk = c#{slug}`, with `n` (name) and `f` (from), `from` the UTC instant from which the category
 *   has a public article. Read with paged Queries of the partition, in slug order. A category's feed
 *   state mirrors its `from` as `listedFrom`; the feed-state bump after each write returns the old
 *   state (no extra read), so a writer touches the registry only when a category is new or becomes
 *   public sooner, and when an article leaves a category (delete, draft, recategorised, moved), where
 *   two keys-only Queries per category slot decide whether it stays listed. An item takes at most
 *   about 560 bytes (1 WCU to write; a Query reads 4 KB, about 60 typical entries, for 0.5 RCU).
 * - Months (`month-registry.ts`): partition `REGISTRY#months`, one item per month, `sk = m#{YYYYMM}`,
 *   put by each write of a published article (1 WCU; idempotent). One GetItem says whether a month
 *   has a sitemap.
 *
 * Earlier versions kept each registry in one item (`legacyRegistryKeys`): `rebuildRegistries`
 * migrates a table.
 */

/** Every item of a registry `partition` whose sort key is within `[lower, upper]`, in key order: paged Queries. */
export async function queryRegistry(
  table: StoreTable,
  partition: string,
  lower: string,
  upper: string,
  options: { readonly startAfter?: string; readonly limit?: number; readonly projection: string },
): Promise<{ items: Item[]; more: boolean }> {
  return queryItems(
    table,
    {
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':p': { S: partition }, ':lower': { S: lower }, ':upper': { S: upper } },
      ProjectionExpression: options.projection,
    },
    {
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.startAfter !== undefined
        ? { startKey: { pk: { S: partition }, sk: { S: options.startAfter } } }
        : {}),
    },
  )
}
