import { type Context, Hono } from 'hono'
import type { Article } from '../articles/article.ts'
import { authorSlug } from '../articles/author-slug.ts'
import { NotFoundError } from '../articles/errors.ts'
import { authorUrl } from '../articles/permalink.ts'
import { isSlug } from '../articles/slug.ts'
import { newestChange, newestWrite } from '../feeds/dates.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { AppEnv } from './app-base.ts'
import { cacheControl, noSniff } from './cache-policy.ts'
import { feedContentOf, feedPageUrl } from './feed-content.ts'
import { type FeedFile, feedFiles, feedFormats } from './feed-formats.ts'
import { withHubLinks } from './hub-links.ts'
import { loadPageRenderers } from './page-renderers.ts'
import type { PublicRouteDeps } from './public-route-deps.ts'
import { Representation, sendRepresentation, stableLastModified } from './representation.ts'
import { canonicalSlug, redirectTo } from './slug-redirect.ts'

/** The scope of an author's page cursors: no category slug holds `@`, so they never pass for a category's. */
function authorScope(slug: string): string {
  return `@author:${slug}`
}

/**
 * `/authors/{slug}/` and its `rss.xml`, `atom.xml` and `feed.json`: one author's published articles,
 * newest first, from the author entries (one Query of the author's partition and one BatchGetItem of
 * the page, never a scan). An author slug no published article has is a 404.
 */
export function authorRoutes(deps: PublicRouteDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  // The address without the slash: the page's one URL is with it.
  routes.get('/authors/:author', (c) =>
    redirectTo(c, `${authorUrl(deps.site.url, c.req.param('author'))}${new URL(c.req.url).search}`),
  )
  routes.get('/authors/:author/', async (c) => {
    const slug = canonicalAuthor(c, deps, '')
    if (slug instanceof Response) return slug
    const [{ page, next, author, headers }, profile] = await Promise.all([
      readAuthorPage(deps, slug, c.req.query('before')),
      deps.store.findAuthorProfile(slug),
    ])
    const nextUrl = next === undefined ? undefined : `${authorUrl(deps.site.url, slug)}?before=${next}`
    const { renderAuthorPage } = await loadPageRenderers()
    const html = renderAuthorPage({
      site: deps.site,
      author,
      articles: page.items,
      ...(nextUrl !== undefined ? { nextUrl } : {}),
      ...(profile !== undefined ? { profile } : {}),
    })
    const rep = new Representation(html, 'text/html; charset=utf-8')
    return sendRepresentation(c, rep, 200, { ...pageSecurityHeaders, ...headers })
  })
  for (const file of feedFiles) {
    routes.get(`/authors/:author/${file}`, async (c) => {
      const slug = canonicalAuthor(c, deps, file)
      if (slug instanceof Response) return slug
      return renderAuthorFeed(c, deps, slug, file)
    })
  }
  return routes
}

/** One author feed page in one format. */
async function renderAuthorFeed(
  c: Context<AppEnv>,
  deps: PublicRouteDeps,
  slug: string,
  file: FeedFile,
): Promise<Response> {
  const { site } = deps
  const format = feedFormats[file]
  const content = feedContentOf(c.req.query('content'))
  const [{ page, signed, next, author: named, nowMs, headers }, profile] = await Promise.all([
    readAuthorPage(deps, slug, c.req.query('before')),
    deps.store.findAuthorProfile(slug),
  ])
  const author = {
    ...named,
    ...(profile?.url !== undefined ? { url: profile.url } : {}),
    ...(profile?.avatar !== undefined ? { avatar: profile.avatar } : {}),
  }
  const path = `${authorUrl(site.url, slug)}${file}`
  // The summary variant is its own representation; no hub announces it (they are pinged for the feed as is).
  const hubs = content === undefined ? (deps.websubHubs ?? []) : []
  const body = format.render({
    site,
    author,
    items: page.items,
    selfUrl: feedPageUrl(path, signed, content),
    alternateUrl: authorUrl(site.url, slug),
    ...(next !== undefined ? { nextUrl: feedPageUrl(path, next, content) } : {}),
    updated: newestChange(page.items),
    hubs,
    ...(content !== undefined || site.feedContent === 'summary' ? { summaryOnly: true } : {}),
  })
  // Later pages shift under new articles without their own items changing: no Last-Modified.
  const lastModified = signed === undefined ? stableLastModified(newestWrite(page.items), nowMs) : undefined
  const rep = new Representation(body, format.contentType, lastModified)
  const withHubs = withHubLinks({ ...noSniff, ...headers }, hubs, feedPageUrl(path, signed, content))
  return sendRepresentation(c, rep, 200, withHubs)
}

/**
 * One page of an author's articles (the first, or the one a signed `before` cursor names), their
 * name as the newest article gives it, and the `Cache-Control` of anything built from it. A 404 for
 * an author with no public article.
 */
export async function readAuthorPage(deps: PublicRouteDeps, slug: string, signed: string | undefined) {
  const { store, cursors } = deps
  const cursor = signed === undefined ? undefined : cursors.verify(authorScope(slug), signed)
  const now = deps.clock()
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
    headers: { 'Cache-Control': cacheControl(now.getTime(), nextDueMs) },
  }
}

/** The canonical slug of a path segment, a 301 to it when it is another Unicode form, or a 404. */
function canonicalAuthor(c: Context<AppEnv>, deps: PublicRouteDeps, file: string): Response | string {
  const given = c.req.param('author') ?? ''
  if (isSlug(given)) return given
  const canonical = canonicalSlug(given)
  if (canonical === undefined) throw new NotFoundError(`no author "${given.slice(0, 100)}"`)
  return redirectTo(c, `${authorUrl(deps.site.url, canonical)}${file}${new URL(c.req.url).search}`)
}

/** The author's name as their newest article gives it; the slug when the page is empty. */
function authorNameOf(items: readonly Article[], slug: string): string {
  for (const item of items) {
    const found = item.authors.find((a) => authorSlug(a.name) === slug)
    if (found) return found.name
  }
  return slug
}
