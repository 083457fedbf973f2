import type { Context } from 'hono'
import type { AppEnv } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import type { FeedCursors } from './feed-cursors.ts'
import type { FeedPageCache, FeedPageEntry } from './feed-page-cache.ts'

/** What `createPublicApp` builds once and hands to each of its route modules: objects, never closures. */
export interface PublicRouteDeps extends PublicAppDeps {
  readonly feedCache: FeedPageCache
  readonly cursors: FeedCursors
}

/** The feed page a `?before=` asks for: the store's cursor inside a signed one, or the first page. */
export function requestedPage(
  c: Context<AppEnv>,
  cursors: FeedCursors,
  category: string | undefined,
): { readonly signed: string | undefined; readonly cursor: string | undefined } {
  const signed = c.req.query('before')
  return { signed, cursor: signed === undefined ? undefined : cursors.verify(category, signed) }
}

/** One log line per stale answer (the stack counts them), with how old the served copy is. */
export function logStaleServed(
  deps: Pick<PublicAppDeps, 'logger' | 'clock'>,
  c: Context<AppEnv>,
  entry: FeedPageEntry,
): void {
  const ageSeconds = Math.round((deps.clock().getTime() - entry.loadedAtMs) / 1000)
  deps.logger?.staleServed?.({ path: c.req.path, ageSeconds })
}
