import type { MiddlewareHandler } from 'hono'
import { NotFoundError, ValidationError } from '../articles/errors.ts'
import { type AppEnv, sentTarget } from './app-base.ts'
import type { PublicQueryParameter } from './query-parameters.ts'

/** The query parameters a public path takes: `before` where pages follow, `after` on the category and author lists. */
function parametersOf(segments: readonly string[]): readonly PublicQueryParameter[] {
  const [first, second, third] = segments
  if (segments.length === 1 && first === '') return ['before']
  // Every feed also answers `?content=summary` (lib/http/feed-content.ts).
  if (segments.length === 1 && isFeedFile(first ?? '')) return ['before', 'content']
  if (first === 'categories' && segments.length === 2 && second === '') return ['after']
  if (first === 'authors' && segments.length === 2 && second === '') return ['after']
  // The OPML list pages through the categories (`after`), then the authors (`authors-after`).
  if (first === 'feeds.opml' && segments.length === 1) return ['after', 'authors-after']
  // The subscribe page, for the site's feeds, one topic's (`?topic={slug}`) or one author's (`?author={slug}`).
  if (first === 'subscribe' && (segments.length === 1 || (segments.length === 2 && second === '')))
    return ['topic', 'author']
  // A topic page (`/categories/{slug}/`), its feeds, and its address without the slash (a 301 keeping the query).
  // An author page (`/authors/{slug}/`) and its feeds: the same rules as a topic's.
  const scoped = first === 'categories' || first === 'authors'
  if (scoped && second !== '' && segments.length === 2) return ['before']
  if (scoped && second !== '' && segments.length === 3 && (third === '' || isFeedFile(third ?? '')))
    return isFeedFile(third ?? '') ? ['before', 'content'] : ['before']
  return []
}

function isFeedFile(name: string): boolean {
  return name === 'rss.xml' || name === 'atom.xml' || name === 'feed.json'
}

/** The one way the site writes a path segment: `encodeURIComponent`, as every URL it builds. */
const encodeSegment = encodeURIComponent

/**
 * One URL per resource, before any route runs (GET and HEAD): the path and query as sent are
 * compared with the one form the site writes them in, and anything else answers a 301 to that
 * form (another percent-encoding of the same characters, lowercase hex), a 404 (dot segments, even
 * encoded ones, empty segments such as `//`, an encoded slash or backslash or control character) or a 400 naming the parameter (a parameter the
 * path does not take, or one given twice). So no two URLs answer 200 with the same resource, and
 * a CDN keeps one cache entry per resource; another Unicode form (NFD) is redirected to NFC at once.
 */
export function canonicalUrls(siteUrl: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const sent = sentTarget(c)
    // Characters outside ASCII sent unencoded (an IRI) are the same URI as their UTF-8 escapes (RFC 3987 §3.1).
    const rawPath = asciiOnly(sent.path)
    const rawQuery = sent.query
    const segments = rawPath.slice(1).split('/').map(decodeSegment)
    const last = segments.length - 1
    // No path the site serves has a dot segment, an empty one (`//`), or a slash, a backslash or a
    // control character inside a segment: whatever their encoding, such paths name nothing.
    if (
      segments.some(
        (s, i) =>
          s === undefined || s === '.' || s === '..' || (s === '' && i < last) || /[/\\\p{Cc}]/u.test(s),
      )
    )
      throw new NotFoundError(`nothing lives at ${rawPath.slice(0, 200)}`)
    const decoded = segments as string[]
    // Every path the site writes is NFC (slugs are), so another Unicode form (NFD) is redirected too.
    const path = `/${decoded.map((s) => encodeSegment(s.normalize('NFC'))).join('/')}`

    const allowed: readonly string[] = parametersOf(decoded)
    const params: [string, string][] = []
    for (const pair of rawQuery === undefined || rawQuery === '' ? [] : rawQuery.split('&')) {
      const at = pair.indexOf('=')
      const name = decodeSegment((at === -1 ? pair : pair.slice(0, at)).replaceAll('+', ' ')) ?? pair
      const value = decodeSegment((at === -1 ? '' : pair.slice(at + 1)).replaceAll('+', ' '))
      const shown = name.slice(0, 100)
      if (!allowed.includes(name))
        throw new ValidationError([{ path: shown, message: 'is not a parameter of this path' }])
      if (params.some(([other]) => other === name) || value === undefined)
        throw new ValidationError([{ path: shown, message: 'must be given once, as the site links it' }])
      params.push([name, value])
    }
    const query = params.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`).join('&')
    if (path !== rawPath || (rawQuery !== undefined && rawQuery !== query)) {
      return c.body(null, 301, {
        Location: `${siteUrl}${path}${query === '' ? '' : `?${query}`}`,
        'Cache-Control': 'public, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
      })
    }
    return next()
  }
}

/** A path segment or query part with its percent-escapes decoded; undefined when they are not UTF-8. */
function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** `text` with every character outside ASCII as the percent-escapes of its UTF-8 bytes. */
function asciiOnly(text: string): string {
  return text.replace(/[\u0080-\u{10FFFF}]+/gu, (run) =>
    [...new TextEncoder().encode(run)]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  )
}
