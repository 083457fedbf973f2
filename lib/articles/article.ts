import type { Attachment } from './attachment.ts'

/** An author as stored and as shown in feeds (RSS `dc:creator`, Atom `author`, JSON Feed `authors`). */
export interface Author {
  readonly name: string
  readonly url?: string
}

/** A category: `slug` keys its feed (`/categories/{slug}/rss.xml`), `name` is what readers see. */
export interface Category {
  readonly slug: string
  readonly name: string
}

/** The lead image of an article, with its real MIME type when the publisher gave it. */
export interface ArticleImage {
  readonly url: string
  readonly alt: string
  readonly type?: string
  readonly length?: number
}

export const articleStatuses = ['draft', 'published'] as const
export type ArticleStatus = (typeof articleStatuses)[number]

export const contentFormats = ['html', 'markdown', 'text'] as const
export type ContentFormat = (typeof contentFormats)[number]

/**
 * An article as stored: everything expensive (sanitising, Markdown, absolute URLs) is already done,
 * so readers only ever copy strings.
 */
export interface Article {
  /** Assigned at creation (`urn:uuid:…`, or the absolute IRI the publisher gave), never changes. */
  readonly id: string
  /** Letters, marks and digits of any script in hyphenated words, NFC, ≤ 240 bytes (see slug.ts); unique, immutable. */
  readonly slug: string
  readonly title: string
  readonly summary: string
  /** The content as the publisher sent it (forbidden characters removed), in `contentFormat`. */
  readonly content: string
  readonly contentFormat: ContentFormat
  /** Sanitised HTML with every URL absolute: what feeds and pages show. */
  readonly contentHtml: string
  readonly authors: readonly Author[]
  readonly categories: readonly Category[]
  readonly image?: ArticleImage
  /** Audio, video and other files; absent when none (see attachment.ts). */
  readonly attachments?: readonly Attachment[]
  /** The episode number of a podcast episode (`itunes:episode`); absent when not one. */
  readonly episode?: number
  /** Where the article was first published, an absolute http(s) URL on another site; absent when here. */
  readonly source?: string
  /** BCP 47, canonical; absent: the site's language (`SITE_LANGUAGE`), whatever it is at the time. */
  readonly language?: string
  readonly status: ArticleStatus
  /** RFC 3339 with the publisher's offset; set for every published article, may be in the future. */
  readonly publishedAt?: string
  /** RFC 3339 UTC. */
  readonly createdAt: string
  /** RFC 3339 UTC; the newest significant change: what feeds and pages show as updated. */
  readonly updatedAt: string
  /**
   * RFC 3339 UTC; set by a minor edit (`"minor": true`), the instant of that write, which kept
   * `updatedAt`; absent once a significant change follows. See {@link lastWriteAt}.
   */
  readonly editedAt?: string
  /** Starts at 1, +1 on every write; with the id, it makes the ETag. */
  readonly version: number
  /** Who made the newest change (an editor's name, or "publish token"): editorial, never public. */
  readonly updatedBy?: string
  /**
   * Set once a write finds the article public (published and due) before or after it: an article
   * that readers may have seen. Its deletion then answers 410; a never-public one's, 404.
   */
  readonly wasPublic?: true
}

/** What a deleted article leaves behind so that its permalink can answer 410. */
export interface Tombstone {
  readonly slug: string
  readonly id: string
  readonly deletedAt: string
  readonly version: number
  /**
   * Whether readers could ever have seen the article: only then does its permalink answer 410 Gone;
   * otherwise it answers like a slug that never existed. Absent on tombstones written before this
   * was recorded, which count as public.
   */
  readonly wasPublic?: boolean
}

/**
 * The instant of the article's latest write, minor or not: what HTTP validators (`Last-Modified`)
 * and the notifier's change time follow, while readers see `updatedAt`.
 */
export function lastWriteAt(article: Pick<Article, 'updatedAt' | 'editedAt'>): string {
  return article.editedAt ?? article.updatedAt
}

/** True when readers can see `article` at `atMs`: published, and due by then. */
export function isPublicAt(article: Article | undefined, atMs: number): boolean {
  return (
    article?.status === 'published' &&
    article.publishedAt !== undefined &&
    Date.parse(article.publishedAt) <= atMs
  )
}
