import type { Article, ArticleStatus, Category, Tombstone } from './article.ts'
import type { ConflictError } from './errors.ts'

export interface Page<T> {
  readonly items: readonly T[]
  /** Opaque; pass it back to get the next (older) page. Absent on the last page. */
  readonly nextCursor?: string
}

export interface ListPublishedQuery {
  /** Articles with `publishedAt` after this instant are not yet due and are left out. */
  readonly now: Date
  readonly limit: number
  /** Only articles in this category (its slug). */
  readonly category?: string
  /** Only articles by this author (the author slug, see author-slug.ts); not together with `category`. */
  readonly author?: string
  /** A `nextCursor` from an earlier page. */
  readonly cursor?: string
  /** The scope's `FeedState.readHint`, when it was read: lets the store read less. */
  readonly readHint?: string
}

export interface ListByStatusQuery {
  /** Absent: every live article, drafts and published alike. */
  readonly status?: ArticleStatus
  readonly limit: number
  readonly cursor?: string
}

/**
 * What a feed scope (the whole site, or one category) last looked like to writers: `version` moves on
 * every write that touches the scope, `removedAt` is the last time an article left it.
 */
export interface FeedState {
  readonly version: number
  readonly removedAt?: string
  /**
   * No article scheduled in this scope falls due after this instant (RFC 3339 UTC); absent when
   * none was ever scheduled. Once it has passed, nothing is pending and no reader needs to look.
   */
  readonly scheduledUntil?: string
  /**
   * Set once a write named the scope, from just before its article is stored: a category without it
   * was never written to, even where a write's version bump was lost.
   */
  readonly known?: true
  /**
   * What the store that read this state knows about reading the scope: opaque to everyone else,
   * who hands it back with the scope's queries (`readHint`) so that the store reads less.
   */
  readonly readHint?: string
  /**
   * Set once a write saw a public (published and due) article in the scope. A category that never
   * had one answers like an unknown category, even when scheduled articles already name it.
   */
  readonly wasPublic?: true
}

/**
 * The storage the domain needs. Every write is one conditional write of one article item, so no
 * partial article is ever visible; feed-state bumps follow the article write.
 */
export interface ArticleStore {
  /** Stores a new article; throws `ConflictError` when a live article has the slug (a tombstone may be replaced). */
  create(article: Article): Promise<void>
  /**
   * Stores new articles, each as `create` would but never over a deleted article's tombstone: one
   * conditional write per article, while what they share (feed states, registries) is written once
   * for them all. The outcome of each, in order: `undefined` stored, or the `ConflictError` when its
   * slug is taken (also by an earlier article of the call). Any other failure throws, and the
   * articles already stored stand.
   */
  createEach(articles: readonly Article[]): Promise<(ConflictError | undefined)[]>
  /** Replaces `previous` with `next`; throws `PreconditionFailedError` when the stored version is not `previous.version`. */
  replace(next: Article, previous: Article): Promise<void>
  /** Replaces `previous` with `tombstone`; throws `PreconditionFailedError` when the stored version moved on. */
  remove(previous: Article, tombstone: Tombstone): Promise<void>
  findBySlug(slug: string): Promise<Article | Tombstone | undefined>
  /** Live articles of any status, most recently created first. */
  listByStatus(query: ListByStatusQuery): Promise<Page<Article>>
  /** Published, due articles newest first by `publishedAt`. Throws `ValidationError` (path `cursor`) on a bad cursor. */
  listPublished(query: ListPublishedQuery): Promise<Page<Article>>
  /** The earliest `publishedAt` (RFC 3339) of a published article not yet due, if any. */
  nextScheduled(query: {
    readonly now: Date
    readonly category?: string
    /** Only articles by this author (its slug); not together with `category`. */
    readonly author?: string
    /** The scope's `FeedState.readHint`, when it was read. */
    readonly readHint?: string
  }): Promise<string | undefined>
  /**
   * One small read: the state of the site feed (no category) or of one category's feed. A store
   * that reuses recent reads (`memoizeFeedStates`) asks the table anyway when `fresh` is set.
   */
  readFeedState(category?: string, options?: { readonly fresh?: boolean }): Promise<FeedState>
  /** Every category with a public article at `now`, by slug: paged reads, never a scan (the sitemap of pages). */
  listCategories(now: Date): Promise<Category[]>
  /**
   * A page of at most `limit` categories with a public article at `now`, by slug, after the page
   * `cursor` ended (paged reads, never a scan). Throws `ValidationError` (path `cursor`) on a bad cursor.
   */
  listCategoryPage(query: {
    readonly now: Date
    readonly limit: number
    readonly cursor?: string
  }): Promise<Page<Category>>
  /** The months (`YYYY-MM`, UTC, ascending) that held a published article, up to `now`'s: the sitemap index. */
  listMonths(now: Date): Promise<string[]>
  /**
   * What a sitemap says of each public article published in `[from, to)` and due by `now`, newest
   * first, at most `limit`: keys, dates and title only, never the article itself.
   */
  listSitemapEntries(query: SitemapQuery): Promise<SitemapEntry[]>
}

export interface SitemapQuery {
  readonly from: Date
  /** Exclusive. */
  readonly to: Date
  readonly now: Date
  readonly limit?: number
}

export interface SitemapEntry {
  readonly slug: string
  /** RFC 3339 UTC. */
  readonly publishedAt: string
  /** RFC 3339 UTC: the newest change, or the publication time when that is later (an article falling due). */
  readonly modifiedAt: string
  readonly title: string
}

export function isTombstone(entry: Article | Tombstone): entry is Tombstone {
  return 'deletedAt' in entry
}
