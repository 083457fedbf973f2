import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb'
import { UnavailableError } from '../articles/errors.ts'
import { eachBounded } from './each-bounded.ts'
import type { Item, StoreTable } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/** The most items one `BatchWriteItem` may carry. */
export const batchWriteSize = 25

export interface BatchPutOptions {
  /** Attempts while DynamoDB hands items back unprocessed; default 10. */
  readonly maxAttempts?: number
  /** The first wait before a retry, doubled at each (with full jitter, at most 5 s); default 50 ms. */
  readonly baseDelayMs?: number
  /** Told of each request sent, and whether it sends items handed back unprocessed. */
  readonly onRequest?: (retry: boolean) => void
}

/**
 * Puts `items` (at most {@link batchWriteSize}, no key twice) with `BatchWriteItem`: unconditional
 * puts, so only for items a put may simply overwrite. Items DynamoDB hands back as
 * `UnprocessedItems` (throttling) are sent again with exponential backoff; after `maxAttempts` an
 * `UnavailableError` is thrown, with the other items stored.
 */
export async function batchPut(
  table: StoreTable,
  items: readonly Item[],
  options: BatchPutOptions = {},
): Promise<void> {
  let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }))
  const maxAttempts = options.maxAttempts ?? 10
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= maxAttempts) {
      throw new UnavailableError(
        `the article store left ${pending.length} items unprocessed after ${maxAttempts} attempts`,
      )
    }
    if (attempt > 0) await backoff(attempt, options.baseDelayMs ?? 50)
    options.onRequest?.(attempt > 0)
    const requests = pending
    const { UnprocessedItems } = await storeCall(() =>
      table.client.send(new BatchWriteItemCommand({ RequestItems: { [table.name]: requests } })),
    )
    pending = UnprocessedItems?.[table.name] ?? []
  }
}

/** Puts any number of `items` (no key twice), {@link batchWriteSize} a request, a bounded number in flight. */
export async function batchPutAll(table: StoreTable, items: readonly Item[]): Promise<void> {
  const chunks: Item[][] = []
  for (let i = 0; i < items.length; i += batchWriteSize) chunks.push(items.slice(i, i + batchWriteSize))
  await eachBounded(chunks, (chunk) => batchPut(table, chunk))
}

/** Waits before retry `attempt` (from 1): full jitter under `baseMs` × 2^(attempt − 1), at most 5 s. */
export function backoff(attempt: number, baseMs: number): Promise<void> {
  const ceiling = Math.min(5_000, baseMs * 2 ** (attempt - 1))
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling))
}
