import { describe, expect, it } from 'vitest'
import { newestChange, toRfc822, toRfc3339 } from '../../lib/feeds/dates.ts'

const rfc822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/

describe('toRfc822', () => {
  it('gives the instant in UTC with a numeric zone', () => {
    expect(toRfc822('2025-03-11T09:19:00+06:00')).toBe('Tue, 11 Mar 2025 03:19:00 +0000')
    expect(toRfc822('2025-03-11T03:19:00Z')).toMatch(rfc822)
  })

  it('pads the day and crosses the date line to the UTC day', () => {
    expect(toRfc822('2024-01-01T02:05:09+05:00')).toBe('Sun, 31 Dec 2023 21:05:09 +0000')
    expect(toRfc822('2025-02-03T04:05:06-07:00')).toBe('Mon, 03 Feb 2025 11:05:06 +0000')
  })

  it('refuses a date that does not parse rather than printing "Invalid Date"', () => {
    expect(() => toRfc822('yesterday')).toThrow(RangeError)
  })
})

describe('toRfc3339', () => {
  it('normalises any offset to UTC with a Z and whole seconds', () => {
    expect(toRfc3339('2025-03-11T09:19:00+06:00')).toBe('2025-03-11T03:19:00Z')
    expect(toRfc3339('2025-03-11T03:19:00.000Z')).toBe('2025-03-11T03:19:00Z')
  })

  it('keeps milliseconds that the stored date carries', () => {
    expect(toRfc3339('2025-03-11T03:19:00.250Z')).toBe('2025-03-11T03:19:00.250Z')
  })

  it('refuses a date that does not parse', () => {
    expect(() => toRfc3339('2025-13-45')).toThrow(RangeError)
  })
})

describe('newestChange', () => {
  it('is the newest updatedAt among the items', () => {
    const items = [
      { updatedAt: '2025-03-10T00:00:00Z', publishedAt: '2025-03-01T00:00:00Z' },
      { updatedAt: '2025-03-12T08:00:00Z', publishedAt: '2025-03-02T00:00:00Z' },
    ]
    expect(newestChange(items)).toBe('2025-03-12T08:00:00Z')
  })

  it('moves forward when a scheduled item falls due after its last edit', () => {
    const items = [
      { updatedAt: '2025-03-10T00:00:00Z', publishedAt: '2025-03-01T00:00:00Z' },
      { updatedAt: '2025-03-05T00:00:00Z', publishedAt: '2025-03-20T06:00:00Z' },
    ]
    expect(newestChange(items)).toBe('2025-03-20T06:00:00Z')
  })

  it('compares instants, not strings with different offsets', () => {
    const items = [
      { updatedAt: '2025-03-11T09:19:00+06:00' }, // 03:19Z, the larger string
      { updatedAt: '2025-03-11T04:00:00Z' },
    ]
    expect(newestChange(items)).toBe('2025-03-11T04:00:00Z')
  })

  it('takes the extra date into account when it is newer', () => {
    const items = [{ updatedAt: '2025-03-10T00:00:00Z' }]
    expect(newestChange(items, '2025-04-01T00:00:00+02:00')).toBe('2025-03-31T22:00:00Z')
    expect(newestChange(items, '2025-01-01T00:00:00Z')).toBe('2025-03-10T00:00:00Z')
    expect(newestChange([], '2025-01-01T00:00:00Z')).toBe('2025-01-01T00:00:00Z')
  })

  it('is the epoch for no items and no extra date', () => {
    expect(newestChange([])).toBe('1970-01-01T00:00:00Z')
  })
})
