import { type Article, lastWriteAt } from '../articles/article.ts'

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** Milliseconds since the epoch of an RFC 3339 date; a stored date that does not parse is a bug. */
function parse(iso: string): number {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) throw new RangeError(`Not an RFC 3339 date: ${JSON.stringify(iso)}`)
  return time
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** RFC 822 (as updated by RFC 1123) in UTC with a numeric zone: `Tue, 11 Mar 2025 03:19:00 +0000`. */
export function toRfc822(iso: string): string {
  const date = new Date(parse(iso))
  return [
    `${days[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`,
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`,
  ].join(' ')
}

function formatRfc3339(time: number): string {
  // Whole seconds unless the stored date carries milliseconds.
  return new Date(time).toISOString().replace('.000Z', 'Z')
}

/** The same instant in RFC 3339 UTC: `2025-03-11T09:19:00+06:00` -> `2025-03-11T03:19:00Z`. */
export function toRfc3339(iso: string): string {
  return formatRfc3339(parse(iso))
}

/**
 * The newest change among `items`, in RFC 3339 UTC: for each item the later of `updatedAt` and
 * `publishedAt` (a scheduled item becomes visible, a change to the feed, when it falls due), and
 * `extra` when given. Feeds take `updated`/`lastBuildDate` and `Last-Modified` from it, never from the
 * clock; with nothing to go on it is the epoch, so that the result is still a stable date.
 */
export function newestChange(
  items: readonly Pick<Article, 'updatedAt' | 'publishedAt'>[],
  extra?: string,
): string {
  let newest = extra === undefined ? Number.NEGATIVE_INFINITY : parse(extra)
  for (const item of items) {
    newest = Math.max(newest, parse(item.updatedAt))
    if (item.publishedAt !== undefined) newest = Math.max(newest, parse(item.publishedAt))
  }
  return formatRfc3339(Number.isFinite(newest) ? newest : 0)
}

/**
 * {@link newestChange} counting minor edits too (each item's latest write, `lastWriteAt`): what the
 * feed's `Last-Modified` follows, so that it moves with the body and the ETag even when a minor
 * edit left every `updated` date as it was.
 */
export function newestWrite(
  items: readonly Pick<Article, 'updatedAt' | 'editedAt' | 'publishedAt'>[],
  extra?: string,
): string {
  return newestChange(
    items.map((item) => ({
      updatedAt: lastWriteAt(item),
      ...(item.publishedAt !== undefined ? { publishedAt: item.publishedAt } : {}),
    })),
    extra,
  )
}
