import type { PublicReads } from '../lib/articles/public-reads.ts'

export interface ArchiveWalk {
  /** Every `nextCursor` the store issued walking the archive at `pageSize`. */
  readonly cursors: readonly string[]
  /** Slugs of the newest articles, up to `keepSlugs`. */
  readonly slugs: readonly string[]
}

/**
 * Walks the published archive newest first through the store's paging and keeps the cursors it
 * issues, up to `maxCursors`. Walked at a smaller page size than the feed's, it yields more distinct,
 * valid `?before=` cursors (each the key of a real item, as the feed's own next links are) from
 * fewer items read.
 */
export async function walkArchive(
  store: PublicReads,
  options: { readonly pageSize: number; readonly maxCursors: number; readonly keepSlugs: number },
): Promise<ArchiveWalk> {
  const { pageSize, maxCursors, keepSlugs } = options
  const now = new Date()
  const cursors: string[] = []
  const slugs: string[] = []
  let cursor: string | undefined
  do {
    const page = await store.listPublished({ now, limit: pageSize, ...(cursor ? { cursor } : {}) })
    for (const item of page.items) if (slugs.length < keepSlugs) slugs.push(item.slug)
    cursor = page.nextCursor
    if (cursor) cursors.push(cursor)
  } while (cursor && cursors.length < maxCursors)
  return { cursors, slugs }
}
