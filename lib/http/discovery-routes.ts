import type { Context, Hono } from 'hono'
import { NotFoundError } from '../articles/errors.ts'
import { authorsUrl, authorUrl, categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import { boundedLru } from '../bounded-lru.ts'
import { maxNewsUrls, newsWindowMs, renderNewsSitemap } from '../discovery/render-news-sitemap.ts'
import { renderOpml } from '../discovery/render-opml.ts'
import { renderRobots } from '../discovery/render-robots.ts'
import { articleUrls, maxSitemapUrls, renderSitemapIndex, renderUrlSet } from '../discovery/render-sitemap.ts'
import { authorsIndex, type IndexKind, topicsIndex } from '../pages/index-kinds.ts'
import type { AppEnv } from './app-base.ts'
import { entryCacheHeaders } from './cache-policy.ts'
import { authorListScope, categoryListScope } from './feed-cursors.ts'
import { loadPageRenderers } from './page-renderers.ts'
import { logStaleServed, type PublicRouteDeps } from './public-route-deps.ts'
import { Representation, sendRepresentation } from './representation.ts'
import { registerTopicRoutes } from './topic-routes.ts'

const xmlType = 'application/xml; charset=utf-8'
/** OPML has no registered media type; this is the one readers and browsers know it by. */
const opmlType = 'text/x-opml; charset=utf-8'
/** A discovery file is rebuilt at most this often per instance without a write (a missed one, time passing). */
const maxFileAgeMs = 60_000
/**
 * Categories (or authors) per page of `/feeds.opml`, `/categories/` and `/authors/`: about 1.3 MB of
 * OPML (a Lambda answer may take 6 MB, and an OPML page holds at most one page of each), and one Query
 * of the registry or two. Later pages are `?after=<signed cursor>` (`?authors-after=` in the OPML).
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
  const files = boundedLru<string, CachedFile>(
    { maxEntries: 2000, maxBytes: 32 * 2 ** 20 },
    (file) => file.rep.body.byteLength * 2 + 256,
  )

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

  const lists = {
    categories: { scope: categoryListScope, read: store.listCategoryPage.bind(store) },
    authors: { scope: authorListScope, read: store.listAuthorPage.bind(store) },
  }

  /** The page of a registry's list `?{param}=` names (the first without it), and its own and next URLs. */
  function namedListPage(c: Context<AppEnv>, base: string, list: keyof typeof lists, param = 'after') {
    const { scope, read } = lists[list]
    const signed = c.req.query(param)
    const cursor = signed === undefined ? undefined : cursors.verify(scope, signed, param)
    const urlOf = (s: string) => `${base}?${param}=${s}`
    return {
      key: signed ?? '',
      ...(signed !== undefined ? { url: urlOf(signed) } : {}),
      read: async (now: Date) => {
        const page = await read({
          now,
          limit: categoriesPerPage,
          ...(cursor !== undefined ? { cursor } : {}),
        })
        const next = page.nextCursor
        return {
          entries: page.items,
          ...(next !== undefined ? { nextUrl: urlOf(cursors.sign(scope, next)) } : {}),
        }
      },
    }
  }

  const indexPages: [string, keyof typeof lists, IndexKind][] = [
    ['topics', 'categories', topicsIndex],
    ['authors', 'authors', authorsIndex],
  ]
  for (const [name, list, kind] of indexPages) {
    app.get(new URL(kind.url(site.url)).pathname, (c) => {
      const page = namedListPage(c, kind.url(site.url), list)
      return sendFile(
        c,
        `${name}|${page.key}`,
        async (now) => {
          const { entries, nextUrl } = await page.read(now)
          const { renderTopicsPage } = await loadPageRenderers()
          return new Representation(
            renderTopicsPage(
              site,
              entries,
              {
                ...(page.url !== undefined ? { url: page.url } : {}),
                ...(nextUrl !== undefined ? { nextUrl } : {}),
              },
              kind,
            ),
            'text/html; charset=utf-8',
          )
        },
        true,
      )
    })
  }

  // The categories' pages, then the authors': the page where the categories end starts the authors.
  app.get('/feeds.opml', (c) => {
    const base = `${site.url}/feeds.opml`
    const byAuthor = c.req.query('authors-after') !== undefined
    const categoryPage = namedListPage(c, base, 'categories')
    const authorPage = namedListPage(c, base, 'authors', 'authors-after')
    const key = byAuthor ? `@${authorPage.key}` : categoryPage.key
    return sendFile(c, `opml|${key}`, async (now) => {
      const categories = byAuthor ? { entries: [] } : await categoryPage.read(now)
      const authors = categories.nextUrl === undefined ? await authorPage.read(now) : undefined
      const nextUrl = categories.nextUrl ?? authors?.nextUrl
      return new Representation(
        renderOpml({
          site,
          categories: categories.entries,
          authors: authors?.entries ?? [],
          ...(byAuthor || categoryPage.url !== undefined ? { continued: true } : {}),
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
        const [categories, authors] = await Promise.all([store.listCategories(now), store.listAuthors(now)])
        const urls = [
          `${site.url}/`,
          categoriesUrl(site.url),
          ...categories.map((x) => categoryUrl(site.url, x.slug)),
          authorsUrl(site.url),
          ...authors.map((x) => authorUrl(site.url, x.slug)),
        ].slice(0, maxSitemapUrls)
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
