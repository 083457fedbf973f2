import { type Context, Hono } from 'hono'
import type { Category } from '../articles/article.ts'
import { categoryUrl } from '../articles/permalink.ts'
import { isSlug } from '../articles/slug.ts'
import { newestChange, newestWrite } from '../feeds/dates.ts'
import type { FeedDocument } from '../feeds/feed-document.ts'
import type { Site } from '../site.ts'
import type { AppEnv } from './app-base.ts'
import { entryCacheHeaders } from './cache-policy.ts'
import { categoryNamed } from './category-named.ts'
import { feedContentOf, feedPageUrl } from './feed-content.ts'
import { type FeedFile, feedFiles, feedFormats } from './feed-formats.ts'
import { type FeedPageEntry, type FeedPageResult, unknownCategory } from './feed-page-cache.ts'
import { withHubLinks } from './hub-links.ts'
import { logStaleServed, type PublicRouteDeps, requestedPage } from './public-route-deps.ts'
import { Representation, sendRepresentation, stableLastModified } from './representation.ts'
import { canonicalSlug, redirectTo } from './slug-redirect.ts'

/** The site's feeds (`/rss.xml`, `/atom.xml`, `/feed.json`) and each category's under `/categories/{slug}/`. */
export function feedRoutes(deps: PublicRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  for (const file of feedFiles) {
    routes.get(`/${file}`, (c) => loadFeed(c, deps, file, undefined))
    routes.get(`/categories/:category/${file}`, (c) => {
      const category = c.req.param('category')
      if (!isSlug(category)) {
        const canonical = canonicalSlug(category)
        if (canonical === undefined) throw unknownCategory(category)
        return redirectTo(c, `${categoryUrl(deps.site.url, canonical)}${file}`)
      }
      return loadFeed(c, deps, file, category)
    })
  }
  return routes
}

/** The feed page the request asks for, from the feed page cache, rendered in `file`'s format. */
async function loadFeed(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  file: FeedFile,
  category: string | undefined,
): Promise<Response> {
  const { signed, cursor } = requestedPage(c, deps.cursors, category)
  return renderFeed(c, deps, file, category, signed, await deps.feedCache.get(category, cursor))
}

/** The answer for one feed page in `file`'s format: rendered once per entry and variant, then reused. */
function renderFeed(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  file: FeedFile,
  category: string | undefined,
  signed: string | undefined,
  { entry, stale }: FeedPageResult,
): Response {
  const { site, cursors } = deps
  const format = feedFormats[file]
  const path = category === undefined ? `${site.url}/${file}` : `${categoryUrl(site.url, category)}${file}`
  // The summary variant is its own representation; no hub announces it (they are pinged for the feed as is).
  const content = feedContentOf(c.req.query('content'))
  const renderKey = content === undefined ? format.key : `${format.key}:${content}`
  const variantHubs = content === undefined ? (deps.websubHubs ?? []) : []
  let rep = entry.renders.get(renderKey)
  if (!rep) {
    const next = entry.page.nextCursor
    const doc = feedDocument(site, entry, {
      path,
      signed,
      ...(next !== undefined ? { next: cursors.sign(category, next) } : {}),
      category: category === undefined ? undefined : categoryNamed(entry.page.items, category),
      hubs: variantHubs,
      content,
    })
    // Later pages shift under new articles without their own items changing: no exact date, no Last-Modified.
    rep = new Representation(
      format.render(doc),
      format.contentType,
      signed === undefined
        ? stableLastModified(
            newestWrite(entry.page.items, entry.state.removedAt),
            entry.confirmedAtMs ?? entry.loadedAtMs,
          )
        : undefined,
    )
    entry.renders.set(renderKey, rep)
  }
  if (stale) logStaleServed(deps, c, entry)
  // A first page without its date yet is not kept by caches past the second that withholds it.
  const settling = signed === undefined && rep.lastModified === undefined ? entry.settlesAtMs : undefined
  const headers = withHubLinks(
    entryCacheHeaders(entry, stale, deps.clock().getTime(), 'document', settling),
    variantHubs,
    feedPageUrl(path, signed, content),
  )
  return sendRepresentation(c, rep, 200, headers)
}

/** A feed page's document: `path` is the feed's absolute URL, `signed` this page's cursor, `next` the next page's. */
function feedDocument(
  site: Site,
  entry: FeedPageEntry,
  page: {
    readonly path: string
    readonly signed: string | undefined
    readonly next?: string
    readonly category: Category | undefined
    readonly hubs: readonly string[]
    readonly content: string | undefined
  },
): FeedDocument {
  const { path, signed, next, category, hubs, content } = page
  return {
    site,
    ...(category ? { category } : {}),
    items: entry.page.items,
    selfUrl: feedPageUrl(path, signed, content),
    ...(hubs.length > 0 ? { hubs } : {}),
    alternateUrl: `${site.url}/`,
    ...(next !== undefined ? { nextUrl: feedPageUrl(path, next, content) } : {}),
    updated: newestChange(entry.page.items, entry.state.removedAt),
    ...(content !== undefined || site.feedContent === 'summary' ? { summaryOnly: true } : {}),
  }
}
