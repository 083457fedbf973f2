import type { Article, Category } from '../articles/article.ts'
import { categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { categoryFeedUrl, renderDocument } from './page-parts.ts'
import { renderScopePageHead } from './scope-page-head.ts'
import { renderScopeListing } from './scope-page-listing.ts'
import { renderTopicNav } from './topic-nav.ts'

export interface TopicPageInput {
  readonly site: Site
  readonly category: Category
  /** The page's articles, newest first, as the store lists them for the category. */
  readonly articles: readonly Article[]
  /** Where the older articles continue, when there are any. */
  readonly nextUrl?: string
  /** The main topics, for the navigation (`mainTopics`); no navigation when absent. */
  readonly topics?: readonly Category[]
}

/**
 * A topic page: the latest articles of one category, its three feeds (in the head for
 * autodiscovery, and visibly), and a link to older articles when `nextUrl` is given.
 */
export function renderTopicPage(input: TopicPageInput): string {
  const { site, category, articles, nextUrl, topics } = input
  const title = feedTitle(site, category)
  const description = `The latest ${category.name} articles from ${site.title}.`
  const head = renderScopePageHead({
    site,
    title,
    description,
    canonicalUrl: categoryUrl(site.url, category.slug),
    feedUrl: (format) => categoryFeedUrl(site, category.slug, format),
    ...(nextUrl !== undefined ? { nextUrl } : {}),
    ogType: 'website',
  })
  const main = lines([
    html`<h1>${category.name}</h1>`,
    renderScopeListing({
      site,
      name: category.name,
      scope: { topic: category.slug },
      articles,
      nextUrl,
      empty: `Nothing is published in ${category.name} at the moment.`,
    }),
    html`<p><a href="${categoriesUrl(site.url)}">All topics</a></p>`,
  ])
  return renderDocument({
    site,
    title,
    head,
    main,
    isHome: false,
    ...(topics !== undefined ? { nav: renderTopicNav(site, topics, category.slug) } : {}),
  })
}
