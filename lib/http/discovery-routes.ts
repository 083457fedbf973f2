import type { Context, Hono } from 'hono'
import { LRUCache } from 'lru-cache'
import { NotFoundError } from '../articles/errors.ts'
import { categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import { maxNewsUrls, newsWindowMs, renderNewsSitemap } from '../discovery/render-news-sitemap.ts'
import { renderOpml } from '../discovery/render-opml.ts'
import { renderRobots } from '../discovery/render-robots.ts'
import { articleUrls, maxSitemapUrls, renderSitemapIndex, renderUrlSet } from '../discovery/render-sitemap.ts'
import { renderTopicsPage } from '../pages/render-topics-page.ts'
import type { AppEnv } from './app-base.ts'
import { entryCacheHeaders } from './cache-policy.ts'
import { categoryListScope } from './feed-cursors.ts'
import { logStaleServed, type PublicRouteDeps } from './public-route-deps.ts'
import { Representation, sendRepresentation } from './representation.ts'
import { registerTopicRoutes } from './topic-routes.ts'

const xmlType = 'application/xml; charset=utf-8'
/** OPML has no registered media type; this is the one readers and browsers know it by. */
const opmlType = 'text/x-opml; charset=utf-8'
/** A discovery file is rebuilt at most this often per instance without a write (a missed one, time passing). */
const maxFileAgeMs = 60_000
/**
 * Categories per page of `/feeds.opml` and `/categories/`: about 1.3 MB of OPML (a Lambda answer
 * may take 6 MB), and one Query of the registry or two. Later pages are `?after=<signed cursor>`.
 */
export const categoriesPerPage = 5000

interface CachedFile {
  readonly version: number
  readonly loadedAtMs: number
  readonly rep: Representation
}

/**
 * Topic pages (`/categories/{slug}/`: `topic-routes.ts`), the topic index `/categories/` and the
 * discovery files (`/feeds.opml`, `/sitemap.xml` with its children under `/sitemaps/`,
 * `/news-sitemap.xml`, `/robots.txt`). The index and the files are built from the registries and the `published` index (never a scan), kept per
 * instance for the site's feed-state version (every write that can change them moves it), and
 * never past the next scheduled article or a minute.
 */
export function registerDiscoveryRoutes(app: Hono<AppEnv>, deps: PublicRouteDeps): void {
  const { site, store, clock, feedCache, cursors } = deps
  registerTopicRoutes(app, deps)
  const files = new LRUCache<string, CachedFile>({
    max: 2000,
    maxSize: 32 * 2 ** 20,
    sizeCalculation: (file) => file.rep.body.byteLength * 2 + 256,
  })

  /** `build()`'s file at `key`, reused while the site's version and time allow; then the headers it goes with. */
  async function sendFile(
    c: Context<AppEnv>,
    key: string,
    build: (now: Date) => Promise<Representation>,
    page = false,
  ): Promise<Response> {
    const { entry, stale } = await feedCache.get(undefined, undefined)
    const nowMs = clock().getTime()
    let file = files.get(key)
    const fresh =
      file !== undefined &&
      (stale ||
        (file.version === entry.state.version &&
          nowMs - file.loadedAtMs < maxFileAgeMs &&
          (entry.nextDueMs === undefined || nowMs < entry.nextDueMs)))
    if (!fresh || file === undefined) {
      file = { version: entry.state.version, loadedAtMs: nowMs, rep: await build(new Date(nowMs)) }
      files.set(key, file)
    }
    if (stale) logStaleServed(deps, c, entry)
    return sendRepresentation(
      c,
      file.rep,
      200,
      entryCacheHeaders(entry, stale, nowMs, page ? 'html' : 'document'),
    )
  }

  /** The page of the category list `?after=` names (the first without it), and its own and next URLs. */
  function categoryListPage(c: Context<AppEnv>, base: string) {
    const signed = c.req.query('after')
    const cursor = signed === undefined ? undefined : cursors.verify(categoryListScope, signed, 'after')
    const urlOf = (s: string) => `${base}?after=${s}`
    return {
      key: signed ?? '',
      ...(signed !== undefined ? { url: urlOf(signed) } : {}),
      read: async (now: Date) => {
        const page = await store.listCategoryPage({
          now,
          limit: categoriesPerPage,
          ...(cursor !== undefined ? { cursor } : {}),
        })
        const next = page.nextCursor
        return {
          categories: page.items,
          ...(next !== undefined ? { nextUrl: urlOf(cursors.sign(categoryListScope, next)) } : {}),
        }
      },
    }
  }

  app.get('/categories/', (c) => {
    const page = categoryListPage(c, categoriesUrl(site.url))
    return sendFile(
      c,
      `topics|${page.key}`,
      async (now) => {
        const { categories, nextUrl } = await page.read(now)
        return new Representation(
          renderTopicsPage(site, categories, {
            ...(page.url !== undefined ? { url: page.url } : {}),
            ...(nextUrl !== undefined ? { nextUrl } : {}),
          }),
          'text/html; charset=utf-8',
        )
      },
      true,
    )
  })

  app.get('/feeds.opml', (c) => {
    const page = categoryListPage(c, `${site.url}/feeds.opml`)
    return sendFile(c, `opml|${page.key}`, async (now) => {
      const { categories, nextUrl } = await page.read(now)
      return new Representation(
        renderOpml({
          site,
          categories,
          ...(page.url !== undefined ? { continued: true } : {}),
          ...(nextUrl !== undefined ? { nextUrl } : {}),
        }),
        opmlType,
      )
    })
  })

  app.get('/sitemap.xml', (c) =>
    sendFile(c, 'sitemap', async (now) => {
      const months = await store.listMonths(now)
      const children = ['pages', ...months].map((name) => `${site.url}/sitemaps/${name}.xml`)
      return new Representation(renderSitemapIndex(children), xmlType)
    }),
  )

  app.get('/sitemaps/:file', (c) => {
    const file = c.req.param('file')
    if (file === 'pages.xml') {
      return sendFile(c, 'sitemap:pages', async (now) => {
        const categories = await store.listCategories(now)
        const urls = [
          `${site.url}/`,
          categoriesUrl(site.url),
          ...categories.map((x) => categoryUrl(site.url, x.slug)),
        ]
        return new Representation(renderUrlSet(urls.map((loc) => ({ loc }))), xmlType)
      })
    }
    const month = /^(\d{4})-(0[1-9]|1[0-2])\.xml$/.exec(file)
    const from = month ? new Date(`${month[1]}-${month[2]}-01T00:00:00.000Z`) : undefined
    if (month === null || from === undefined || from.getTime() > clock().getTime())
      throw new NotFoundError(`no sitemap "${file.slice(0, 100)}"`)
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1))
    return sendFile(c, `sitemap:${file}`, async (now) => {
      // Only the months the index lists (one read of the month registry): any other answers 404, and
      // is never kept, so crawling made-up months cannot push real files out of the cache.
      if (!(await store.listMonths(now)).includes(file.slice(0, 7)))
        throw new NotFoundError(`no sitemap "${file.slice(0, 100)}"`)
      const entries = await store.listSitemapEntries({ from, to, now, limit: maxSitemapUrls })
      // No Last-Modified: a deletion changes the file without a newer date in it; the ETag validates.
      return new Representation(renderUrlSet(articleUrls(site.url, entries)), xmlType)
    })
  })

  app.get('/news-sitemap.xml', (c) =>
    sendFile(c, 'news', async (now) => {
      const from = new Date(now.getTime() - newsWindowMs)
      const entries = await store.listSitemapEntries({ from, to: now, now, limit: maxNewsUrls })
      return new Representation(renderNewsSitemap(site, entries), xmlType)
    }),
  )

  app.get('/robots.txt', (c) => {
    const rep = new Representation(renderRobots(site), 'text/plain; charset=utf-8')
    return sendRepresentation(c, rep, 200, {
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=3600, s-maxage=86400',
    })
  })
}
