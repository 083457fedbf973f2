import { type AnyFeed, type AtomFeed, DetectError, type JsonFeed, parseFeed, type RssFeed } from 'feedsmith'
import { CliError } from './cli-error.ts'
import { exportLines } from './export-lines.ts'
import { nestedCategories } from './nested-categories.ts'
import { ghostData, parseGhost } from './parse-ghost.ts'
import { isWxr, parseWxr } from './parse-wxr.ts'
import { htmlToPlainText } from './plain-text.ts'
import type { SourceDocument } from './read-source.ts'
import {
  absolute,
  absoluteImage,
  clean,
  firstImage,
  httpBase,
  mediaContents,
  mediaFiles,
  mediaImages,
  oneLine,
  personName,
  text,
} from './source-fields.ts'

export interface SourceAuthor {
  readonly name: string
  readonly url?: string
}

export interface SourceImage {
  readonly url: string
  readonly type?: string
  readonly length?: number
  readonly alt?: string
}

/** An enclosure, `media:content` or attachment that is not an image, as the source gives it. */
export interface SourceMedia {
  /** Absolute. */
  readonly url: string
  /** The MIME type the source declares, lowercase; absent when it declares none. */
  readonly type?: string
  readonly length?: number
  readonly duration?: number
  readonly title?: string
  /** Media RSS `medium` (`audio`, `video`), when given. */
  readonly medium?: string
}

/** One item of a feed, in the feed's own terms, before it becomes an article. */
export interface SourceItem {
  /** Where it came from, for messages: `blog.xml item 12`. */
  readonly origin: string
  /** RSS `guid`, Atom `id`, JSON Feed `id`. */
  readonly sourceId?: string
  /** The item's permalink at the source, absolute. */
  readonly link?: string
  /** Plain text. */
  readonly title?: string
  readonly content?: { readonly value: string; readonly format: 'html' | 'text' }
  /** Plain text. */
  readonly summary?: string
  readonly authors: readonly SourceAuthor[]
  readonly categories: readonly string[]
  /** The date as the feed wrote it. */
  readonly published?: string
  readonly image?: SourceImage
  /** Audio, video and other files; absent when none. */
  readonly media?: readonly SourceMedia[]
  /** A podcast episode's number (`itunes:episode`). */
  readonly episode?: number
  /** Where the item's story was first published, on another site (JSON Feed `external_url`, Atom `rel="via"`). */
  readonly source?: string
  /** The slug the source gives (WordPress `wp:post_name`, Ghost `slug`): tried first. */
  readonly slug?: string
  /** What the source says the item is (an export's draft); absent: as `--status` says. */
  readonly status?: 'draft' | 'published'
  /** Relative URLs in the content resolve against this (an http(s) URL), when known. */
  readonly base?: string
}

export interface ParsedFeed {
  readonly kind: 'feed'
  readonly format: 'rss' | 'atom' | 'json' | 'rdf' | 'wxr' | 'ghost'
  /** The feed's own identity (Atom id, feed URL or home page): names the ids derived for its items. */
  readonly key: string
  readonly items: readonly SourceItem[]
  /** The next (older) page: RSS/Atom `rel="next"`, JSON Feed `next_url`; absolute. */
  readonly next?: string
  /** What an export holds that is not imported (pages, attachments), for the read line. */
  readonly ignored?: string
}

/** A `newsfeed export`: one article of the API per line. */
export interface ParsedExport {
  readonly kind: 'export'
  readonly articles: readonly { readonly origin: string; readonly body: Readonly<Record<string, unknown>> }[]
}

/**
 * Reads a document as RSS 2.0, Atom 1.0, JSON Feed 1.x (or RSS 1.0), or as the JSON Lines that
 * `export` writes. Anything else is a {@link CliError} naming the source.
 */
export function parseSource(doc: SourceDocument): ParsedFeed | ParsedExport {
  const text = doc.text.replace(/^\uFEFF/, '')
  if (isWxr(text)) return parseWxr(doc, text)
  const ghost = ghostData(text)
  if (ghost !== undefined) return parseGhost(doc, ghost)
  let parsed: AnyFeed<string>
  try {
    parsed = parseFeed(text)
  } catch (error) {
    if (!(error instanceof DetectError) && !(error instanceof SyntaxError)) {
      throw new CliError(`${doc.label} is not a feed that can be read: ${oneLine(error)}`, { cause: error })
    }
    const lines = exportLines(doc.label, text)
    if (lines !== undefined) return { kind: 'export', articles: lines }
    throw new CliError(`${doc.label} is not an RSS, Atom or JSON feed, nor a newsfeed export`)
  }
  switch (parsed.format) {
    case 'rss':
      return fromRss(parsed.feed, doc, 'rss', nestedCategories(text))
    case 'atom':
      return fromAtom(parsed.feed, doc)
    case 'json':
      return fromJsonFeed(parsed.feed, doc)
    case 'rdf':
      return fromRss(parsed.feed, doc, 'rdf')
  }
}

