import { describe, expect, it } from 'vitest'
import { dayToCount, maxDaysBack } from '../../lib/subscribers/day-to-count.ts'
import { subscriberMetricPoints } from '../../lib/subscribers/subscriber-metric-points.ts'

describe('dayToCount: the day a run of the subscriber counter counts', () => {
  const now = new Date('2026-12-06T00:15:07Z')

  it("counts the day before the schedule's time, even when a retry runs later", () => {
    const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-12-06T00:15:00Z' }
    expect(dayToCount(scheduled, now)).toBe('2026-12-05')
    expect(dayToCount(scheduled, new Date('2026-12-06T05:00:00Z'))).toBe('2026-12-05')
    expect(dayToCount({}, now)).toBe('2026-12-05')
    expect(dayToCount(undefined, now)).toBe('2026-12-05')
  })

  it('counts the day given by hand when it is over and its logs are still kept', () => {
    expect(dayToCount({ day: '2026-12-05' }, now)).toBe('2026-12-05')
    expect(dayToCount({ day: '2026-11-05' }, now)).toBe('2026-11-05')
  })

  it.each([
    [{ day: '2026-12-06' }, 'day: 2026-12-06 is not over yet'],
    [{ day: '2027-01-01' }, 'day: 2027-01-01 is not over yet'],
    [{ day: '2026-02-30' }, 'day: 2026-02-30 is not a calendar day'],
    [{ day: '5.12.2026' }, 'day: must be a UTC day as YYYY-MM-DD'],
    [{ day: 20261205 }, 'day: must be a UTC day as YYYY-MM-DD'],
    [{ day: `2026-12-05${'x'.repeat(10_000)}` }, 'day: must be a UTC day as YYYY-MM-DD'],
    [{ day: '2026-10-01' }, `older than the access logs kept (${maxDaysBack} days)`],
  ])('refuses %j, naming the field', (event, message) => {
    expect(() => dayToCount(event, now)).toThrow(RangeError)
    expect(() => dayToCount(event, now)).toThrow(message)
  })
})

describe('subscriberMetricPoints', () => {
  it('gives the total over every feed, then the largest feeds, at most the cap', () => {
    const feed = (path: string, ...counts: number[]) => ({
      path,
      aggregators: counts.map((subscribers, i) => ({ name: `A${i}`, subscribers })),
      directReaders: 0,
    })
    const day = {
      day: '2026-12-05',
      feeds: [feed('/', 462, 114), feed('/authors/ada/', 3), feed('/categories/world/', 102), feed('/x/')],
    }
    expect(subscriberMetricPoints(day, 2)).toEqual([
      { subscribers: 681 },
      { feedPath: '/', subscribers: 576 },
      { feedPath: '/categories/world/', subscribers: 102 },
    ])
    expect(subscriberMetricPoints({ day: '2026-12-05', feeds: [] })).toEqual([{ subscribers: 0 }])
  })
})
