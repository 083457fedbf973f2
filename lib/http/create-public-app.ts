import type { Context, Hono } from 'hono'
import { type Article, type Category, isPublicAt, lastWriteAt } from '../articles/article.ts'
import { isTombstone } from '../articles/article-store.ts'
import { GoneError, NotFoundError, UnavailableError } from '../articles/errors.ts'
import { categoryUrl, permalink } from '../articles/permalink.ts'
import { foldGivenSlug, hasSlugShape, isSlug } from '../articles/slug.ts'
import { newestChange, newestWrite } from '../feeds/dates.ts'
import type { FeedDocument } from '../feeds/feed-document.ts'
import { renderAtom } from '../feeds/render-atom.ts'
import { renderJsonFeed } from '../feeds/render-json-feed.ts'
import { renderRss } from '../feeds/render-rss.ts'
import { renderArticlePage } from '../pages/render-article-page.ts'
import { renderHomePage } from '../pages/render-home-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import { faviconIco } from '../pages/site-icon.ts'
import { mainTopics } from '../pages/topic-nav.ts'
import { faviconPath, type Site } from '../site.ts'
import { type AppEnv, allowOnly, createBaseApp } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import { toPublicArticle } from './article-resource.ts'
import { registerAuthorRoutes } from './author-routes.ts'
import { canonicalUrls } from './canonical-url.ts'
import { registerDiscoveryRoutes } from './discovery-routes.ts'
import { feedContentOf, feedPageUrl } from './feed-content.ts'
import { FeedCursors } from './feed-cursors.ts'
import { FeedPageCache, type FeedPageEntry, type FeedPageResult, unknownCategory } from './feed-page-cache.ts'
import { htmlErrorPages } from './html-error-pages.ts'
import { withHubLinks } from './hub-links.ts'
import { NavStamps, navTopicsFor } from './nav-topics.ts'
import { retryAfterSeconds } from './problem.ts'
import { Representation, sendRepresentation, stableLastModified } from './representation.ts'
import { registerSubscribeRoutes } from './subscribe-routes.ts'

