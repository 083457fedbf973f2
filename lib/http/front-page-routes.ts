import { type Context, Hono } from 'hono'
import type { Category } from '../articles/article.ts'
import { mainTopics } from '../pages/topic-nav.ts'
import type { AppEnv } from './app-base.ts'
import type { FeedPageResult } from './feed-page-cache.ts'
import { renderListingPage } from './listing-page.ts'
import { NavStamps, navTopicsFor } from './nav-topics.ts'
import { type PublicRouteDeps, requestedPage } from './public-route-deps.ts'

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
function renderFrontPage(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  navStamps: NavStamps,
  result: FeedPageResult,
  topics: readonly Category[],
): Promise<Response> {
  const { site, cursors } = deps
  const next = result.entry.page.nextCursor
  return renderListingPage(c, deps, navStamps, result, topics, 'home', ({ renderHomePage }) =>
    renderHomePage({
      site,
      articles: result.entry.page.items,
      ...(next !== undefined ? { nextUrl: `${site.url}/?before=${cursors.sign(undefined, next)}` } : {}),
      topics,
    }),
  )
}
