import { ValidationError } from '../articles/errors.ts'

/** The one value `?content=` takes on a feed: its summaries instead of the full text. */
export const summaryContent = 'summary'

/**
 * The `?content=` of a feed request: `summary`, or undefined for the feed as the site serves it by
 * default (`FEED_CONTENT`). Anything else is a 400 naming `content`.
 */
export function feedContentOf(value: string | undefined): typeof summaryContent | undefined {
  if (value === undefined) return undefined
  if (value === summaryContent) return summaryContent
  throw new ValidationError([
    {
      path: 'content',
      message: 'must be "summary" (each item\'s summary only), or absent for the feed as is',
    },
  ])
}

/**
 * The URL of one page of the feed at `path`: `?content=summary` first when it is the summary
 * variant, then the page's cursor (`before`). Every link the feed gives (self, next) keeps both.
 */
export function feedPageUrl(path: string, signed: string | undefined, content: string | undefined): string {
  const query = [
    ...(content !== undefined ? [`content=${content}`] : []),
    ...(signed !== undefined ? [`before=${signed}`] : []),
  ]
  return query.length === 0 ? path : `${path}?${query.join('&')}`
}
