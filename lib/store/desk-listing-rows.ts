import { type Article, isPublicAt, type Tombstone } from '../articles/article.ts'
import type { DeskListQuery, DeskRow } from '../desk/desk-listing.ts'
import { foldAuthor, titleWords } from './desk-terms.ts'

/** The row of an article or tombstone, or undefined when it does not pass the query's filters. */
export function rowOf(entry: Article | Tombstone, query: DeskListQuery): DeskRow | undefined {
  if ('deletedAt' in entry) {
    if (query.status !== 'deleted' || query.category || query.author || query.search) return undefined
    return {
      slug: entry.slug,
      status: 'deleted',
      at: entry.deletedAt,
      updatedAt: entry.deletedAt,
      categories: [],
      authors: [],
    }
  }
  const status =
    entry.status === 'draft' ? 'draft' : isPublicAt(entry, query.now.getTime()) ? 'published' : 'scheduled'
  if (query.status !== undefined && query.status !== status) return undefined
  if (query.category !== undefined && !entry.categories.some((c) => c.slug === query.category))
    return undefined
  if (query.author !== undefined) {
    const wanted = foldAuthor(query.author)
    if (!entry.authors.some((a) => foldAuthor(a.name) === wanted)) return undefined
  }
  if (query.search !== undefined) {
    const words = titleWords(query.search)
    const have = titleWords(entry.title)
    const last = words.at(-1)
    const whole = words.slice(0, -1)
    if (
      !whole.every((w) => have.includes(w)) ||
      (last !== undefined && !have.some((w) => w.startsWith(last)))
    )
      return undefined
  }
  return {
    slug: entry.slug,
    title: entry.title,
    status,
    ...(entry.status === 'published' && entry.publishedAt !== undefined && { at: entry.publishedAt }),
    updatedAt: entry.updatedAt,
    ...(entry.updatedBy !== undefined && { updatedBy: entry.updatedBy }),
    categories: entry.categories,
    authors: entry.authors,
  }
}
