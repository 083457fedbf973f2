import type { Site } from '../site.ts'
import type { Article, Author } from './article.ts'

/** Who wrote an article and when it came out, as every feed format, page and the public JSON state it. */
export interface Byline {
  /** The article's authors, or the site's default author when it names none. */
  readonly authors: readonly Author[]
  /** RFC 3339: when it was published; `createdAt` only for an article that was never published. */
  readonly published: string
}

/**
 * The byline of `article`. Feeds name the site's author for an article without one (RSS and Atom
 * readers do not all inherit the feed-level author), and the pages say the same.
 */
export function byline(article: Article, site: Pick<Site, 'author'>): Byline {
  return {
    authors: article.authors.length > 0 ? article.authors : [{ name: site.author }],
    published: article.publishedAt ?? article.createdAt,
  }
}
