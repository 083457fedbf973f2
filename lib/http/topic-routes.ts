import type { Hono } from 'hono'
import { categoryUrl } from '../articles/permalink.ts'
import { isSlug } from '../articles/slug.ts'
import type { AppEnv } from './app-base.ts'
import { categoryNamed } from './category-named.ts'
import { unknownCategory } from './feed-page-cache.ts'
import { renderListingPage } from './listing-page.ts'
import { NavStamps, navTopicsFor } from './nav-topics.ts'
import type { PublicRouteDeps } from './public-route-deps.ts'

/** What the topic pages need of the public app. */
export type TopicRouteDeps = Pick<PublicRouteDeps, 'site' | 'feedCache' | 'cursors' | 'clock' | 'logger'>

/**
 * The slug a path segment names: itself when it follows the public slug rules, its NFC form when
 * only its Unicode form differs (NFD, as some systems write URLs); anything else is a category
 * nobody can have.
 */
function canonicalCategory(segment: string): string {
  if (isSlug(segment)) return segment
  const nfc = segment.normalize('NFC')
  if (isSlug(nfc)) return nfc
  throw unknownCategory(segment)
}

/**
 * Topic pages (`/categories/{slug}/`): exactly what the category feeds answer, as a page, paged like
 * the front page from the same cache as the category feeds.
 */
export function registerTopicRoutes(app: Hono<AppEnv>, deps: TopicRouteDeps): void {
  const { site, feedCache, cursors } = deps
  const navStamps = new NavStamps()

  app.get('/categories/:category', (c) => {
    const category = canonicalCategory(c.req.param('category'))
    const target = new URL(c.req.url)
    return c.body(null, 301, {
      Location: `${categoryUrl(site.url, category)}${target.search}`,
      'Cache-Control': 'public, max-age=86400',
    })
  })

  app.get('/categories/:category/', async (c) => {
    const given = c.req.param('category')
    const category = canonicalCategory(given)
    if (category !== given) {
      // The slug in another Unicode form (NFD): one URL per topic, as for its feeds and articles.
      return c.body(null, 301, {
        Location: `${categoryUrl(site.url, category)}${new URL(c.req.url).search}`,
        'Cache-Control': 'public, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
      })
    }
    const signed = c.req.query('before')
    const cursor = signed === undefined ? undefined : cursors.verify(category, signed)
    const result = await feedCache.get(category, cursor)
    const { page } = result.entry
    const topics = await navTopicsFor(site, feedCache, page.items)
    const next = page.nextCursor
    return renderListingPage(c, deps, navStamps, result, topics, 'topic', ({ renderTopicPage }) =>
      renderTopicPage({
        site,
        category: categoryNamed(page.items, category),
        articles: page.items,
        ...(next !== undefined
          ? { nextUrl: `${categoryUrl(site.url, category)}?before=${cursors.sign(category, next)}` }
          : {}),
        topics,
      }),
    )
  })
}
