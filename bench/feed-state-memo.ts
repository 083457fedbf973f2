import type { ArticleStore, FeedState } from '../lib/articles/article-store.ts'

/**
 * The fix the serving figures point at, tried from outside the product: each instance reuses a
 * feed-state read for `ttlMs` (and concurrent requests share one read in flight), so a cached feed
 * or a 304 costs no store round trip at all most of the time. A write is then seen up to `ttlMs`
 * later, next to CloudFront's s-maxage of minutes. A failed read is forgotten at once.
 */
export function withFeedStateMemo(store: ArticleStore, ttlMs: number): ArticleStore {
  const memo = new Map<string, { readonly atMs: number; readonly state: Promise<FeedState> }>()
  return {
    ...store,
    readFeedState(category?: string) {
      const key = category ?? ''
      const now = Date.now()
      const hit = memo.get(key)
      if (hit && now - hit.atMs < ttlMs) return hit.state
      const state = store.readFeedState(category)
      memo.set(key, { atMs: now, state })
      state.catch(() => memo.delete(key))
      return state
    },
  }
}
