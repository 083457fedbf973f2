import { DateTime } from 'luxon'
import { articleInputSchema } from '../articles/article-input-schema.ts'

export interface SourceDate {
  /** RFC 3339 in the source's own offset, e.g. `2024-01-15T09:30:00+06:00` or `…Z`. */
  readonly value: string
  /** The source gave no zone, so the time was read as UTC. */
  readonly assumedUtc: boolean
}

/** The site's rule for `publishedAt`: RFC 3339, the years 1970–9999 as written and in UTC. */
const sitePublishedAt = articleInputSchema.shape.publishedAt.unwrap()

/** The years a source date must fall in (UTC) to be imported with it. */
export const importableYears = '1970–9999'

const zoneAtEnd = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC?|[ECMP][SD]T|[A-IK-Z]))\s*$/i

/**
 * A feed's date as RFC 3339, keeping the offset the source wrote (readers show the newsroom's
 * time): RSS's RFC 822 (`Mon, 15 Jan 2024 09:30:00 +0000`, `EST`, `UTC`, one-digit hours), Atom's
 * and JSON Feed's RFC 3339, a wrong weekday, and the `2024-01-15 09:30:00` of careless generators. A date without a
 * zone is read as UTC and says so; what cannot be read is undefined, never a guess, and so is a date
 * the site would refuse (outside the years 1970–9999 in UTC): one rule, checked by the site's own
 * schema, so that a dry run predicts exactly what the import does.
 */
export function parseSourceDate(raw: string): SourceDate | undefined {
  const text = raw.trim().replace(/\s+/g, ' ')
  if (text === '') return undefined
  const assumedUtc = !zoneAtEnd.test(text)
  const options = { setZone: true, zone: 'utc' }
  const rfc822 = text
    .replace(/\bUTC$/i, 'GMT')
    .replace(/ (\d):(\d\d)/, ' 0$1:$2')
    .replace(/^(\w{3}, )?(\d) /, '$10$2 ')
  const candidates = [
    () => DateTime.fromISO(text, options),
    () => DateTime.fromRFC2822(rfc822, options),
    () => DateTime.fromRFC2822(`${rfc822} +0000`, options),
    // A weekday that does not match the date is a common slip; the date itself is what counts.
    () => DateTime.fromRFC2822(rfc822.replace(/^\w{3}, /, ''), options),
    () => DateTime.fromSQL(text, options),
    () => DateTime.fromHTTP(text, options),
  ]
  for (const parse of candidates) {
    const date = parse()
    if (date.isValid) {
      const value = date.toISO({ suppressMilliseconds: true })
      if (value !== null) return sitePublishedAt.safeParse(value).success ? { value, assumedUtc } : undefined
    }
  }
  return undefined
}