const feedFormats = {
  'rss.xml': { key: 'rss', contentType: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { key: 'atom', contentType: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.json': { key: 'json', contentType: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const
type FeedFile = keyof typeof feedFormats

/** Browser and CDN lifetimes (seconds) of anything public; capped by the next scheduled article. */
const lifetimes = { maxAge: 60, sMaxAge: 300, staleWhileRevalidate: 60, staleIfError: 86_400 }
/** The last good feed, served while the store is out: caches revalidate soon. */
const staleCacheControl = 'public, max-age=0, s-maxage=10, stale-if-error=86400'
/** On every public answer: browsers take each body as the type it is sent as, never as a guess. */
const noSniff = { 'X-Content-Type-Options': 'nosniff' } as const

/**
 * On every answer of the public app, 200, 304 and errors alike: anything it serves is public, so any
 * page may read it (a web reader fetching a feed, a widget the article JSON), and may see the headers
 * a subscriber needs (`Link: rel=hub`, the validators). No credentials, so `*` and no `Vary: Origin`.
 */
export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Link, ETag, Last-Modified',
} as const

/** The public routes of DESIGN.md: feeds, article pages and JSON, the front page and health. */
export function createPublicApp(deps: PublicAppDeps): Hono<AppEnv> {
  const app = createBaseApp(deps.logger)
  // Not hono/cors: it answers every OPTIONS as a preflight (taking the place of the 204 with `Allow`),
  // and none is needed for GET and HEAD without credentials. Set after the answer, errors included.
  app.use(async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(corsHeaders)) c.res.headers.set(name, value)
  })
  app.use(htmlErrorPages(deps.site))
  const { site, store, clock } = deps
  app.use(canonicalUrls(site.url))
  const hubs = deps.websubHubs ?? []
  const feedCache = new FeedPageCache({ store, clock, pageSize: deps.feedPageSize })
  const navStamps = new NavStamps()
  const cursors = new FeedCursors(deps.cursorKey)

  /** The page a `?before=` asks for: the store's cursor inside a signed one, or the first page. */
  function pageOf(c: Context<AppEnv>, category: string | undefined) {
    const signed = c.req.query('before')
    return { signed, cursor: signed === undefined ? undefined : cursors.verify(category, signed) }
  }

  async function sendFeed(
    c: Context<AppEnv>,
    file: FeedFile,
    category: string | undefined,
  ): Promise<Response> {
    const { signed, cursor } = pageOf(c, category)
    return respondFeed(c, file, category, signed, await feedCache.get(category, cursor))
  }

  function respondFeed(
    c: Context<AppEnv>,
    file: FeedFile,
    category: string | undefined,
    signed: string | undefined,
    { entry, stale }: FeedPageResult,
  ): Response {
    const format = feedFormats[file]
    const path = category === undefined ? `${site.url}/${file}` : `${categoryUrl(site.url, category)}${file}`
    // The summary variant is its own representation; no hub announces it (they are pinged for the feed as is).
    const content = feedContentOf(c.req.query('content'))
    const renderKey = content === undefined ? format.key : `${format.key}:${content}`
    const variantHubs = content === undefined ? hubs : []
    let rep = entry.renders.get(renderKey)
    if (!rep) {
      const next = entry.page.nextCursor
      const doc = feedDocument(site, entry, {
        path,
        signed,
        ...(next !== undefined ? { next: cursors.sign(category, next) } : {}),
        category: categoryOf(entry.page.items, category),
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
    if (stale) logStale(c, entry)
    // A first page without its date yet is not kept by caches past the second that withholds it.
    const settling = signed === undefined && rep.lastModified === undefined ? entry.settlesAtMs : undefined
    const headers = withHubLinks(
      cacheHeaders(entry, stale, false, settling),
      variantHubs,
      feedPageUrl(path, signed, content),
    )
    return sendRepresentation(c, rep, 200, headers)
  }

  function logStale(c: Context<AppEnv>, entry: FeedPageEntry): void {
    const ageSeconds = Math.round((clock().getTime() - entry.loadedAtMs) / 1000)
    deps.logger?.staleServed?.({ path: c.req.path, ageSeconds })
  }

  /** Cache-Control never reaches past the next scheduled article (nor `untilMs`); a stale page says so. */
  function cacheHeaders(
    entry: FeedPageEntry,
    stale: boolean,
    page = false,
    untilMs?: number,
  ): Record<string, string> {
    const limit = untilMs === undefined ? entry.nextDueMs : Math.min(untilMs, entry.nextDueMs ?? untilMs)
    return {
      ...(page ? pageSecurityHeaders : noSniff),
      'Cache-Control': stale ? staleCacheControl : cacheControl(clock().getTime(), limit),
      ...(stale ? { 'X-Feed-Stale': '1' } : {}),
    }
  }

  app.get('/', (c) => sendHome(c))

  async function sendHome(c: Context<AppEnv>): Promise<Response> {
    const { cursor } = pageOf(c, undefined)
    const result = await feedCache.get(undefined, cursor)
    // The first page names the topics of its own articles; an older page, those of the first.
    const topics =
      cursor === undefined
        ? mainTopics(site, result.entry.page.items)
        : await navTopicsFor(site, feedCache, result.entry.page.items)
    return respondHome(c, result, topics)
  }

  function respondHome(
    c: Context<AppEnv>,
    { entry, stale }: FeedPageResult,
    topics: readonly Category[],
  ): Response {
    const key = 'home'
    let rep = navStamps.current(entry.renders.get(key), topics)
    if (!rep) {
      const next = entry.page.nextCursor
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
    if (stale) logStale(c, entry)
    return sendRepresentation(c, rep, 200, cacheHeaders(entry, stale, true))
  }

  for (const file of Object.keys(feedFormats) as FeedFile[]) {
    app.get(`/${file}`, (c) => sendFeed(c, file, undefined))
    app.get(`/categories/:category/${file}`, (c) => {
      const category = c.req.param('category')
      if (!isSlug(category)) {
        const canonical = canonicalSlug(category)
        if (canonical === undefined) throw unknownCategory(category)
        return redirectTo(c, `${categoryUrl(site.url, canonical)}${file}`)
      }
      return sendFeed(c, file, category)
    })
  }

  app.get('/articles/:file', async (c) => {
    const file = c.req.param('file')
    const asJson = file.endsWith('.json')
    const slug = asJson ? file.slice(0, -'.json'.length) : file
    // An article stored before slugs were folded keeps the slug it was stored at, and its permalink.
    const legacy = !isSlug(slug) && hasSlugShape(slug) ? await store.findBySlug(slug) : undefined
    if (!isSlug(slug) && legacy === undefined) {
      const canonical = canonicalSlug(slug)
      if (canonical === undefined) throw new NotFoundError(`no article "${slug.slice(0, 100)}"`)
      return redirectTo(c, `${permalink(site.url, canonical)}${asJson ? '.json' : ''}`)
    }
    const found = legacy ?? (await store.findBySlug(slug))
    const now = clock().getTime()
    // Gone only for what readers could have seen; a deleted draft looks like any unknown slug.
    if (found && isTombstone(found) && found.wasPublic !== false) {
      throw new GoneError(`article "${slug}" was deleted`)
    }
    if (!found || isTombstone(found) || !isPublicAt(found, now))
      throw new NotFoundError(`no article "${slug}"`)
    const lastModified = stableLastModified(lastWriteAt(found), now)
    const rep = asJson
      ? new Representation(
          JSON.stringify(toPublicArticle(found, site)),
          'application/json; charset=utf-8',
          lastModified,
        )
      : new Representation(renderArticlePage(found, site), 'text/html; charset=utf-8', lastModified)
    return sendRepresentation(c, rep, 200, {
      ...(asJson ? noSniff : pageSecurityHeaders),
      'Cache-Control': cacheControl(now, undefined),
    })
  })
  registerDiscoveryRoutes(app, { ...deps, feedCache, cursors, cacheHeaders, logStale })
  registerSubscribeRoutes(app, { ...deps, feedCache, cacheHeaders, logStale })
  registerAuthorRoutes(app, { site, store, clock, feedPageSize: deps.feedPageSize, cursors, cacheControl })
  // The site's own icon: the same bytes until a deploy changes them, so caches keep it a week.
  app.get(faviconPath, (c) =>
    c.body(faviconIco, 200, {
      ...noSniff,
      'Content-Type': 'image/x-icon',
      'Cache-Control': 'public, max-age=604800, s-maxage=604800, stale-while-revalidate=86400',
    }),
  )

  app.get('/healthz', async (c) => {
    try {
      // Past any reuse of recent reads: health is whether the store answers now.
      await store.readFeedState(undefined, { fresh: true })
    } catch (error) {
      if (error instanceof UnavailableError) {
        return c.json({ status: 'unavailable' }, 503, {
          ...noSniff,
          'Cache-Control': 'no-store',
          'Retry-After': String(retryAfterSeconds),
        })
      }
      throw error
    }
    return c.json({ status: 'ok' }, 200, { ...noSniff, 'Cache-Control': 'no-store' })
  })

  // Every route answers GET and HEAD only; any other method on them is a 405 naming those.
  for (const path of ['/', ...feedPaths(), '/articles/:file', faviconPath, '/healthz'])
    allowOnly(app, path, ['GET', 'HEAD'])

  return app
}

/**
 * The slug a path segment means when it is the slug in another Unicode form (NFD, as some systems
 * write file names and URLs, or a compatibility twin such as `ﬁnance`, the folded form slugs are
 * stored in): one URL per resource, so its caches and its links stay one.
 */
function canonicalSlug(segment: string): string | undefined {
  const folded = foldGivenSlug(segment)
  return folded !== segment && isSlug(folded) ? folded : undefined
}

/** 301 to the canonical URL, percent-encoded ASCII as every URL the site writes. */
function redirectTo(c: Context<AppEnv>, url: string): Response {
  return c.body(null, 301, { Location: url, 'Cache-Control': 'public, max-age=86400', ...noSniff })
}

function feedPaths(): string[] {
  return (Object.keys(feedFormats) as FeedFile[]).flatMap((file) => [
    `/${file}`,
    `/categories/:category/${file}`,
  ])
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

/** The category's display name as its articles give it; the slug when the page is empty. */
function categoryOf(items: readonly Article[], slug: string | undefined): Category | undefined {
  if (slug === undefined) return undefined
  for (const item of items) {
    const found = item.categories.find((c) => c.slug === slug)
    if (found) return found
  }
  return { slug, name: slug }
}

/** `Cache-Control` that never lets a cache keep the response past the moment the next article falls due. */
export function cacheControl(nowMs: number, nextDueMs: number | undefined): string {
  const untilDue =
    nextDueMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((nextDueMs - nowMs) / 1000))
  const maxAge = Math.min(lifetimes.maxAge, untilDue)
  const sMaxAge = Math.min(lifetimes.sMaxAge, untilDue)
  const swr = Math.min(lifetimes.staleWhileRevalidate, untilDue - sMaxAge)
  return `public, max-age=${maxAge}, s-maxage=${sMaxAge}, stale-while-revalidate=${swr}, stale-if-error=${lifetimes.staleIfError}`
}
