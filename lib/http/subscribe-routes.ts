import type { Context, Hono } from 'hono'
import type { Article, Category } from '../articles/article.ts'
import { isSlug } from '../articles/slug.ts'
import { renderSubscribePage } from '../pages/render-subscribe-page.ts'
import { subscribePageSecurityHeaders } from '../pages/subscribe-script.ts'
import { type AppEnv, allowOnly } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import type { FeedPageCache, FeedPageEntry } from './feed-page-cache.ts'
import { unknownCategory } from './feed-page-cache.ts'
import { Representation, sendRepresentation } from './representation.ts'

/** What the public app shares with the subscribe page. */
export interface SubscribeRouteDeps extends PublicAppDeps {
  readonly feedCache: FeedPageCache
  /** Headers of an answer built from `entry`: `page` for HTML, else `nosniff` only. */
  readonly cacheHeaders: (entry: FeedPageEntry, stale: boolean, page?: boolean) => Record<string, string>
  readonly logStale: (c: Context<AppEnv>, entry: FeedPageEntry) => void
}

/**
 * `/subscribe/` (the site's feeds) and `/subscribe/?topic={slug}` (a topic's): how to follow them
 * (`renderSubscribePage`). A topic's page answers like its feeds (404 for a category readers cannot
 * see) from the same cached first page, so it costs what the topic page costs; the site's needs the
 * same feed state read, which keeps its answers in step with the store's health and scheduled articles.
 */
export function registerSubscribeRoutes(app: Hono<AppEnv>, deps: SubscribeRouteDeps): void {
  const { site, feedCache } = deps

  app.get('/subscribe', (c) => {
    const target = new URL(c.req.url)
    return c.body(null, 301, {
      Location: `${site.url}/subscribe/${target.search}`,
      'Cache-Control': 'public, max-age=86400',
    })
  })

  app.get('/subscribe/', async (c) => {
    const topic = c.req.query('topic')
    if (topic !== undefined && !isSlug(topic)) throw unknownCategory(topic)
    const { entry, stale } = await feedCache.get(topic, undefined)
    let rep = entry.renders.get('subscribe')
    if (!rep) {
      const category = topic === undefined ? undefined : categoryNamed(entry.page.items, topic)
      rep = new Representation(
        renderSubscribePage({ site, ...(category !== undefined ? { category } : {}) }),
        'text/html; charset=utf-8',
      )
      entry.renders.set('subscribe', rep)
    }
    if (stale) deps.logStale(c, entry)
    return sendRepresentation(c, rep, 200, {
      ...deps.cacheHeaders(entry, stale, true),
      ...subscribePageSecurityHeaders,
    })
  })

  for (const path of ['/subscribe', '/subscribe/']) allowOnly(app, path, ['GET', 'HEAD'])
}

/** The category's display name as its articles give it; the slug when the page is empty. */
function categoryNamed(items: readonly Article[], slug: string): Category {
  for (const item of items) {
    const found = item.categories.find((c) => c.slug === slug)
    if (found) return found
  }
  return { slug, name: slug }
}
