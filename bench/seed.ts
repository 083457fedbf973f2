import type { Article } from '../lib/articles/article.ts'
import type { ArticleStore } from '../lib/articles/article-store.ts'
import { cloneArticle } from './fixtures.ts'

export interface SeedResult {
  readonly articles: number
  readonly seconds: number
  readonly perSecond: number
}

/**
 * Stores `count` real articles through the store's own `create` (the conditional put and the
 * feed-state bumps a publish does), `concurrency` at a time. Article `n` is published `n` ×
 * `spacingMs` before `newestMs`, so the archive reads newest first as `a0…`, `a1…`.
 */
export async function seedArticles(
  store: ArticleStore,
  templates: readonly Article[],
  count: number,
  options: { readonly concurrency: number; readonly newestMs: number; readonly spacingMs: number },
): Promise<SeedResult> {
  const started = performance.now()
  let next = 0
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const template = templates[n % templates.length]
      if (!template) throw new Error('no templates to seed from')
      await store.create(cloneArticle(template, n, options.newestMs - n * options.spacingMs))
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker))
  const seconds = (performance.now() - started) / 1000
  return { articles: count, seconds, perSecond: count / seconds }
}
