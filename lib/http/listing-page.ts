import type { Context } from 'hono'
import type { Category } from '../articles/article.ts'
import type { AppEnv } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import { entryCacheHeaders } from './cache-policy.ts'
import type { FeedPageResult } from './feed-page-cache.ts'
import type { NavStamps } from './nav-topics.ts'
import { loadPageRenderers } from './page-renderers.ts'
import { logStaleServed } from './public-route-deps.ts'
import { Representation, sendRepresentation } from './representation.ts'

type PageRenderers = Awaited<ReturnType<typeof loadPageRenderers>>

/**
 * A listing page (the front page, a topic page) for one feed page entry, as HTML: rendered once per
 * entry and navigation (kept in the entry's renders under `key`), then reused; a stale entry is logged.
 */
export async function renderListingPage(
  c: Context<AppEnv>,
  deps: Pick<PublicAppDeps, 'logger' | 'clock'>,
  navStamps: NavStamps,
  { entry, stale }: FeedPageResult,
  topics: readonly Category[],
  key: string,
  render: (renderers: PageRenderers) => string,
): Promise<Response> {
  let rep = navStamps.current(entry.renders.get(key), topics)
  if (!rep) {
    rep = new Representation(render(await loadPageRenderers()), 'text/html; charset=utf-8')
    entry.renders.set(key, navStamps.mark(rep, topics))
  }
  if (stale) logStaleServed(deps, c, entry)
  return sendRepresentation(c, rep, 200, entryCacheHeaders(entry, stale, deps.clock().getTime(), 'html'))
}
