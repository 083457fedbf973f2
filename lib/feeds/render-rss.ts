import type { Article, ArticleImage } from '../articles/article.ts'
import { type Attachment, attachmentKind, firstPlayable, publicAttachments } from '../articles/attachment.ts'
import { byline } from '../articles/byline.ts'
import { articleLanguage } from '../articles/language.ts'
import { leadImage } from '../articles/lead-image.ts'
import { categoryUrl, permalink } from '../articles/permalink.ts'
import { sourceLink } from '../articles/source-link.ts'
import { siteIconUrl } from '../site.ts'
import { toRfc822 } from './dates.ts'
import type { FeedDocument } from './feed-document.ts'
import { feedTitle } from './feed-title.ts'
import { itemContentHtml } from './item-content.ts'
import { podcastChannelTags, podcastItemTags, podcastNamespaces, podcastOf } from './podcast-tags.ts'
import { escapeXmlAttribute as attr, cdata, escapeXmlText as text } from './xml.ts'

const generator = 'newsfeed-publisher'

/**
 * Plain text where readers disagree on whether RSS means text or HTML (titles, categories): the RSS
 * Best Practices Profile asks for `&` and `<` as hexadecimal references, which both kinds decode to
 * the same character.
 */
function plain(value: string): string {
  return text(value).replaceAll('&amp;', '&#x26;').replaceAll('&lt;', '&#x3C;')
}

/**
 * RSS 2.0 with the content, Dublin Core, Atom and Media RSS modules. A plain template: equal
 * documents give equal bytes, and every text field is escaped, so no article can break the feed.
 */
export function renderRss(doc: FeedDocument): string {
  const { site } = doc
  const podcast = podcastOf(doc)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"${podcast ? podcastNamespaces : ''}>`,
    '<channel>',
    `  <title>${plain(feedTitle(site, doc.category ?? doc.author))}</title>`,
    `  <link>${text(doc.alternateUrl)}</link>`,
    `  <description>${html(site.description)}</description>`,
    `  <language>${text(site.language)}</language>`,
    `  <lastBuildDate>${toRfc822(doc.updated)}</lastBuildDate>`,
    `  <generator>${generator}</generator>`,
    `  <image><url>${text(siteIconUrl(site))}</url><title>${plain(feedTitle(site, doc.category ?? doc.author))}</title><link>${text(doc.alternateUrl)}</link></image>`,
    `  <atom:link rel="self" type="application/rss+xml" href="${attr(doc.selfUrl)}"/>`,
  ]
  // WebSub discovery in RSS: the hub as an Atom link beside rel="self" (WebSub §4).
  for (const hub of doc.hubs ?? []) out.push(`  <atom:link rel="hub" href="${attr(hub)}"/>`)
  if (doc.nextUrl !== undefined) {
    out.push(`  <atom:link rel="next" type="application/rss+xml" href="${attr(doc.nextUrl)}"/>`)
  }
  if (podcast) out.push(...podcastChannelTags(doc, podcast))
  for (const article of doc.items) renderItem(out, article, doc, podcast !== undefined)
  out.push('</channel>', '</rss>', '')
  return out.join('\n')
}

function renderItem(
  out: string[],
  article: Article,
  { site, summaryOnly }: FeedDocument,
  isPodcast: boolean,
): void {
  const { authors, published } = byline(article, site)
  out.push(
    '  <item>',
    `    <title>${plain(article.title)}</title>`,
    `    <link>${text(permalink(site.url, article.slug))}</link>`,
    `    <guid isPermaLink="false">${text(article.id)}</guid>`,
    `    <description>${html(article.summary)}</description>`,
  )
  // A summary feed has the description only.
  if (summaryOnly !== true)
    out.push(`    <content:encoded>${cdata(itemContentHtml(article, site))}</content:encoded>`)
  out.push(`    <pubDate>${toRfc822(published)}</pubDate>`)
  // dc:creator, not <author>, which RSS reserves for an email address.
  for (const { name } of authors) out.push(`    <dc:creator>${text(name)}</dc:creator>`)
  // Every item names its language, also when it is the channel's: readers then never have to guess.
  out.push(`    <dc:language>${text(articleLanguage(article, site))}</dc:language>`)
  for (const { slug, name } of article.categories) {
    out.push(`    <category domain="${attr(categoryUrl(site.url, slug))}">${plain(name)}</category>`)
  }
  // Where it was first published. Not RSS's <source>: its url names the RSS feed of the channel the
  // item came from, and we know only the story's page (docs/feeds.md); Atom's rel="via" says that.
  const source = sourceLink(article)
  if (source !== undefined) out.push(`    <atom:link rel="via" type="text/html" href="${attr(source)}"/>`)
  const attachments = publicAttachments(article.attachments)
  const enclosure = firstPlayable(attachments)
  if (article.image !== undefined) out.push(renderImage(article.image, enclosure === undefined))
  if (enclosure !== undefined) {
    // RSS length is required; 0 when unknown, as the RSS Best Practices Profile asks.
    out.push(
      `    <enclosure url="${attr(enclosure.url)}" length="${enclosure.length ?? 0}" type="${attr(enclosure.type)}"/>`,
    )
  }
  for (const attachment of attachments) out.push(renderMediaContent(attachment))
  if (isPodcast) out.push(...podcastItemTags(article))
  out.push('  </item>')
}

/**
 * RSS requires both `type` and `length` on an enclosure, so the image is one only when both are
 * known; otherwise it is a Media RSS `media:content`, which needs neither.
 */
function renderImage(image: ArticleImage, mayEnclose: boolean): string {
  const { type, length } = leadImage(image)
  if (mayEnclose && type !== undefined && length !== undefined) {
    return `    <enclosure url="${attr(image.url)}" length="${length}" type="${attr(type)}"/>`
  }
  return [
    `    <media:content url="${attr(image.url)}" medium="image"`,
    type === undefined ? '' : ` type="${attr(type)}"`,
    length === undefined ? '' : ` fileSize="${length}"`,
    '>',
    image.alt === '' ? '' : `<media:description type="plain">${text(image.alt)}</media:description>`,
    '</media:content>',
  ].join('')
}

/** Media RSS for every attachment: `medium` from its declared type, duration in whole seconds. */
function renderMediaContent(attachment: Attachment): string {
  const { url, type, length, duration, title } = attachment
  const kind = attachmentKind(type)
  const medium = kind === 'transcript' ? 'document' : kind
  return [
    `    <media:content url="${attr(url)}" type="${attr(type)}" medium="${medium}"`,
    length === undefined ? '' : ` fileSize="${length}"`,
    duration === undefined ? '' : ` duration="${Math.round(duration)}"`,
    '>',
    title === undefined ? '' : `<media:title type="plain">${text(title)}</media:title>`,
    '</media:content>',
  ].join('')
}

/**
 * RSS descriptions are HTML, so a plain-text field is escaped once as HTML and once as XML: a
 * summary saying `1 < 2` must not reach a reader as a tag.
 */
function html(plain: string): string {
  return text(text(plain))
}
