import type { Article } from '../articles/article.ts'
import { authorUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { type FeedFormat, feedFormats, renderDocument, renderSummaryAlternates } from './page-parts.ts'
import { renderArticleListItem } from './render-home-page.ts'

export interface AuthorPageInput {
  readonly site: Site
  /** The author's slug and the name their articles give. */
  readonly author: { readonly slug: string; readonly name: string }
  /** The page's articles, newest first, as the store lists them for the author. */
  readonly articles: readonly Article[]
  /** Where the older articles continue, when there are any. */
  readonly nextUrl?: string
}

/** The URL of one of an author's feeds, `/authors/{slug}/{file}`. */
export function authorFeedUrl(site: Site, authorSlug: string, format: Pick<FeedFormat, 'file'>): string {
  return `${authorUrl(site.url, authorSlug)}${format.file}`
}

/**
 * An author page: the author's latest articles, their three feeds (in the head for autodiscovery,
 * and visibly), and a link to older articles when `nextUrl` is given.
 */
export function renderAuthorPage(input: AuthorPageInput): string {
  const { site, author, articles, nextUrl } = input
  const title = feedTitle(site, author)
  const description = `The latest articles by ${author.name} from ${site.title}.`
  const head = lines([
    html`<meta name="description" content="${description}">`,
    html`<link rel="canonical" href="${authorUrl(site.url, author.slug)}">`,
    feedFormats.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${title} (${format.label})" href="${authorFeedUrl(site, author.slug, format)}">`,
    ),
    renderSummaryAlternates(site, title, (format) => authorFeedUrl(site, author.slug, format)),
    nextUrl !== undefined && html`<link rel="next" href="${nextUrl}">`,
    html`<meta property="og:type" content="profile">`,
    html`<meta property="og:site_name" content="${site.title}">`,
    html`<meta property="og:title" content="${title}">`,
    html`<meta property="og:description" content="${description}">`,
  ])
  const main = lines([
    html`<h1>${author.name}</h1>`,
    html`<p class="feeds">Follow ${author.name}: ${feedFormats.map(
      (format, i) =>
        html`${i > 0 ? ' · ' : ''}<a href="${authorFeedUrl(site, author.slug, format)}">${format.label}</a>`,
    )}</p>`,
    articles.length === 0
      ? html`<p class="empty">Nothing by ${author.name} is published at the moment.</p>`
      : lines([
          html`<ol class="article-list">`,
          articles.map((a) => renderArticleListItem(a, site)),
          html`</ol>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">Older articles</a></p>`,
  ])
  return renderDocument({ site, title, head, main, isHome: false })
}
