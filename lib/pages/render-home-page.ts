import type { Article } from '../articles/article.ts'
import { byline } from '../articles/byline.ts'
import { permalink } from '../articles/permalink.ts'
import type { Site } from '../site.ts'
import { html, lines, type SafeHtml } from './html.ts'
import { renderByline, renderDocument, renderFeedAlternates, renderTime } from './page-parts.ts'

export interface HomePageInput {
  readonly site: Site
  /** The page's articles, newest first, as the store lists them. */
  readonly articles: readonly Article[]
  /** Where the older articles continue, when there are any. */
  readonly nextUrl?: string
}

/**
 * The front page: the latest articles with their summaries, links to the three site feeds (in the
 * head for autodiscovery, and visibly in the footer), and a link to older articles when `nextUrl`
 * is given.
 */
export function renderHomePage(input: HomePageInput): string {
  const { site, articles, nextUrl } = input

  const head = lines([
    html`<meta name="description" content="${site.description}">`,
    renderFeedAlternates(site),
    nextUrl !== undefined && html`<link rel="next" href="${nextUrl}">`,
    html`<meta property="og:type" content="website">`,
    html`<meta property="og:site_name" content="${site.title}">`,
    html`<meta property="og:title" content="${site.title}">`,
    html`<meta property="og:description" content="${site.description}">`,
    html`<meta name="twitter:card" content="summary">`,
  ])

  const main = lines([
    articles.length === 0
      ? html`<p class="empty">No articles have been published yet. Subscribe to a feed below to hear about the first one.</p>`
      : lines([
          html`<ol class="article-list">`,
          articles.map((article) => renderArticleListItem(article, site)),
          html`</ol>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">Older articles</a></p>`,
  ])

  return renderDocument({ site, title: site.title, head, main, isHome: true })
}

/** One article of a list page (the front page, a topic page): title, date, byline, summary. */
export function renderArticleListItem(article: Article, site: Site): SafeHtml {
  const { authors, published } = byline(article, site)
  return lines([
    html`<li>`,
    html`<article>`,
    html`<h2><a href="${permalink(site.url, article.slug)}">${article.title}</a></h2>`,
    html`<div class="meta">`,
    html`<p>${renderTime(published)}</p>`,
    html`<p class="byline">${renderByline(authors)}</p>`,
    html`</div>`,
    html`<p class="summary">${article.summary}</p>`,
    html`</article>`,
    html`</li>`,
  ])
}
