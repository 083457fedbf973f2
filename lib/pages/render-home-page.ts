import type { Article, Category } from '../articles/article.ts'
import { byline } from '../articles/byline.ts'
import { permalink } from '../articles/permalink.ts'
import type { Site } from '../site.ts'
import { html, lines, type SafeHtml } from './html.ts'
import { renderByline, renderDocument, renderFeedAlternates, renderTime } from './page-parts.ts'
import { renderTopicNav } from './topic-nav.ts'
import { leadImageOf } from './web-url.ts'

export interface HomePageInput {
  readonly site: Site
  /** The page's articles, newest first, as the store lists them. */
  readonly articles: readonly Article[]
  /** Where the older articles continue, when there are any. */
  readonly nextUrl?: string
  /** The main topics, for the navigation (`mainTopics`); no navigation when absent. */
  readonly topics?: readonly Category[]
}

/**
 * The front page: the latest articles with their summaries, links to the three site feeds (in the
 * head for autodiscovery, and visibly in the footer), and a link to older articles when `nextUrl`
 * is given.
 */
export function renderHomePage(input: HomePageInput): string {
  const { site, articles, nextUrl, topics } = input

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
          articles.map((article, index) => renderArticleListItem(article, site, index)),
          html`</ol>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">Older articles</a></p>`,
  ])

  return renderDocument({
    site,
    title: site.title,
    head,
    main,
    isHome: true,
    ...(topics !== undefined ? { nav: renderTopicNav(site, topics) } : {}),
  })
}

/**
 * How many thumbnails at the top of a list load at once; the rest are `loading="lazy"`. Three fit
 * above the fold on a desktop and fill a phone's first screen, and a lazy image in view is one the
 * reader waits for.
 */
export const eagerThumbnails = 3

/**
 * The size a thumbnail is drawn at (CSS `.thumb`, 4:3, `object-fit: cover`) in CSS pixels, given as
 * its `width`/`height` so the browser keeps the room before the file arrives: the list does not jump,
 * whatever the image's own size. No `srcset`: lead images are plain URLs of the publisher's own
 * hosts, with no image service here to ask for other widths (docs/reader-pages.md).
 */
export const thumbnailSize = { width: 192, height: 144 } as const

/**
 * One article of a list page (the front page, a topic page): title, date, byline, summary, and the
 * lead image as a thumbnail; `position` in the list decides whether it loads lazily.
 */
export function renderArticleListItem(article: Article, site: Site, position = 0): SafeHtml {
  const { authors, published } = byline(article, site)
  const image = leadImageOf(article)
  return lines([
    html`<li>`,
    image ? html`<article class="with-thumb">` : html`<article>`,
    html`<h2><a href="${permalink(site.url, article.slug)}">${article.title}</a></h2>`,
    image &&
      // The image's own alt text: empty when the publisher marked it decorative.
      html`<img class="thumb" src="${image.url}" alt="${image.alt}" width="${thumbnailSize.width}" height="${thumbnailSize.height}"${position >= eagerThumbnails ? html` loading="lazy"` : ''} decoding="async">`,
    html`<div class="meta">`,
    html`<p>${renderTime(published, site.timeZone)}</p>`,
    html`<p class="byline">${renderByline(authors, article.authors.length > 0 ? site : undefined)}</p>`,
    html`</div>`,
    html`<p class="summary">${article.summary}</p>`,
    html`</article>`,
    html`</li>`,
  ])
}
