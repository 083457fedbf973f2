import type { JsonFeed } from 'feedsmith'
import type { ParsedFeed, SourceAuthor, SourceItem } from './parse-source.ts'
import type { SourceDocument } from './read-source.ts'
import {
  absolute,
  absoluteImage,
  clean,
  firstImage,
  htmlOrText,
  httpBase,
  mediaFiles,
  text,
} from './source-fields.ts'

/** The items of a JSON Feed 1.0 or 1.1. */
export function parseJsonFeed(feed: JsonFeed.Feed<string>, doc: SourceDocument): ParsedFeed {
  const home = absolute(feed.home_page_url, httpBase(doc.url))
  const feedAuthors = (feed.authors ?? []).flatMap(jsonAuthor)
  const items = (feed.items ?? []).map((item, index): SourceItem => {
    const link = absolute(item.url, home ?? httpBase(doc.url)) ?? absolute(item.external_url, undefined)
    const external = absolute(item.external_url, link ?? home)
    const html = text(item.content_html)
    const plain = text(item.content_text)
    const authors = (item.authors ?? []).flatMap(jsonAuthor)
    const image = firstImage([
      ...(item.image !== undefined ? [{ url: item.image }] : []),
      ...(item.banner_image !== undefined ? [{ url: item.banner_image }] : []),
      ...(item.attachments ?? []).map((a) => ({
        url: a.url,
        type: a.mime_type,
        ...(a.size_in_bytes !== undefined && { length: a.size_in_bytes }),
      })),
    ])
    const media = mediaFiles(
      (item.attachments ?? []).map((a) => ({
        url: a.url,
        type: a.mime_type,
        length: a.size_in_bytes,
        duration: a.duration_in_seconds,
        title: a.title,
      })),
      link ?? home,
    )
    return clean({
      origin: `${doc.label} item ${index + 1}`,
      sourceId: text(item.id),
      link,
      title: text(item.title),
      content: htmlOrText(html, plain),
      summary: text(item.summary),
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: item.tags ?? [],
      published: text(item.date_published) ?? text(item.date_modified),
      image: image && absoluteImage(image, link ?? home),
      media: media.length > 0 ? media : undefined,
      source: external !== undefined && external !== link ? external : undefined,
      base: link ?? home,
    })
  })
  return clean({
    kind: 'feed' as const,
    format: 'json' as const,
    key: absolute(feed.feed_url, httpBase(doc.url)) ?? home ?? doc.url,
    items,
    next: absolute(feed.next_url, httpBase(doc.url) ?? home),
  })
}

function jsonAuthor(author: JsonFeed.Author): SourceAuthor[] {
  const name = text(author.name)
  if (name === undefined) return []
  const url = absolute(author.url, undefined)
  return [url !== undefined && /^https?:/.test(url) ? { name, url } : { name }]
}