// ---- RSS 2.0 (WordPress and the rest) and RSS 1.0 ----

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

function fromRss(
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
      origin: `${doc.label} item ${index + 1}`,
      sourceId: guid,
      link,
      title: text(item.title),
      content:
        encoded !== undefined
          ? { value: encoded, format: 'html' as const }
          : description !== undefined
            ? { value: description, format: 'html' as const }
            : undefined,
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

// ---- Atom 1.0 ----

function fromAtom(feed: AtomFeed.Feed<string>, doc: SourceDocument): ParsedFeed {
  const feedBase = absolute(feed.xml?.base, httpBase(doc.url)) ?? httpBase(doc.url)
  const home = absolute(alternate(feed.links), feedBase)
  const feedAuthors = atomPeople(feed.authors, feedBase)
  const items = (feed.entries ?? []).map((entry, index): SourceItem => {
    const entryBase = absolute(entry.xml?.base, feedBase ?? home) ?? feedBase ?? home
    const link = absolute(alternate(entry.links), entryBase)
    const contentBase = absolute(entry.content?.xml?.base, entryBase) ?? link ?? entryBase
    const content = entry.content?.src === undefined ? atomContent(entry.content) : undefined
    const summary = atomText(entry.summary)
    const authors = atomPeople(entry.authors ?? entry.source?.authors, entryBase)
    const image = firstImage([
      ...(entry.links ?? [])
        .filter((l) => l.rel === 'enclosure')
        .map((l) => ({
          url: absolute(l.href, entryBase),
          type: l.type,
          ...(l.length !== undefined && { length: l.length }),
        })),
      ...mediaImages(entry.media),
    ])
    const media = mediaFiles(
      [
        ...(entry.links ?? [])
          .filter((l) => l.rel === 'enclosure')
          .map((l) => ({ url: l.href, type: l.type, length: l.length, title: l.title })),
        ...mediaContents(entry.media),
      ],
      entryBase,
    )
    return clean({
      origin: `${doc.label} entry ${index + 1}`,
      sourceId: text(entry.id),
      link,
      title: atomText(entry.title),
      content: content ?? (summary !== undefined ? { value: summary, format: 'text' as const } : undefined),
      summary: content !== undefined ? summary : undefined,
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: (entry.categories ?? []).map((c) => c.label ?? c.term ?? ''),
      published: text(entry.published) ?? text(entry.updated),
      image,
      media: media.length > 0 ? media : undefined,
      source: absolute((entry.links ?? []).find((l) => l.rel === 'via')?.href, entryBase),
      base: contentBase,
    })
  })
  const next = (feed.links ?? []).find((l) => l.rel === 'next')?.href
  return clean({
    kind: 'feed' as const,
    format: 'atom' as const,
    key: text(feed.id) ?? home ?? doc.url,
    items,
    next: absolute(next, feedBase ?? home),
  })
}

function atomText(value: AtomFeed.Text | undefined): string | undefined {
  if (value === undefined) return undefined
  const type = (value.type ?? 'text').toLowerCase()
  return text(type === 'html' || type === 'xhtml' ? htmlToPlainText(value.value) : value.value)
}

function atomContent(content: AtomFeed.Content | undefined): SourceItem['content'] {
  const value = text(content?.value)
  if (value === undefined) return undefined
  const type = (content?.type ?? 'text').toLowerCase()
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type.endsWith('+xml')) {
    return { value, format: 'html' }
  }
  return type === 'text' || type.startsWith('text/') ? { value, format: 'text' } : undefined
}

function atomPeople(
  people: readonly AtomFeed.Person[] | undefined,
  base: string | undefined,
): SourceAuthor[] {
  return (people ?? []).map((p) => clean({ name: p.name ?? '', url: absolute(p.uri, base) }))
}

function alternate(links: readonly AtomFeed.Link<string>[] | undefined): string | undefined {
  const all = links ?? []
  return (
    all.find((l) => (l.rel ?? 'alternate') === 'alternate' && (l.type ?? 'text/html') === 'text/html')
      ?.href ?? all.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href
  )
}

// ---- JSON Feed 1.0 and 1.1 ----

function fromJsonFeed(feed: JsonFeed.Feed<string>, doc: SourceDocument): ParsedFeed {
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
      content:
        html !== undefined
          ? { value: html, format: 'html' as const }
          : plain !== undefined
            ? { value: plain, format: 'text' as const }
            : undefined,
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
