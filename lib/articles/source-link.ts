import type { Article } from './article.ts'

/**
 * Where the article was first published, serialised (so that `"`, spaces and `<` are
 * percent-encoded), or undefined unless it is an absolute http(s) URL: a stored value that never
 * passed the input's checks reaches no reader as a link.
 */
export function sourceLink(article: Pick<Article, 'source'>): string | undefined {
  if (article.source === undefined) return undefined
  try {
    const url = new URL(article.source)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
