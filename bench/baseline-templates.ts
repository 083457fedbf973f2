import type { Article } from '../lib/articles/article.ts'
import type { FeedDocument } from '../lib/feeds/feed-document.ts'

/*
 * The simplest correct string templates for the same fields the product's renderers write: escape
 * text and attributes, wrap content in CDATA (split at `]]>`), nothing else. Stored articles are
 * cleaned on write, so these skip the product's defence-in-depth removal of characters XML forbids;
 * the ratio to them is what that care and the richer output cost.
 */

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
const cdata = (s: string): string => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
const link = (doc: FeedDocument, a: Article): string => `${doc.site.url}/articles/${a.slug}`
const authorsOf = (doc: FeedDocument, a: Article) =>
  a.authors.length > 0 ? a.authors : [{ name: doc.site.author }]

export function baselineRss(doc: FeedDocument): string {
  let out = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${esc(doc.site.title)}</title><link>${esc(doc.alternateUrl)}</link><description>${esc(doc.site.description)}</description><language>${esc(doc.site.language)}</language><lastBuildDate>${new Date(doc.updated).toUTCString()}</lastBuildDate><atom:link rel="self" type="application/rss+xml" href="${esc(doc.selfUrl)}"/>`
  if (doc.nextUrl) out += `<atom:link rel="next" href="${esc(doc.nextUrl)}"/>`
  for (const a of doc.items) {
    out += `<item><title>${esc(a.title)}</title><link>${esc(link(doc, a))}</link><guid isPermaLink="false">${esc(a.id)}</guid><description>${esc(a.summary)}</description><content:encoded>${cdata(a.contentHtml)}</content:encoded><pubDate>${new Date(a.publishedAt ?? a.createdAt).toUTCString()}</pubDate>`
    for (const author of authorsOf(doc, a)) out += `<dc:creator>${esc(author.name)}</dc:creator>`
    for (const c of a.categories) out += `<category>${esc(c.name)}</category>`
    if (a.image?.type && a.image.length !== undefined)
      out += `<enclosure url="${esc(a.image.url)}" length="${a.image.length}" type="${esc(a.image.type)}"/>`
    out += '</item>'
  }
  return `${out}</channel></rss>`
}

export function baselineAtom(doc: FeedDocument): string {
  let out = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${esc(doc.site.url)}/</id><title>${esc(doc.site.title)}</title><updated>${new Date(doc.updated).toISOString()}</updated><author><name>${esc(doc.site.author)}</name></author><link rel="self" href="${esc(doc.selfUrl)}"/><link rel="alternate" href="${esc(doc.alternateUrl)}"/>`
  if (doc.nextUrl) out += `<link rel="next" href="${esc(doc.nextUrl)}"/>`
  for (const a of doc.items) {
    out += `<entry><id>${esc(a.id)}</id><title>${esc(a.title)}</title><link href="${esc(link(doc, a))}"/><published>${new Date(a.publishedAt ?? a.createdAt).toISOString()}</published><updated>${new Date(a.updatedAt).toISOString()}</updated>`
    for (const author of authorsOf(doc, a)) out += `<author><name>${esc(author.name)}</name></author>`
    for (const c of a.categories) out += `<category term="${esc(c.slug)}" label="${esc(c.name)}"/>`
    if (a.image) out += `<link rel="enclosure" href="${esc(a.image.url)}"/>`
    out += `<summary>${esc(a.summary)}</summary><content type="html">${cdata(a.contentHtml)}</content></entry>`
  }
  return `${out}</feed>`
}

export function baselineJsonFeed(doc: FeedDocument): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.site.title,
    home_page_url: doc.alternateUrl,
    feed_url: doc.selfUrl,
    next_url: doc.nextUrl,
    items: doc.items.map((a) => ({
      id: a.id,
      url: link(doc, a),
      title: a.title,
      summary: a.summary,
      content_html: a.contentHtml,
      image: a.image?.url,
      date_published: a.publishedAt ?? a.createdAt,
      date_modified: a.updatedAt,
      authors: authorsOf(doc, a).map((author) => ({ name: author.name })),
      tags: a.categories.map((c) => c.name),
    })),
  })
}
