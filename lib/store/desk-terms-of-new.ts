import type { Article } from '../articles/article.ts'
import { writeBatch } from './create-many.ts'
import { deskTerms } from './desk-terms.ts'
import { eachBounded } from './each-bounded.ts'
import type { Item, StoreTable } from './item-keys.ts'

/** BatchWriteItem requests of one call in flight at once. */
const batchConcurrency = 4

/**
 * After new articles are stored at once (`createEach`): the desk's term items of them all, 25 a
 * `BatchWriteItem` instead of one `PutItem` each (a new article has no terms to mark gone). What
 * `syncDeskTerms` writes for a create, in a few requests; the publish role may batch-write only in
 * the desk's partitions (`DESK#…`, a CDK test holds it). A failure throws: the caller tells it and
 * lets the articles stand (the listing re-reads every article).
 */
export async function syncDeskTermsOfNew(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const terms = new Map<string, Item>()
  for (const article of articles) for (const [id, item] of deskTerms(article)) terms.set(id, item)
  const items = [...terms.values()]
  const chunks: Item[][] = []
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25))
  const counts = { batches: 0, retries: 0 }
  await eachBounded(
    chunks,
    (chunk) => writeBatch(table, chunk, { client: table.client, tableName: table.name }, counts),
    batchConcurrency,
  )
}
