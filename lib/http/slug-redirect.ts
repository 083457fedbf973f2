import type { Context } from 'hono'
import { foldGivenSlug, isSlug } from '../articles/slug.ts'
import type { AppEnv } from './app-base.ts'
import { noSniff, redirectCacheControl } from './cache-policy.ts'

/**
 * The slug a path segment means when it is the slug in another Unicode form (NFD, as some systems
 * write file names and URLs, or a compatibility twin such as `ﬁnance`, the folded form slugs are
 * stored in): one URL per resource, so its caches and its links stay one.
 */
export function canonicalSlug(segment: string): string | undefined {
  const folded = foldGivenSlug(segment)
  return folded !== segment && isSlug(folded) ? folded : undefined
}

/** 301 to the canonical URL, percent-encoded ASCII as every URL the site writes. */
export function redirectTo(c: Context<AppEnv>, url: string): Response {
  return c.body(null, 301, { Location: url, 'Cache-Control': redirectCacheControl, ...noSniff })
}
