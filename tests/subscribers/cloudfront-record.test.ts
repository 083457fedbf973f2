import { describe, expect, it } from 'vitest'
import { accessLogFields } from '../../cdk/constructs/access-log-fields.ts'
import { feedRequestOfCloudFrontRecord } from '../../lib/subscribers/cloudfront-record.ts'
import { createSubscriberTally } from '../../lib/subscribers/subscriber-tally.ts'
import { cloudFrontLogRecord } from '../support/cloudfront-access-logs.ts'

/** A record with every field the stack's delivery keeps, as CloudFront writes them, with `overrides`. */
function record(overrides: Record<string, string>): string {
  const base: unknown = JSON.parse(cloudFrontLogRecord('2026-12-05T10:00:00Z', '/rss.xml', '200', '-'))
  return JSON.stringify({ ...(base as object), ...overrides })
}

describe('feedRequestOfCloudFrontRecord', () => {
  it('builds its fixture from exactly the fields the stack delivers', () => {
    expect(Object.keys(JSON.parse(record({})) as object).sort()).toEqual([...accessLogFields].sort())
  })

  it('counts aggregators from a day of records, folding variants, and direct readers not counted (null) without addresses', () => {
    const tally = createSubscriberTally()
    const lines = [
      record({
        'cs(User-Agent)': 'Feedly/1.0%20(+http://www.feedly.com/fetcher.html;%20462%20subscribers;%20)',
      }),
      record({
        time: '11:00:00',
        'cs-uri-stem': '/atom.xml',
        'sc-status': '304',
        'cs(User-Agent)': 'Mozilla/5.0%20(compatible;%20inoreader.com;%20114%20subscribers)',
      }),
      record({
        'cs-uri-stem': '/categories/world/feed.json',
        'cs-uri-query': 'content=summary',
        'cs(User-Agent)': 'Feedbin%20feed-id:1697787%20-%20102%20subscribers',
      }),
      record({ 'sc-status': '304', 'cs(User-Agent)': 'NetNewsWire%20(RSS%20Reader)' }),
      'not json',
      JSON.stringify({ date: '2026-12-05' }),
    ]
    for (const line of lines) {
      const request = feedRequestOfCloudFrontRecord(line)
      if (request) tally.record(request)
    }
    expect(tally.summary('2026-12-05')).toEqual({
      day: '2026-12-05',
      feeds: [
        {
          path: '/',
          aggregators: [
            { name: 'Feedly', subscribers: 462 },
            { name: 'Inoreader', subscribers: 114 },
          ],
          directReaders: null,
        },
        {
          path: '/categories/world/',
          aggregators: [{ name: 'Feedbin', subscribers: 102 }],
          directReaders: null,
        },
      ],
    })
  })

  it('reads no record that is too long, malformed or not an object', () => {
    expect(feedRequestOfCloudFrontRecord(record({ 'cs(User-Agent)': 'x'.repeat(20_000) }))).toBeUndefined()
    expect(feedRequestOfCloudFrontRecord('[]')).toBeUndefined()
    expect(feedRequestOfCloudFrontRecord(record({ time: '25:00' }))).toBeUndefined()
    expect(feedRequestOfCloudFrontRecord(record({ 'sc-status': 'x' }))).toBeUndefined()
    expect(feedRequestOfCloudFrontRecord(record({ 'cs(User-Agent)': '%E0%A4%A' }))?.userAgent).toBe(
      '%E0%A4%A',
    )
  })
})
