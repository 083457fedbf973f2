import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { parseSourceDate } from '../../lib/cli/source-date.ts'

/*
 * Issue 19.6: one rule for dates. RFC 3339 as §5.6 writes it (a lowercase `t` and `z` too) is
 * accepted and stored in the usual form; a date the site refuses, unreadable or out of range (year
 * 0000, past 9999, before 1970 in UTC), is one the import reads as no date at all and keeps as a
 * draft, so that `import --dry-run` predicts exactly what the real import will do.
 */

const p2 = (n: number) => String(n).padStart(2, '0')

/** What the site stores for `publishedAt`, or undefined when it answers 400 naming it. */
function siteStores(publishedAt: string): string | undefined {
  try {
    return parseArticleInput({ title: 'T', content: 'C', publishedAt }).publishedAt
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    expect(error.issues.map((i) => i.path)).toEqual(['publishedAt'])
    return undefined
  }
}

const offset = fc.oneof(
  fc.constantFrom('Z', 'z'),
  fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([sign, h, m]) => `${sign}${p2(h)}:${p2(m)}`),
)

/** RFC 3339 date-times in every case, years from 0000 to past 9999, most of them valid calendar dates. */
const rfc3339 = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 1968, max: 1971 }),
      fc.integer({ min: 1972, max: 9997 }),
      fc.integer({ min: 9998, max: 10_001 }),
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    t: fc.constantFrom('T', 't'),
    offset,
  })
  .map(
    (d) =>
      `${String(d.year).padStart(4, '0')}-${p2(d.month)}-${p2(d.day)}${d.t}${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}${d.fraction === undefined ? '' : `.${String(d.fraction).padStart(3, '0')}`}${d.offset}`,
  )

describe('dates as RFC 3339 writes them, one rule for the site and the import (issue 19.6)', () => {
  it('accepts a lowercase t and z and stores the same as the uppercase form', () => {
    expect(siteStores('2025-03-11t09:19:00z')).toBe('2025-03-11T09:19:00Z')
    expect(siteStores('2025-03-11t09:19:00+06:00')).toBe('2025-03-11T09:19:00+06:00')
    fc.assert(
      fc.property(rfc3339, (date) => {
        expect(siteStores(date)).toBe(siteStores(date.toUpperCase()))
        const stored = siteStores(date)
        if (stored !== undefined) expect(stored).toMatch(/^[^tz]*$/)
      }),
      { numRuns: 4000 },
    )
  })

  it('refuses year 0000 on the site and imports it as a draft; the same for years past 9999', () => {
    for (const date of ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '9999-12-31T23:00:00-05:00']) {
      expect(siteStores(date)).toBeUndefined()
      expect(parseSourceDate(date)).toBeUndefined()
    }
  })

  it('imports with a date exactly when the site takes that date, and at the same instant', () => {
    fc.assert(
      fc.property(rfc3339, (date) => {
        const imported = parseSourceDate(date)
        const stored = siteStores(date)
        expect(imported !== undefined, `${date}: import ${imported?.value}, site ${stored}`).toBe(
          stored !== undefined,
        )
        // The import sends its own value; the site must take that too, meaning the same instant.
        if (imported !== undefined && stored !== undefined) {
          expect(siteStores(imported.value)).toBeDefined()
          expect(Date.parse(imported.value)).toBe(Date.parse(stored))
        }
      }),
      { numRuns: 4000 },
    )
  })
})
