import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { zoneClock } from '../../lib/pages/zone-clock.ts'

/** What the pages took from luxon before `zoneClock` replaced it: the same fields, or none. */
function luxonClock(datetime: string, timeZone: string) {
  const local = DateTime.fromISO(datetime, { zone: timeZone })
  if (!local.isValid) return undefined
  const { year, month, day, hour, minute, offset } = local
  return { year, month, day, hour, minute, offsetMinutes: offset }
}

/** A small seeded generator: the same cases on every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

describe('zoneClock', () => {
  it('reads every zone the runtime knows as luxon does, at instants from year 0 to 9999 and around DST changes', () => {
    const next = random(20)
    const zones = [
      'UTC',
      'Europe/London',
      'America/New_York',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      ...Intl.supportedValuesOf('timeZone'),
    ]
    const stamps: string[] = []
    for (const zone of zones) {
      for (let i = 0; i < 12; i += 1) {
        const year = i < 2 ? Math.floor(next() * 10_000) : 1850 + Math.floor(next() * 250)
        const offset = Math.floor(next() * 57) - 28
        const zonePart =
          next() < 0.3
            ? 'Z'
            : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 2))}:${offset % 2 === 0 ? '00' : '30'}`
        const fraction = next() < 0.3 ? `.${Math.floor(next() * 1e6)}` : ''
        const stamp = `${pad(year, 4)}-${pad(1 + Math.floor(next() * 12))}-${pad(1 + Math.floor(next() * 28))}T${pad(Math.floor(next() * 24))}:${pad(Math.floor(next() * 60))}:${pad(Math.floor(next() * 60))}${fraction}${zonePart}`
        stamps.push(stamp)
        expect(zoneClock(stamp, zone), `${stamp} in ${zone}`).toEqual(luxonClock(stamp, zone))
      }
    }
    // The hours around the 2025 changes of Europe and the US, minute by quarter hour.
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Lord_Howe']) {
      for (const day of [
        '2025-03-09',
        '2025-03-30',
        '2025-04-06',
        '2025-10-05',
        '2025-10-26',
        '2025-11-02',
      ]) {
        for (let quarter = 0; quarter < 24 * 4; quarter += 1) {
          const stamp = `${day}T${pad(Math.floor(quarter / 4))}:${pad((quarter % 4) * 15)}:00Z`
          expect(zoneClock(stamp, zone), `${stamp} in ${zone}`).toEqual(luxonClock(stamp, zone))
        }
      }
    }
    expect(stamps.length).toBeGreaterThan(1000)
  })

  it.each([
    '2025-02-29T10:00:00Z',
    '2024-02-29T10:00:00Z',
    '2100-02-29T10:00:00Z',
    '2000-02-29T10:00:00Z',
    '2025-04-31T10:00:00Z',
    '2025-13-01T10:00:00Z',
    '2025-00-10T10:00:00Z',
    '2025-03-00T10:00:00Z',
    '2025-03-11T24:00:00Z',
    '2025-03-11T24:00:00.000+06:00',
    '2025-03-11T24:00:01Z',
    '2025-03-11T24:00:00.5Z',
    '2025-03-11T23:60:00Z',
    '2025-03-11T23:59:60Z',
    '2025-03-11T09:19:00+99:99',
    '2025-03-11T09:19:00-00:30',
    '2025-03-11T09:19:00+14:00',
    '2025-03-11T09:19:00.9999999Z',
    `2025-03-11T09:19:00.${'9'.repeat(30)}Z`,
    `2025-03-11T09:19:00.${'1'.repeat(31)}Z`,
    '0000-01-01T00:00:00+14:00',
    '0099-12-31T23:59:59-12:00',
    '9999-12-31T23:59:59-12:00',
    '1800-06-01T12:00:00Z',
    '2025-03-11 09:19:00Z',
    '2025-03-11T09:19:00z',
    '2025-03-11t09:19:00Z',
  ])('agrees with luxon on %s, in and out of range', (stamp) => {
    for (const zone of ['Europe/London', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Kiritimati']) {
      expect(zoneClock(stamp, zone), `${stamp} in ${zone}`).toEqual(luxonClock(stamp, zone))
    }
  })

  it('gives nothing for a zone the runtime does not know, as luxon', () => {
    expect(zoneClock('2025-03-11T09:19:00Z', 'Mars/Olympus_Mons')).toBeUndefined()
    expect(luxonClock('2025-03-11T09:19:00Z', 'Mars/Olympus_Mons')).toBeUndefined()
    expect(zoneClock('2025-03-11T09:19:00Z', 'Europe/London')).toEqual({
      year: 2025,
      month: 3,
      day: 11,
      hour: 9,
      minute: 19,
      offsetMinutes: 0,
    })
  })
})
