import type { Article, ArticleStatus, Tombstone } from './article.ts'
import type { AuthorProfile, StoredAuthorProfile } from './author-profile.ts'
import type { ConflictError } from './errors.ts'

export interface Page<T> {
  readonly items: readonly T[]
  /** Opaque; pass it back to get the next (older) page. Absent on the last page. */
  readonly nextCursor?: string
}

export interface ListByStatusQuery {
  /** Absent: every live article, drafts and published alike. */
  readonly status?: ArticleStatus
  readonly limit: number
  readonly cursor?: string
}

/**
 * The write side of the store: what the use cases and the publish API need. Every write is one
 * conditional write of one article item, so no partial article is ever visible; feed-state bumps
 * follow the article write. What the public app reads is `PublicReads` (`public-reads.ts`).
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
  /** The profile of an author (their slug), when one was set. */
  findAuthorProfile(author: string): Promise<StoredAuthorProfile | undefined>
  /**
   * Stores an author's profile as `at.version`, only over `at.version - 1` (nothing for 1); else
   * throws `PreconditionFailedError`.
   */
  putAuthorProfile(
    author: string,
    profile: AuthorProfile,
    at: { readonly version: number; readonly updatedAt: string },
  ): Promise<StoredAuthorProfile>
}

export function isTombstone(entry: Article | Tombstone): entry is Tombstone {
  return 'deletedAt' in entry
}
