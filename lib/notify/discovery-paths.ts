import type { Article } from '../articles/article.ts'
import { authorSlugsOf } from '../articles/author-slug.ts'

/** Google News sitemaps hold two days: a change to an article older than that does not touch it. */
const newsWindowMs = 48 * 3600 * 1000

/**
 * The discovery files a visible change alters, as CDN paths. Always the sitemaps (`/sitemap*`, one
 * wildcard path for the index and every month: the article's lastmod or presence changed); the news
 * sitemap when the article, before or after, was published within its two days; and the OPML list
 * and the topics index when the article's categories changed (it appeared, left, or was moved between
 * categories), since a category may have come or gone; the OPML list and the authors index
 * (`/authors/`) likewise when the article's authors changed. The notifier cannot see the registry, so a
 * publish in a category that was already listed invalidates those two as well.
 */
export function discoveryPathsOf(
  before: Article | undefined,
  after: Article | undefined,
  atMs: number,
): string[] {
  const recent = [before, after].some(
    (a) => a?.publishedAt !== undefined && atMs - Date.parse(a.publishedAt) <= newsWindowMs,
  )
  const slugs = (a: Article | undefined) => new Set((a?.categories ?? []).map((c) => c.slug))
  const was = slugs(before)
  const is = slugs(after)
  const categoriesChanged = was.size !== is.size || [...is].some((slug) => !was.has(slug))
  const authors = (a: Article | undefined) => new Set(a === undefined ? [] : authorSlugsOf(a))
  const hadAuthors = authors(before)
  const hasAuthors = authors(after)
  const authorsChanged =
    hadAuthors.size !== hasAuthors.size || [...hasAuthors].some((slug) => !hadAuthors.has(slug))
  return [
    '/sitemap*',
    ...(recent ? ['/news-sitemap.xml'] : []),
    ...(categoriesChanged || authorsChanged ? ['/feeds.opml'] : []),
    ...(categoriesChanged ? ['/categories/'] : []),
    ...(authorsChanged ? ['/authors/'] : []),
  ]
}
