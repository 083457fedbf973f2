import type { Article, ArticleImage } from '../articles/article.ts'
import { publicAttachments } from '../articles/attachment.ts'
import { byline } from '../articles/byline.ts'
import { articleLanguage } from '../articles/language.ts'
import { leadImage } from '../articles/lead-image.ts'
import { authorUrl, categoriesUrl, categoryUrl, permalink } from '../articles/permalink.ts'
import { sourceLink } from '../articles/source-link.ts'
import { siteIconUrl } from '../site.ts'
import { newestChange, toRfc3339 } from './dates.ts'
import type { FeedDocument } from './feed-document.ts'
import { feedTitle } from './feed-title.ts'
import { itemContentHtml } from './item-content.ts'
import { escapeXmlAttribute as attr, cdata, escapeXmlText as text } from './xml.ts'

const generator = 'newsfeed-publisher'

/**
 * Atom 1.0 (RFC 4287). The feed id names the feed, not the page: `${site.url}/` for the site,
 * `${site.url}/categories/${slug}/` for a category, the same on every page of it.
 */
export function renderAtom(doc: FeedDocument): string {
  const { site, category, author } = doc
  const id =
    author !== undefined
      ? authorUrl(site.url, author.slug)
      : category === undefined
        ? `${site.url}/`
        : categoryUrl(site.url, category.slug)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${attr(site.language)}">`,
    `  <id>${text(id)}</id>`,
    `  <title type="text">${text(feedTitle(site, category ?? author))}</title>`,
    `  <subtitle type="text">${text(site.description)}</subtitle>`,
    `  <updated>${toRfc3339(doc.updated)}</updated>`,
    // An author feed whose author has a profile URL names them, with it; every other feed the site's author.
    author?.url !== undefined
      ? `  <author><name>${text(author.name)}</name><uri>${text(author.url)}</uri></author>`
      : `  <author><name>${text(site.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${attr(doc.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${attr(doc.alternateUrl)}"/>`,
  ]
  for (const hub of doc.hubs ?? []) out.push(`  <link rel="hub" href="${attr(hub)}"/>`)
  if (doc.nextUrl !== undefined) {
    out.push(`  <link rel="next" type="application/atom+xml" href="${attr(doc.nextUrl)}"/>`)
  }
  out.push(
    `  <generator>${generator}</generator>`,
    `  <icon>${text(siteIconUrl(site))}</icon>`,
    `  <logo>${text(siteIconUrl(site))}</logo>`,
  )
  for (const article of doc.items) renderEntry(out, article, doc)
  out.push('</feed>', '')
  return out.join('\n')
}

function renderEntry(out: string[], article: Article, { site, summaryOnly }: FeedDocument): void {
  const { authors, published } = byline(article, site)
  out.push(
    `  <entry xml:lang="${attr(articleLanguage(article, site))}">`,
    `    <id>${text(article.id)}</id>`,
    `    <title type="text">${text(article.title)}</title>`,
    `    <link rel="alternate" type="text/html" href="${attr(permalink(site.url, article.slug))}"/>`,
    ...viaLink(article),
    `    <published>${toRfc3339(published)}</published>`,
    // A scheduled entry first shows at its publication time: never report it as updated before then.
    `    <updated>${newestChange([article])}</updated>`,
  )
  // The feed-level author would cover an entry without one, but many readers do not inherit it.
  for (const author of authors) {
    const uri = author.url !== undefined ? `<uri>${text(author.url)}</uri>` : ''
    out.push(`    <author><name>${text(author.name)}</name>${uri}</author>`)
  }
  for (const { slug, name } of article.categories) {
    out.push(
      `    <category term="${attr(slug)}" scheme="${attr(categoriesUrl(site.url))}" label="${attr(name)}"/>`,
    )
  }
  if (article.image !== undefined) out.push(renderImage(article.image))
  for (const { url, type, length, title } of publicAttachments(article.attachments)) {
    const lengthAttribute = length !== undefined ? ` length="${length}"` : ''
    const titleAttribute = title !== undefined ? ` title="${attr(title)}"` : ''
    out.push(
      `    <link rel="enclosure" href="${attr(url)}" type="${attr(type)}"${lengthAttribute}${titleAttribute}/>`,
    )
  }
  out.push(`    <summary type="text">${text(article.summary)}</summary>`)
  // A summary feed has the summary only (RFC 4287 §4.1.1.1: content is optional with an alternate link).
  if (summaryOnly !== true)
    out.push(`    <content type="html">${cdata(itemContentHtml(article, site))}</content>`)
  out.push('  </entry>')
}

/** Where the article was first published (RFC 4287 §4.2.7.2: `via`), when elsewhere. */
function viaLink(article: Article): string[] {
  const source = sourceLink(article)
  return source === undefined ? [] : [`    <link rel="via" type="text/html" href="${attr(source)}"/>`]
}

/** The lead image as an enclosure link, with its real MIME type and size when known. */
function renderImage(image: ArticleImage): string {
  const { type, length } = leadImage(image)
  const typeAttribute = type !== undefined ? ` type="${attr(type)}"` : ''
  const lengthAttribute = length !== undefined ? ` length="${length}"` : ''
  const title = image.alt === '' ? '' : ` title="${attr(image.alt)}"`
  return `    <link rel="enclosure" href="${attr(image.url)}"${typeAttribute}${lengthAttribute}${title}/>`
}
