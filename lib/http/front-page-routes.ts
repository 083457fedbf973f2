import { type Context, Hono } from 'hono'
import type { Category } from '../articles/article.ts'
import { mainTopics } from '../pages/topic-nav.ts'
import type { AppEnv } from './app-base.ts'
import { entryCacheHeaders } from './cache-policy.ts'
import type { FeedPageResult } from './feed-page-cache.ts'
import { NavStamps, navTopicsFor } from './nav-topics.ts'
import { loadPageRenderers } from './page-renderers.ts'
import { logStaleServed, type PublicRouteDeps, requestedPage } from './public-route-deps.ts'
import { Representation, sendRepresentation } from './representation.ts'

/** `/`: the front page, the site's newest articles and, with `?before=`, its older pages. */
export function frontPageRoutes(deps: PublicRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  const navStamps = new NavStamps()
  routes.get('/', (c) => loadFrontPage(c, deps, navStamps))
  return routes
}

/** The front page the request asks for, from the same cached pages as the site's feeds. */
async function loadFrontPage(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  navStamps: NavStamps,
): Promise<Response> {
  const { site, feedCache } = deps
  const { cursor } = requestedPage(c, deps.cursors, undefined)
  const result = await feedCache.get(undefined, cursor)
  // The first page names the topics of its own articles; an older page, those of the first.
  const topics =
    cursor === undefined
      ? mainTopics(site, result.entry.page.items)
      : await navTopicsFor(site, feedCache, result.entry.page.items)
  return await renderFrontPage(c, deps, navStamps, result, topics)
}

/** The front page's HTML for one feed page entry: rendered once per entry and navigation, then reused. */
async function renderFrontPage(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  navStamps: NavStamps,
  { entry, stale }: FeedPageResult,
  topics: readonly Category[],
): Promise<Response> {
  const { site, cursors } = deps
  const key = 'home'
  let rep = navStamps.current(entry.renders.get(key), topics)
  if (!rep) {
    const next = entry.page.nextCursor
    const { renderHomePage } = await loadPageRenderers()
    rep = new Representation(
      renderHomePage({
        site,
        articles: entry.page.items,
        ...(next !== undefined ? { nextUrl: `${site.url}/?before=${cursors.sign(undefined, next)}` } : {}),
        topics,
      }),
      'text/html; charset=utf-8',
    )
    entry.renders.set(key, navStamps.mark(rep, topics))
  }
  if (stale) logStaleServed(deps, c, entry)
  return sendRepresentation(c, rep, 200, entryCacheHeaders(entry, stale, deps.clock().getTime(), 'html'))
}
