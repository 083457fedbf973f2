import { type AnyFeed, DetectError, parseFeed } from 'feedsmith'
import { CliError } from './cli-error.ts'
import { exportLines } from './export-lines.ts'
import { nestedCategories } from './nested-categories.ts'
import { parseAtom } from './parse-atom.ts'
import { ghostData, parseGhost } from './parse-ghost.ts'
import { parseJsonFeed } from './parse-json-feed.ts'
import { parseRss } from './parse-rss.ts'
import { isWxr, parseWxr } from './parse-wxr.ts'
import type { SourceDocument } from './read-source.ts'
import { oneLine } from './source-fields.ts'

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
      return parseRss(parsed.feed, doc, 'rss', nestedCategories(text))
    case 'atom':
      return parseAtom(parsed.feed, doc)
    case 'json':
      return parseJsonFeed(parsed.feed, doc)
    case 'rdf':
      return parseRss(parsed.feed, doc, 'rdf')
  }
}
