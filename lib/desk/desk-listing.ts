import type { Author, Category } from '../articles/article.ts'

/** What the desk's list shows of an article's state. */
export const deskStatuses = ['draft', 'scheduled', 'published', 'deleted'] as const
export type DeskStatus = (typeof deskStatuses)[number]

/** One line of the desk's list. */
export interface DeskRow {
  readonly slug: string
  /** Absent for a deleted article (its tombstone keeps no title). */
  readonly title?: string
  readonly status: DeskStatus
  /** RFC 3339: publication (published, scheduled) or deletion time. */
  readonly at?: string
  readonly updatedAt: string
  readonly updatedBy?: string
  readonly categories: readonly Category[]
  readonly authors: readonly Author[]
}

export interface DeskListQuery {
  readonly now: Date
  readonly limit: number
  readonly status?: DeskStatus
  /** A category slug. */
  readonly category?: string
  /** An author's name (case-insensitive). */
  readonly author?: string
  /** Words the title must hold, the last one as a prefix. */
  readonly search?: string
  readonly cursor?: string
}

export interface DeskPage {
  readonly rows: readonly DeskRow[]
  readonly nextCursor?: string
}

/** The desk's list, from indexes only: never a scan (see lib/store/desk-listing-queries.ts). */
export interface DeskListing {
  list(query: DeskListQuery): Promise<DeskPage>
}
