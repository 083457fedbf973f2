import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Article } from '../lib/articles/article.ts'
import { createMany } from '../lib/store/bulk-seed/create-many.ts'
import { cloneArticle } from './fixtures.ts'

export interface SeedResult {
  readonly articles: number
  readonly seconds: number
  readonly perSecond: number
  /** How: `createMany` (BatchWriteItem); earlier runs seeded with `create`, one conditional put a time. */
  readonly via?: 'createMany' | 'create'
}

export interface BatchSeedOptions {
  readonly newestMs: number
  readonly spacingMs: number
  /** BatchWriteItem requests in flight at once. */
  readonly concurrency: number
  /** Articles a `createMany` call; each call moves the feed states once. Default 5,000. */
  readonly perCall?: number
  /** Told after each call: articles stored so far. */
  readonly onProgress?: (stored: number, seconds: number) => void
}

/**
 * Stores `count` real articles through the store's `createMany` (BatchWriteItem, 25 a request) into
 * a table that has none of their slugs. Article `n` is published `n` × `spacingMs` before
 * `newestMs`, so the archive reads newest first as `a0…`, `a1…`.
 */
export async function seedArticlesInBatches(
  target: { readonly client: DynamoDBClient; readonly tableName: string },
  templates: readonly Article[],
  count: number,
  options: BatchSeedOptions,
): Promise<SeedResult> {
  const started = performance.now()
  const seconds = () => (performance.now() - started) / 1000
  const perCall = options.perCall ?? 5_000
  for (let from = 0; from < count; from += perCall) {
    const articles = Array.from({ length: Math.min(perCall, count - from) }, (_, k) => {
      const n = from + k
      const template = templates[n % templates.length]
      if (!template) throw new Error('no templates to seed from')
      return cloneArticle(template, n, options.newestMs - n * options.spacingMs)
    })
    await createMany({ ...target, concurrency: options.concurrency }, articles)
    options.onProgress?.(from + articles.length, seconds())
  }
  return { articles: count, seconds: seconds(), perSecond: count / seconds(), via: 'createMany' }
}
