import type { Article, Category, Tombstone } from './article.ts'
import type { Page } from './article-store.ts'
import type { StoredAuthorProfile } from './author-profile.ts'

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
   * Set once a write saw a public (published and due) article in the scope. A category that never
   * had one answers like an unknown category, even when scheduled articles already name it.
   */
  readonly wasPublic?: true
}

/** One feed scope's query: the site's, a category's or an author's. */
export interface ScopeQuery {
  /** Only articles in this category (its slug). */
  readonly category?: string
  /** Only articles by this author (the author slug, see author-slug.ts); not together with `category`. */
  readonly author?: string
  /**
   * The scope's feed state as `readFeedState` gave it, when it was read: the store that gave it may
   * read less with it.
   */
  readonly state?: FeedState
}

export interface ListPublishedQuery extends ScopeQuery {
  /** Articles with `publishedAt` after this instant are not yet due and are left out. */
  readonly now: Date
  readonly limit: number
  /** A `nextCursor` from an earlier page. */
  readonly cursor?: string
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

/** A page of a registry's list (categories, authors): public at `now`, at most `limit`, after `cursor`. */
export interface RegistryPageQuery {
  readonly now: Date
  readonly limit: number
  readonly cursor?: string
}

/**
 * The read side of the store: what the public app and the discovery files read. Every read is
 * paged or bounded, never a scan; the write side the use cases need is `ArticleStore`.
 */
export interface PublicReads {
  findBySlug(slug: string): Promise<Article | Tombstone | undefined>
  /** Published, due articles newest first by `publishedAt`. Throws `ValidationError` (path `cursor`) on a bad cursor. */
  listPublished(query: ListPublishedQuery): Promise<Page<Article>>
  /** The earliest `publishedAt` (RFC 3339) of a published article not yet due, if any. */
  nextScheduled(query: ScopeQuery & { readonly now: Date }): Promise<string | undefined>
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
  listCategoryPage(query: RegistryPageQuery): Promise<Page<Category>>
  /** Every author with a public article at `now`, by slug: paged reads, never a scan (the sitemap of pages). */
  listAuthors(now: Date): Promise<Category[]>
  /** A page of the authors with a public article at `now`, as `listCategoryPage` gives the categories. */
  listAuthorPage(query: RegistryPageQuery): Promise<Page<Category>>
  /** The profile of an author (their slug), when one was set: one small read. */
  findAuthorProfile(author: string): Promise<StoredAuthorProfile | undefined>
  /** The months (`YYYY-MM`, UTC, ascending) that held a published article, up to `now`'s: the sitemap index. */
  listMonths(now: Date): Promise<string[]>
  /**
   * What a sitemap says of each public article published in `[from, to)` and due by `now`, newest
   * first, at most `limit`: keys, dates and title only, never the article itself.
   */
  listSitemapEntries(query: SitemapQuery): Promise<SitemapEntry[]>
}
