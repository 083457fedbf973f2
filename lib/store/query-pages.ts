import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb'
import type { Item, StoreTable } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/** The Query, without what `queryPages` sets page by page. */
export type PagedQuery = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>

export interface PageOptions {
  /** At most this many items over all pages; each page asks only for what is still wanted (no read billed for items thrown away). */
  readonly limit?: number
  /** Where to start, as the previous page's `lastKey` said. */
  readonly startKey?: Item
  /** At most this many pages: a bound on the requests of one call, whatever the data. */
  readonly maxPages?: number
}

export interface QueryPage {
  readonly items: readonly Item[]
  /** Where the next page starts; undefined when the Query has no more. */
  readonly lastKey: Item | undefined
}

/**
 * The pages of one Query, in order. DynamoDB ends a page at `Limit` or 1 MB and says where the next
 * starts (`LastEvaluatedKey`); this follows it until the Query is done, `limit` items are read or
 * `maxPages` pages are, whichever comes first. A caller that reads every article takes it a page at a
 * time, never the whole table in memory.
 */
export async function* queryPages(
  table: StoreTable,
  query: PagedQuery,
  options: PageOptions = {},
): AsyncGenerator<QueryPage> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY
  let startKey = options.startKey
  let read = 0
  for (let page = 0; page < maxPages && read < limit; page++) {
    const output = await storeCall(() =>
      table.client.send(
        new QueryCommand({
          ...query,
          TableName: table.name,
          ...(Number.isFinite(limit) ? { Limit: limit - read } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    )
    const items = output.Items ?? []
    read += items.length
    startKey = output.LastEvaluatedKey
    yield { items, lastKey: startKey }
    if (startKey === undefined) return
  }
}

/** Every item `queryPages` reads, and whether the Query had more when it stopped. */
export async function queryItems(
  table: StoreTable,
  query: PagedQuery,
  options: PageOptions = {},
): Promise<{ items: Item[]; more: boolean }> {
  const items: Item[] = []
  let more = false
  for await (const page of queryPages(table, query, options)) {
    items.push(...page.items)
    more = page.lastKey !== undefined
  }
  return { items, more }
}
