import type { MiddlewareHandler } from 'hono'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { AppEnv } from './app-base.ts'
import type { FeedPageEntry } from './feed-page-cache.ts'

/**
 * How long caches keep what the public app answers, and the headers every public answer carries:
 * one place for the lifetimes, CORS and `nosniff`.
 */

/** Browser and CDN lifetimes (seconds) of anything public; capped by the next scheduled article. */
const lifetimes = { maxAge: 60, sMaxAge: 300, staleWhileRevalidate: 60, staleIfError: 86_400 }
/** The last good feed, served while the store is out: caches revalidate soon. */
const staleCacheControl = 'public, max-age=0, s-maxage=10, stale-if-error=86400'
/** A 301 to a canonical URL: the same answer for as long as the URL scheme holds. */
export const redirectCacheControl = 'public, max-age=86400'
/** The site's own icon: the same bytes until a deploy changes them, so caches keep it a week. */
export const iconCacheControl = 'public, max-age=604800, s-maxage=604800, stale-while-revalidate=86400'
/** Health is whether the store answers now: never from a cache. */
export const noStore = 'no-store'

/** On every public answer: browsers take each body as the type it is sent as, never as a guess. */
export const noSniff = { 'X-Content-Type-Options': 'nosniff' } as const

/**
 * On every answer of the public app, 200, 304 and errors alike: anything it serves is public, so any
 * page may read it (a web reader fetching a feed, a widget the article JSON), and may see the headers
 * a subscriber needs (`Link: rel=hub`, the validators). No credentials, so `*` and no `Vary: Origin`.
 */
export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Link, ETag, Last-Modified',
} as const

/**
 * Not hono/cors: it answers every OPTIONS as a preflight (taking the place of the 204 with `Allow`),
 * and none is needed for GET and HEAD without credentials. Set after the answer, errors included.
 */
export const publicCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  for (const [name, value] of Object.entries(corsHeaders)) c.res.headers.set(name, value)
}

/** `Cache-Control` that never lets a cache keep the response past the moment the next article falls due. */
export function cacheControl(nowMs: number, nextDueMs: number | undefined): string {
  const untilDue =
    nextDueMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor((nextDueMs - nowMs) / 1000))
  const maxAge = Math.min(lifetimes.maxAge, untilDue)
  const sMaxAge = Math.min(lifetimes.sMaxAge, untilDue)
  const swr = Math.min(lifetimes.staleWhileRevalidate, untilDue - sMaxAge)
  return `public, max-age=${maxAge}, s-maxage=${sMaxAge}, stale-while-revalidate=${swr}, stale-if-error=${lifetimes.staleIfError}`
}

/** What an answer built from a feed page entry is: an HTML page (the CSP) or a document (`nosniff` only). */
export type AnswerKind = 'html' | 'document'

/**
 * The headers of an answer built from `entry` at `nowMs`: `Cache-Control` never reaches past the
 * next scheduled article (nor `untilMs`); a stale entry says so.
 */
export function entryCacheHeaders(
  entry: FeedPageEntry,
  stale: boolean,
  nowMs: number,
  kind: AnswerKind,
  untilMs?: number,
): Record<string, string> {
  const limit = untilMs === undefined ? entry.nextDueMs : Math.min(untilMs, entry.nextDueMs ?? untilMs)
  return {
    ...(kind === 'html' ? pageSecurityHeaders : noSniff),
    'Cache-Control': stale ? staleCacheControl : cacheControl(nowMs, limit),
    ...(stale ? { 'X-Feed-Stale': '1' } : {}),
  }
}
