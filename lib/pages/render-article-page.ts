import type { Article, Author } from '../articles/article.ts'
import { attachmentKind, publicAttachments } from '../articles/attachment.ts'
import { authorsWithPages } from '../articles/author-slug.ts'
import { byline } from '../articles/byline.ts'
import { articleLanguage } from '../articles/language.ts'
import { categoryUrl, permalink } from '../articles/permalink.ts'
import { sourceLink } from '../articles/source-link.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import type { Site } from '../site.ts'
import { html, jsonForScript, lines, raw, type SafeHtml } from './html.ts'
import {
  authorFeedUrl,
  categoryFeedUrl,
  feedFormats,
  renderByline,
  renderDocument,
  renderFeedAlternates,
  renderTime,
  siteLanguageAttributes,
} from './page-parts.ts'
import { leadImageOf, webUrl } from './web-url.ts'

const rss = feedFormats[0]

/**
 * The permalink page of one article: a complete HTML document with feed autodiscovery, OpenGraph,
 * Twitter card and schema.org `NewsArticle` metadata. `contentHtml` was sanitised on write and is
 * inserted as is; every other field is escaped. Same article and site in, same bytes out.
 */
export function renderArticlePage(article: Article, site: Site): string {
  const url = permalink(site.url, article.slug)
  const { authors, published } = byline(article, site)
  const language = articleLanguage(article, site)
  const image = leadImageOf(article)
  const { categories } = article

  const head = lines([
    html`<meta name="description" content="${article.summary}">`,
    html`<meta name="author" content="${authors.map((author) => author.name).join(', ')}">`,
    html`<link rel="canonical" href="${url}">`,
    // Search engines may show the lead image large in results and Discover (Google's robots meta).
    html`<meta name="robots" content="max-image-preview:large">`,
    renderFeedAlternates(site),
    categories.map(
      (category) =>
        html`<link rel="alternate" type="${rss.type}" title="${feedTitle(site, category)} (${rss.label})" href="${categoryFeedUrl(site, category.slug, rss)}">`,
    ),
    // Each named author's feed too, as each topic's: a reader can follow the writer from the story.
    authorsWithPages(article).map(
      (author) =>
        html`<link rel="alternate" type="${rss.type}" title="${feedTitle(site, author)} (${rss.label})" href="${authorFeedUrl(site, author.slug, rss)}">`,
    ),
    html`<meta property="og:type" content="article">`,
    html`<meta property="og:site_name" content="${site.title}">`,
    html`<meta property="og:title" content="${article.title}">`,
    html`<meta property="og:description" content="${article.summary}">`,
    html`<meta property="og:url" content="${url}">`,
    image && html`<meta property="og:image" content="${image.url}">`,
    image?.type !== undefined && html`<meta property="og:image:type" content="${image.type}">`,
    image && html`<meta property="og:image:alt" content="${image.alt}">`,
    html`<meta property="article:published_time" content="${published}">`,
    html`<meta property="article:modified_time" content="${article.updatedAt}">`,
    categories[0] && html`<meta property="article:section" content="${categories[0].name}">`,
    categories.map((category) => html`<meta property="article:tag" content="${category.name}">`),
    html`<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">`,
    html`<meta name="twitter:title" content="${article.title}">`,
    html`<meta name="twitter:description" content="${article.summary}">`,
    image && html`<meta name="twitter:image" content="${image.url}">`,
    image && html`<meta name="twitter:image:alt" content="${image.alt}">`,
    html`<script type="application/ld+json">${jsonLd(article, site, url, authors, published)}</script>`,
  ])

  const main = lines([
    html`<article>`,
    html`<header>`,
    html`<h1>${article.title}</h1>`,
    html`<p class="standfirst">${article.summary}</p>`,
    html`<div class="meta"${siteLanguageAttributes(site, language)}>`,
    html`<p class="byline">${renderByline(authors, article.authors.length > 0 ? site : undefined)}</p>`,
    html`<p>${renderTime(published, site.timeZone)}</p>`,
    html`</div>`,
    html`</header>`,
    image && html`<figure class="lead-image"><img src="${image.url}" alt="${image.alt}"></figure>`,
    renderAttachments(article),
    renderSource(article),
    html`<div class="content">`,
    raw(article.contentHtml),
    html`</div>`,
    renderTopics(article, site, language),
    html`</article>`,
  ])

  return renderDocument({
    site,
    title: `${article.title} — ${site.title}`,
    head,
    main,
    isHome: false,
    language,
  })
}

/**
 * Audio and video play on the page (`preload="metadata"`: the length shows, the file waits for the
 * reader), with the declared type on `<source>` so the browser never sniffs; other files are links.
 */
function renderAttachments(article: Article): SafeHtml | undefined {
  const attachments = publicAttachments(article.attachments)
  if (attachments.length === 0) return undefined
  return lines([
    html`<div class="attachments">`,
    attachments.map((attachment) => {
      const { url, type, title } = attachment
      const kind = attachmentKind(type)
      const caption = title !== undefined ? html`<figcaption>${title}</figcaption>` : undefined
      const link = html`<a href="${url}" type="${type}">${title ?? fileName(url)}</a>`
      if (kind === 'audio') {
        return html`<figure class="attachment"><audio controls preload="metadata"><source src="${url}" type="${type}">${link}</audio>${caption}</figure>`
      }
      if (kind === 'video') {
        return html`<figure class="attachment"><video controls preload="metadata"><source src="${url}" type="${type}">${link}</video>${caption}</figure>`
      }
      return html`<p class="attachment">${link}</p>`
    }),
    html`</div>`,
  ])
}

/** "Originally published at {host}", linking to where the article first appeared. */
function renderSource(article: Article): SafeHtml | undefined {
  const source = sourceLink(article)
  if (source === undefined) return undefined
  return html`<p class="source">Originally published at <a href="${source}">${new URL(source).host}</a></p>`
}

/** The last segment of a URL's path, for a link that has no title. */
function fileName(url: string): string {
  const path = new URL(url).pathname
  const last = path
    .split('/')
    .filter((s) => s !== '')
    .at(-1)
  if (last === undefined) return url
  try {
    return decodeURIComponent(last)
  } catch {
    return last
  }
}

/** Each topic links to its topic page, which lists the topic's articles and offers its feeds. */
function renderTopics(article: Article, site: Site, language: string): SafeHtml | undefined {
  if (article.categories.length === 0) return undefined
  return lines([
    html`<footer class="topics">`,
    html`<h2${siteLanguageAttributes(site, language)}>Topics</h2>`,
    html`<ul>`,
    article.categories.map(
      (category) =>
        html`<li><a href="${categoryUrl(site.url, category.slug)}" rel="tag">${category.name}</a></li>`,
    ),
    html`</ul>`,
    html`</footer>`,
  ])
}

function jsonLd(
  article: Article,
  site: Site,
  url: string,
  authors: readonly Author[],
  published: string,
): SafeHtml {
  const image = leadImageOf(article)
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.summary,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: published,
    dateModified: article.updatedAt,
    inLanguage: articleLanguage(article, site),
    author: authors.map((author) => {
      const authorUrl = webUrl(author.url)
      return { '@type': 'Person', name: author.name, ...(authorUrl !== undefined ? { url: authorUrl } : {}) }
    }),
    ...(image ? { image: [image.url] } : {}),
    ...(article.categories.length > 0
      ? { articleSection: article.categories.map((category) => category.name) }
      : {}),
    publisher: { '@type': 'Organization', name: site.title, url: site.url },
  })
}
