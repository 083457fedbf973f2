import type { Article, Category } from '../articles/article.ts'
import { authorsUrl, categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import type { Site } from '../site.ts'
import { html, lines, type SafeHtml } from './html.ts'

/** How many topics the navigation names by default. */
export const defaultNavTopicCount = 6

/**
 * The topics the pages' navigation names. With `SITE_NAV_TOPICS`, those, in that order, each named
 * as the latest articles name it (its slug when none of them does). Otherwise the topics with the
 * most articles among `latest` (the front page's newest articles, which the page reads anyway), a
 * tie going to the topic with the newer article, at most {@link defaultNavTopicCount}.
 */
export function mainTopics(site: Site, latest: readonly Article[]): Category[] {
  const seen = new Map<string, { category: Category; count: number; first: number }>()
  latest.forEach((article, index) => {
    for (const category of article.categories) {
      const entry = seen.get(category.slug)
      if (entry) entry.count += 1
      else seen.set(category.slug, { category, count: 1, first: index })
    }
  })
  if (site.navTopics !== undefined) {
    return site.navTopics.map((slug) => seen.get(slug)?.category ?? { slug, name: slug })
  }
  return [...seen.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, defaultNavTopicCount)
    .map((entry) => entry.category)
}

/**
 * The navigation of the main topics, then every topic (`/categories/`), every author (`/authors/`) and every feed as OPML
 * (`/feeds.opml`); `current` is the slug of the topic page it is on.
 */
export function renderTopicNav(site: Site, topics: readonly Category[], current?: string): SafeHtml {
  // <bdi>: a topic named in another script keeps its own direction among the others.
  const item = (href: string, label: string, isCurrent = false) =>
    html`<li><a href="${href}"${isCurrent ? html` aria-current="page"` : ''}><bdi>${label}</bdi></a></li>`
  return lines([
    html`<nav class="topic-nav" aria-label="Topics">`,
    html`<ul>`,
    topics.map((topic) => item(categoryUrl(site.url, topic.slug), topic.name, topic.slug === current)),
    item(categoriesUrl(site.url), 'All topics'),
    item(authorsUrl(site.url), 'All authors'),
    item(`${site.url}/feeds.opml`, 'All feeds (OPML)'),
    html`</ul>`,
    html`</nav>`,
  ])
}
