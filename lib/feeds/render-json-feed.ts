import type { Article } from '../articles/article.ts'
import { publicAttachments } from '../articles/attachment.ts'
import { byline } from '../articles/byline.ts'
import { articleLanguage } from '../articles/language.ts'
import { leadImage } from '../articles/lead-image.ts'
import { permalink } from '../articles/permalink.ts'
import { sourceLink } from '../articles/source-link.ts'
import { stripForbiddenChars as clean } from '../articles/xml-chars.ts'
import { siteIconUrl } from '../site.ts'
import { newestChange, toRfc3339 } from './dates.ts'
import type { FeedDocument } from './feed-document.ts'
import { feedTitle } from './feed-title.ts'
import { itemContentHtml } from './item-content.ts'

/**
 * JSON Feed 1.1. Keys come in a fixed order and absent values are left out, so equal documents give
 * equal bytes. Text fields lose the characters XML and HTML forbid too: the three formats and the
 * page then say the same, and no lone surrogate (`\ud800`, valid JSON but rejected by strict
 * parsers) reaches a reader.
 */
/** The feed's author: the site's, or an author feed's author when their profile gives a URL or an avatar. */
function feedAuthor({ site, author }: FeedDocument) {
  if (author?.url === undefined && author?.avatar === undefined) return { name: clean(site.author) }
  return {
    name: clean(author.name),
    ...(author.url !== undefined ? { url: author.url } : {}),
    ...(author.avatar !== undefined ? { avatar: author.avatar } : {}),
  }
}

export function renderJsonFeed(doc: FeedDocument): string {
  const { site } = doc
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: clean(feedTitle(site, doc.category ?? doc.author)),
    home_page_url: doc.alternateUrl,
    feed_url: doc.selfUrl,
    ...(doc.nextUrl === undefined ? {} : { next_url: doc.nextUrl }),
    description: clean(site.description),
    icon: siteIconUrl(site),
    favicon: siteIconUrl(site),
    language: site.language,
    authors: [feedAuthor(doc)],
    ...(doc.hubs?.length ? { hubs: doc.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    items: doc.items.map((article) => renderItem(article, doc)),
  })
}

function renderItem(article: Article, { site, summaryOnly }: FeedDocument): Record<string, unknown> {
  const { image } = article
  const { authors, published } = byline(article, site)
  const { type, length } = image === undefined ? {} : leadImage(image)
  const source = sourceLink(article)
  const attachments: Record<string, unknown>[] = []
  if (image !== undefined && type !== undefined) {
    attachments.push({
      url: clean(image.url),
      mime_type: type,
      ...(image.alt === '' ? {} : { title: clean(image.alt) }),
      ...(length === undefined ? {} : { size_in_bytes: length }),
    })
  }
  for (const attachment of publicAttachments(article.attachments)) {
    attachments.push({
      url: clean(attachment.url),
      mime_type: attachment.type,
      ...(attachment.title === undefined ? {} : { title: clean(attachment.title) }),
      ...(attachment.length === undefined ? {} : { size_in_bytes: attachment.length }),
      ...(attachment.duration === undefined ? {} : { duration_in_seconds: attachment.duration }),
    })
  }
  return {
    id: article.id,
    url: permalink(site.url, article.slug),
    ...(source === undefined ? {} : { external_url: source }),
    title: clean(article.title),
    summary: clean(article.summary),
    // JSON Feed needs content_html or content_text: a summary feed gives the summary as text.
    ...(summaryOnly === true
      ? { content_text: clean(article.summary) }
      : { content_html: clean(itemContentHtml(article, site)) }),
    ...(image === undefined ? {} : { image: clean(image.url) }),
    date_published: toRfc3339(published),
    date_modified: newestChange([article]),
    authors: authors.map((author) => ({
      name: clean(author.name),
      ...(author.url === undefined ? {} : { url: clean(author.url) }),
    })),
    tags: article.categories.map((c) => clean(c.name)),
    language: articleLanguage(article, site),
    // An attachment must state its MIME type; it is how the image's real type reaches readers.
    ...(attachments.length === 0 ? {} : { attachments }),
  }
}
