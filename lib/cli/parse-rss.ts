import type { RssFeed } from 'feedsmith'
import type { ParsedFeed, SourceItem } from './parse-source.ts'
import { htmlToPlainText } from './plain-text.ts'
import type { SourceDocument } from './read-source.ts'
import {
  absolute,
  clean,
  firstImage,
  htmlOrText,
  httpBase,
  mediaContents,
  mediaFiles,
  mediaImages,
  personName,
  text,
} from './source-fields.ts'

type RssLike = Pick<RssFeed.Feed<string>, 'link' | 'atom' | 'dc' | 'xml'> & {
  readonly items?: readonly RssItemLike[]
  readonly managingEditor?: RssFeed.Person
  readonly itunes?: { readonly author?: string }
}
type RssItemLike = Pick<
  RssFeed.Item<string>,
  'title' | 'link' | 'description' | 'dc' | 'content' | 'media' | 'atom' | 'xml'
> & {
  readonly guid?: RssFeed.Guid
  readonly pubDate?: string
  readonly authors?: readonly RssFeed.Person[]
  readonly categories?: readonly RssFeed.Category[]
  readonly enclosures?: readonly RssFeed.Enclosure[]
  readonly rdf?: { readonly about?: string }
  readonly itunes?: { readonly author?: string; readonly duration?: number; readonly episode?: number }
}

/**
 * The items of an RSS 2.0 feed (WordPress and the rest) or an RSS 1.0 (RDF) one, with the
 * categories that feedsmith leaves out of nested elements (`wrapped`, by item).
 */
export function parseRss(
  feed: RssLike,
  doc: SourceDocument,
  format: 'rss' | 'rdf' = 'rss',
  wrapped?: readonly (readonly string[])[],
): ParsedFeed {
  const home = absolute(feed.link, httpBase(doc.url))
  const base = absolute(feed.xml?.base, home ?? httpBase(doc.url)) ?? home ?? httpBase(doc.url)
  const self = feed.atom?.links?.find((l) => l.rel === 'self')?.href
  // The feed's author: Apple's itunes:author (a podcast names its host there), else the channel's
  // dc:creator and managing editor.
  const itunesAuthor = text(feed.itunes?.author)
  const feedAuthors =
    itunesAuthor !== undefined
      ? [{ name: itunesAuthor }]
      : [...(feed.dc?.creators ?? []).map((name) => ({ name })), ...personName(feed.managingEditor)]
  const items = (feed.items ?? []).map((item, index): SourceItem => {
    const guid = text(item.guid?.value) ?? text(item.rdf?.about)
    const link =
      absolute(item.link, base) ??
      (item.guid?.isPermaLink !== false && guid !== undefined ? absolute(guid, undefined) : undefined)
    const encoded = text(item.content?.encoded)
    const description = text(item.description)
    const authors = [
      ...(item.dc?.creators ?? []).map((name) => ({ name })),
      ...(item.authors ?? []).flatMap(personName),
      ...(item.atom?.authors ?? []).map((a) => ({ name: a.name ?? '', ...(a.uri && { url: a.uri }) })),
      ...(text(item.itunes?.author) !== undefined && (item.dc?.creators ?? []).length === 0
        ? [{ name: text(item.itunes?.author) ?? '' }]
        : []),
    ]
    const published = text(item.pubDate) ?? text(item.dc?.dates?.[0])
    const image = firstImage([
      ...(item.enclosures ?? []).map((e) => ({
        url: e.url,
        type: e.type,
        ...(e.length !== undefined && { length: e.length }),
      })),
      ...mediaImages(item.media),
    ])
    const media = mediaFiles(
      [
        ...(item.enclosures ?? []).map((e, i) => ({
          url: e.url,
          type: e.type,
          length: e.length,
          // itunes:duration describes the episode's file: the first enclosure.
          duration: i === 0 ? item.itunes?.duration : undefined,
        })),
        ...mediaContents(item.media),
      ],
      link ?? base,
    )
    return clean({
      origin: `${doc.label} item ${(doc.firstItem ?? 0) + index + 1}`,
      sourceId: guid,
      link,
      title: text(item.title),
      content: htmlOrText(encoded ?? description, undefined),
      // WordPress: the description is the excerpt when content:encoded carries the post.
      summary: encoded !== undefined && description !== undefined ? htmlToPlainText(description) : undefined,
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: [
        ...(item.categories ?? []).map((c) => c.name ?? ''),
        ...(item.dc?.subjects ?? []),
        ...(wrapped?.[index] ?? []),
      ],
      published,
      image,
      media: media.length > 0 ? media : undefined,
      episode: item.itunes?.episode,
      base: link ?? absolute(item.xml?.base, base) ?? base,
    })
  })
  const next = feed.atom?.links?.find((l) => l.rel === 'next')?.href
  return clean({
    kind: 'feed' as const,
    format,
    key: absolute(self, httpBase(doc.url)) ?? home ?? doc.url,
    items,
    next: absolute(next, httpBase(doc.url) ?? home),
  })
}
