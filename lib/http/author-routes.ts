import type { Context, Hono } from 'hono'
import type { Article } from '../articles/article.ts'
import type { ArticleStore } from '../articles/article-store.ts'
import { authorSlug } from '../articles/author-slug.ts'
import { NotFoundError } from '../articles/errors.ts'
import { authorUrl } from '../articles/permalink.ts'
import { foldGivenSlug, isSlug } from '../articles/slug.ts'
import { newestChange, newestWrite } from '../feeds/dates.ts'
import { renderAtom } from '../feeds/render-atom.ts'
import { renderJsonFeed } from '../feeds/render-json-feed.ts'
import { renderRss } from '../feeds/render-rss.ts'
import { renderAuthorPage } from '../pages/render-author-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { Site } from '../site.ts'
import { type AppEnv, allowOnly } from './app-base.ts'
import { feedContentOf, feedPageUrl } from './feed-content.ts'
import type { FeedCursors } from './feed-cursors.ts'
import { Representation, sendRepresentation, stableLastModified } from './representation.ts'

const authorFeeds = {
  'rss.xml': { contentType: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { contentType: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.json': { contentType: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const
type AuthorFeedFile = keyof typeof authorFeeds

export interface AuthorRouteDeps {
  readonly site: Site
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly feedPageSize: number
  readonly cursors: FeedCursors
  /** The public app's `Cache-Control` rule: never past the next scheduled article. */
  readonly cacheControl: (nowMs: number, nextDueMs: number | undefined) => string
}

/** The scope of an author's page cursors: no category slug holds `@`, so they never pass for a category's. */
function authorScope(slug: string): string {
  return `@author:${slug}`
}

/**
 * `/authors/{slug}/` and its `rss.xml`, `atom.xml` and `feed.json`: one author's published articles,
 * newest first, from the `author{i}` indexes (a constant number of Queries per page, never a scan).
 * An author slug no published article has is a 404.
 */
export function registerAuthorRoutes(app: Hono<AppEnv>, deps: AuthorRouteDeps): void {
  const { site, store, clock, cursors } = deps

  async function load(c: Context<AppEnv>, slug: string) {
    const signed = c.req.query('before')
    const cursor = signed === undefined ? undefined : cursors.verify(authorScope(slug), signed)
    const now = clock()
    const [page, nextDue] = await Promise.all([
      store.listPublished({ now, limit: deps.feedPageSize, author: slug, ...(cursor ? { cursor } : {}) }),
      store.nextScheduled({ now, author: slug }),
    ])
    if (page.items.length === 0 && signed === undefined) throw new NotFoundError(`no author "${slug}"`)
    const nextDueMs = nextDue === undefined ? undefined : Date.parse(nextDue)
    return {
      page,
      signed,
      next: page.nextCursor === undefined ? undefined : cursors.sign(authorScope(slug), page.nextCursor),
      author: { slug, name: authorNameOf(page.items, slug) },
      nowMs: now.getTime(),
      cacheControl: deps.cacheControl(now.getTime(), nextDueMs),
    }
  }

  /** The canonical slug of a path segment, a 301 to it when it is another Unicode form, or a 404. */
  function canonical(c: Context<AppEnv>, given: string, file: string): Response | string {
    if (isSlug(given)) return given
    const folded = foldGivenSlug(given)
    if (folded === given || !isSlug(folded)) throw new NotFoundError(`no author "${given.slice(0, 100)}"`)
    return c.body(null, 301, {
      Location: `${authorUrl(site.url, folded)}${file}${new URL(c.req.url).search}`,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    })
  }

  // The address without the slash: the page's one URL is with it.
  app.get('/authors/:author', (c) =>
    c.body(null, 301, {
      Location: `${authorUrl(site.url, c.req.param('author'))}${new URL(c.req.url).search}`,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    }),
  )

  app.get('/authors/:author/', async (c) => {
    const slug = canonical(c, c.req.param('author'), '')
    if (slug instanceof Response) return slug
    const { page, next, author, cacheControl } = await load(c, slug)
    const rep = new Representation(
      renderAuthorPage({
        site,
        author,
        articles: page.items,
        ...(next !== undefined ? { nextUrl: `${authorUrl(site.url, slug)}?before=${next}` } : {}),
      }),
      'text/html; charset=utf-8',
    )
    return sendRepresentation(c, rep, 200, { ...pageSecurityHeaders, 'Cache-Control': cacheControl })
  })

  for (const file of Object.keys(authorFeeds) as AuthorFeedFile[]) {
    const format = authorFeeds[file]
    app.get(`/authors/:author/${file}`, async (c) => {
      const slug = canonical(c, c.req.param('author'), file)
      if (slug instanceof Response) return slug
      const content = feedContentOf(c.req.query('content'))
      const { page, signed, next, author, nowMs, cacheControl } = await load(c, slug)
      const path = `${authorUrl(site.url, slug)}${file}`
      const body = format.render({
        site,
        author,
        items: page.items,
        selfUrl: feedPageUrl(path, signed, content),
        alternateUrl: authorUrl(site.url, slug),
        ...(next !== undefined ? { nextUrl: feedPageUrl(path, next, content) } : {}),
        updated: newestChange(page.items),
        ...(content !== undefined || site.feedContent === 'summary' ? { summaryOnly: true } : {}),
      })
      // Later pages shift under new articles without their own items changing: no Last-Modified.
      const lastModified =
        signed === undefined ? stableLastModified(newestWrite(page.items), nowMs) : undefined
      const rep = new Representation(body, format.contentType, lastModified)
      return sendRepresentation(c, rep, 200, {
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': cacheControl,
      })
    })
  }

  for (const path of authorRoutePaths()) allowOnly(app, path, ['GET', 'HEAD'])
}

/** The paths of the author routes (for the one-URL rule and `Allow`). */
export function authorRoutePaths(): string[] {
  return [
    '/authors/:author',
    '/authors/:author/',
    ...Object.keys(authorFeeds).map((file) => `/authors/:author/${file}`),
  ]
}

/** The author's name as their newest article gives it; the slug when the page is empty. */
function authorNameOf(items: readonly Article[], slug: string): string {
  for (const item of items) {
    const found = item.authors.find((a) => authorSlug(a.name) === slug)
    if (found) return found.name
  }
  return slug
}
