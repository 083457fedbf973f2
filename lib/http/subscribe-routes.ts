import { type Context, Hono } from 'hono'
import { NotFoundError, ValidationError } from '../articles/errors.ts'
import { isSlug } from '../articles/slug.ts'
import { subscribePageSecurityHeaders } from '../pages/subscribe-script.ts'
import type { AppEnv } from './app-base.ts'
import { readAuthorPage } from './author-routes.ts'
import { entryCacheHeaders, redirectCacheControl } from './cache-policy.ts'
import { categoryNamed } from './category-named.ts'
import { unknownCategory } from './feed-page-cache.ts'
import { loadPageRenderers } from './page-renderers.ts'
import { logStaleServed, type PublicRouteDeps } from './public-route-deps.ts'
import { Representation, sendRepresentation } from './representation.ts'

/**
 * `/subscribe/` (the site's feeds), `/subscribe/?topic={slug}` (a topic's) and `?author={slug}` (an
 * author's): how to follow them
 * (`renderSubscribePage`). A topic's page answers like its feeds (404 for a category readers cannot
 * see) from the same cached first page, so it costs what the topic page costs; the site's needs the
 * same feed state read, which keeps its answers in step with the store's health and scheduled articles.
 */
export function subscribeRoutes(deps: PublicRouteDeps): Hono<AppEnv> {
  const { site, feedCache } = deps
  const routes = new Hono<AppEnv>()

  routes.get('/subscribe', (c) => {
    const target = new URL(c.req.url)
    return c.body(null, 301, {
      Location: `${site.url}/subscribe/${target.search}`,
      'Cache-Control': redirectCacheControl,
    })
  })

  routes.get('/subscribe/', async (c) => {
    const author = c.req.query('author')
    if (author !== undefined) return loadAuthorSubscribePage(c, deps, author)
    const topic = c.req.query('topic')
    if (topic !== undefined && !isSlug(topic)) throw unknownCategory(topic)
    const { entry, stale } = await feedCache.get(topic, undefined)
    let rep = entry.renders.get('subscribe')
    if (!rep) {
      const category = topic === undefined ? undefined : categoryNamed(entry.page.items, topic)
      const { renderSubscribePage } = await loadPageRenderers()
      rep = new Representation(
        renderSubscribePage({ site, ...(category !== undefined ? { category } : {}) }),
        'text/html; charset=utf-8',
      )
      entry.renders.set('subscribe', rep)
    }
    if (stale) logStaleServed(deps, c, entry)
    return sendRepresentation(c, rep, 200, {
      ...entryCacheHeaders(entry, stale, deps.clock().getTime(), 'html'),
      ...subscribePageSecurityHeaders,
    })
  })

  return routes
}

/**
 * `/subscribe/?author={slug}`: an author's feeds, answered like the author page (404 for an author
 * with no public article; `topic` together with it is a 400 naming `author`).
 */
async function loadAuthorSubscribePage(c: Context<AppEnv>, deps: PublicRouteDeps, slug: string) {
  if (c.req.query('topic') !== undefined)
    throw new ValidationError([{ path: 'author', message: 'give a topic or an author, not both' }])
  if (!isSlug(slug)) throw new NotFoundError(`no author "${slug.slice(0, 100)}"`)
  const { author, headers } = await readAuthorPage(deps, slug, undefined)
  const { renderSubscribePage } = await loadPageRenderers()
  const rep = new Representation(renderSubscribePage({ site: deps.site, author }), 'text/html; charset=utf-8')
  return sendRepresentation(c, rep, 200, { ...subscribePageSecurityHeaders, ...headers })
}
