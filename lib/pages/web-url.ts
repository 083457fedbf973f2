import type { Article, ArticleImage } from '../articles/article.ts'
import { leadImage } from '../articles/lead-image.ts'

// Apart from page-parts.ts: the public article JSON (lib/http/article-resource.ts) states the lead
// image too, and must not load the page renderers to do it (issue 20.7).

/**
 * The URL in its serialised form (so `"`, spaces and `<` come out percent-encoded, as a valid
 * attribute value should), or `undefined` unless it is an absolute http(s) URL: author and image
 * URLs are publisher input and could be `javascript:` or not URLs at all.
 */
export function webUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined
  const url = new URL(value)
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
}

/**
 * The lead image with a normalised web URL and only the type and size readers can trust (see
 * {@link leadImage}); none when its URL is not a web URL.
 */
export function leadImageOf(article: Article): ArticleImage | undefined {
  const url = webUrl(article.image?.url)
  return article.image && url !== undefined ? { ...leadImage(article.image), url } : undefined
}
