import { describe, expect, it } from 'vitest'
import { parseSourceDate } from '../../lib/cli/source-date.ts'

describe('parseSourceDate', () => {
  it.each([
    ['Mon, 15 Jan 2024 09:30:00 +0600', '2024-01-15T09:30:00+06:00'],
    ['Mon, 15 Jan 2024 09:30:00 +0000', '2024-01-15T09:30:00Z'],
    ['15 Jan 2024 09:30:00 GMT', '2024-01-15T09:30:00Z'],
    ['Mon, 15 Jan 2024 09:30:00 EST', '2024-01-15T09:30:00-05:00'],
    ['Mon, 15 Jan 2024 09:30:00 UTC', '2024-01-15T09:30:00Z'],
    ['Fri, 5 Jan 2024 9:30:00 +0100', '2024-01-05T09:30:00+01:00'],
    ['Mon, 05 Jan 2024 09:30:00 +0100', '2024-01-05T09:30:00+01:00'],
    ['2024-01-01T00:00:00.123-05:30', '2024-01-01T00:00:00.123-05:30'],
    ['2024-01-01 10:00:00+02:00', '2024-01-01T10:00:00+02:00'],
  ])('reads %s as %s, keeping the offset', (raw, expected) => {
    expect(parseSourceDate(raw)).toEqual({ value: expected, assumedUtc: false })
  })

  it('reads a date without a zone as UTC, and says so', () => {
    expect(parseSourceDate('Mon, 15 Jan 2024 09:30:00')).toEqual({
      value: '2024-01-15T09:30:00Z',
      assumedUtc: true,
    })
    expect(parseSourceDate('2024-01-15T09:30:00')).toEqual({
      value: '2024-01-15T09:30:00Z',
      assumedUtc: true,
    })
  })

  it('gives up on what is not a real date rather than guess', () => {
    for (const raw of ['', 'yesterday', 'Tue, 30 Feb 2024 10:00:00 +0000', '2024-13-01T00:00:00Z']) {
      expect(parseSourceDate(raw), raw).toBeUndefined()
    }
  })
})
