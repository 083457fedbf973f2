import { BatchGetItemCommand, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb'
import type { Article } from '../../articles/article.ts'
import { ConflictError } from '../../articles/errors.ts'
import { authorEntries } from '../author-index.ts'
import { listNewAuthors } from '../author-registry.ts'
import { backoff, batchPut, batchWriteSize } from '../batch-put.ts'
import { listNewCategories } from '../category-registry-writes.ts'
import { bumpFeedStatesOfNew, prepareFeedStatesOfMany } from '../feed-states.ts'
import { articleItem, articleKey, type Item, type StoreTable, slugOf } from '../item-keys.ts'
import { recordNewMonths } from '../month-registry.ts'
import { storeCall } from '../store-errors.ts'

/*
 * The bulk writer, for seeding a table (the bench, an operator's restore) and nothing else: no
 * function imports this folder, and no function role may batch-write articles (the publish role
 * batch-writes the desk's terms only, through batch-put.ts).
 */

export interface CreateManyOptions {
  readonly client: DynamoDBClient
  readonly tableName: string
  /** Batches of 25 in flight at once; default 4. */
  readonly concurrency?: number
  /** Attempts per batch while DynamoDB hands items back unprocessed; default 10. */
  readonly maxAttempts?: number
  /** The first wait before a retry, doubled at each (with full jitter, at most 5 s); default 50 ms. */
  readonly baseDelayMs?: number
}

export interface CreateManyResult {
  readonly articles: number
  /** BatchWriteItem requests sent, retries of unprocessed items included. */
  readonly batches: number
  /** Times DynamoDB handed items back unprocessed and they were sent again. */
  readonly retries: number
}

const getBatchSize = 100

/**
 * Stores many new articles with `BatchWriteItem`, 25 a request: for seeding a table and restoring a
 * backup into an empty one, not for publishing. Each item is the one `create` would write
 * (`articleItem`), and each feed scope the articles touch is prepared and bumped once, not once per
 * article; their months and categories join the registries the discovery files read.
 *
 * BatchWriteItem cannot be conditional: a put simply overwrites. So before anything is written,
 * every slug is looked up (BatchGetItem, consistent) and the whole call is refused with a
 * `ConflictError` when any slug is taken (by an article or a tombstone) or repeated. That check is
 * not atomic with the writes: a publish racing the call can still be overwritten, so run it while
 * nothing else writes to the table. Items DynamoDB returns as `UnprocessedItems` (throttling) are
 * sent again with exponential backoff; after `maxAttempts` an `UnavailableError` is thrown, with
 * some articles stored and the feed states not yet bumped.
 */
export async function createMany(
  options: CreateManyOptions,
  articles: readonly Article[],
): Promise<CreateManyResult> {
  const table: StoreTable = { client: options.client, name: options.tableName }
  // Built first: an article the store would refuse (a date out of range) stops the call before any write.
  const items = articles.map(articleItem)
  await refuseTakenSlugs(table, items)
  await prepareFeedStatesOfMany(table, articles)
  // Each article's author entries (`author-index.ts`) go with it, in the same batches.
  const all = [...items, ...articles.flatMap((article) => authorEntries(article))]
  const chunks: Item[][] = []
  for (let i = 0; i < all.length; i += batchWriteSize) chunks.push(all.slice(i, i + batchWriteSize))
  const counts = { batches: 0, retries: 0 }
  let next = 0
  const worker = async () => {
    for (let c = next++; c < chunks.length; c = next++) {
      const chunk = chunks[c] ?? []
      await batchPut(table, chunk, {
        ...options,
        onRequest: (retry) => {
          counts.batches += 1
          if (retry) counts.retries += 1
        },
      })
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker))
  await bumpFeedStatesOfNew(table, articles)
  // Their months join the sitemap index and their categories and authors the registries, from each one's earliest
  // publication: one write per month, per category and per author. Nothing left a category: nothing is unlisted.
  await recordNewMonths(table, articles)
  await listNewCategories(table, articles)
  await listNewAuthors(table, articles)
  return { articles: articles.length, ...counts }
}

/** A `ConflictError` naming the slugs (the first ten) that are repeated or already in the table. */
async function refuseTakenSlugs(table: StoreTable, items: readonly Item[]): Promise<void> {
  const seen = new Set<string>()
  const taken = new Set<string>()
  for (const slug of items.map(slugOf)) (seen.has(slug) ? taken : seen).add(slug)
  // BatchGetItem refuses a request that names a key twice: each slug is looked up once.
  const slugs = [...seen]
  for (let i = 0; i < slugs.length; i += getBatchSize) {
    let keys: KeysAndAttributes | undefined = {
      Keys: slugs.slice(i, i + getBatchSize).map(articleKey),
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    }
    for (let attempt = 0; keys?.Keys?.length; attempt++) {
      if (attempt > 0) await backoff(attempt, 50)
      const request: KeysAndAttributes = keys
      const answer = await storeCall(() =>
        table.client.send(new BatchGetItemCommand({ RequestItems: { [table.name]: request } })),
      )
      for (const item of answer.Responses?.[table.name] ?? []) taken.add(slugOf(item))
      keys = answer.UnprocessedKeys?.[table.name]
    }
  }
  if (taken.size > 0) {
    const named = [...taken].slice(0, 10).join(', ')
    throw new ConflictError(
      `createMany writes into free slugs only; ${taken.size} taken or repeated: ${named}${taken.size > 10 ? ', …' : ''}`,
    )
  }
}
