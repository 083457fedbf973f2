import { readFileSync } from 'node:fs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import { dayToCount, maxDaysBack } from '../../lib/subscribers/day-to-count.ts'
import { createSubscriberCountJob } from '../../lib/subscribers/subscriber-count-job.ts'
import {
  type SubscriberMetricPoint,
  subscriberMetricPoints,
} from '../../lib/subscribers/subscriber-metric-points.ts'
import { type AccessLogLine, putAccessLogs } from '../support/cloudfront-access-logs.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type Moto, motoMissing, motoServerPath, startMoto } from '../support/moto.ts'

/** The documented agents of the hosted readers (sources in the fixture). */
const agents = (
  JSON.parse(
    readFileSync(new URL('../fixtures/subscribers/aggregator-agents.json', import.meta.url), 'utf8'),
  ) as { agents: { ua: string; aggregator: string; subscribers: number }[] }
).agents
const agentOf = (aggregator: string) => {
  const agent = agents.find((a) => a.aggregator === aggregator)
  if (agent === undefined) throw new Error(`no ${aggregator} agent in the fixture`)
  return agent.ua
}

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

describe.skipIf(motoServerPath === undefined)(
  'the subscriber counter job over CloudWatch Logs (moto_server)',
  () => {
    let moto: Moto
    let dynamo: EmbeddedDynamo
    beforeAll(async () => {
      ;[moto, dynamo] = await Promise.all([startMoto(), startDynalite()])
    }, 120_000)
    afterAll(async () => {
      await Promise.all([moto?.stop(), dynamo?.close()])
    })

    it("counts yesterday's aggregator reports, stores them for GET /api/subscribers and emits the metrics", async () => {
      const logs = new CloudWatchLogsClient({
        endpoint: moto.endpoint,
        region: moto.region,
        credentials: moto.credentials,
      })
      const logGroupName = 'cloudfront-access-logs'
      const lines: AccessLogLine[] = [
        ['2026-12-05T01:00:00Z', '/rss.xml', '200', agentOf('Feedly')],
        ['2026-12-05T02:00:00Z', '/atom.xml', '304', agentOf('Inoreader')],
        ['2026-12-05T03:00:00Z', '/feed.json', '200', agentOf('NewsBlur')],
        ['2026-12-05T04:00:00Z', '/categories/world/rss.xml', '200', agentOf('Feedbin')],
        ['2026-12-05T05:00:00Z', '/categories/world/rss.xml', '200', agentOf('The Old Reader')],
        ['2026-12-05T06:00:00Z', '/authors/ada-lovelace/atom.xml', '200', agentOf('Dreamwidth')],
        // Not a subscriber report, a failed request, and the days around: none counts.
        ['2026-12-05T07:00:00Z', '/rss.xml', '304', 'NetNewsWire (RSS Reader; https://netnewswire.com/)'],
        ['2026-12-05T08:00:00Z', '/rss.xml', '503', agentOf('BazQux')],
        ['2026-12-04T23:59:59Z', '/rss.xml', '200', agentOf('NewsGator')],
        ['2026-12-06T00:00:00Z', '/rss.xml', '200', agentOf('NewsGator')],
      ]
      await putAccessLogs(logs, logGroupName, lines)
      const tableName = await dynamo.createTable()
      const days = createSubscriberDayStore({ client: dynamo.client, name: tableName })
      const emitted: { points: readonly SubscriberMetricPoint[]; day: string }[] = []
      const job = createSubscriberCountJob({
        logs,
        logGroupName,
        write: (day) => days.write(day),
        emit: (points, day) => emitted.push({ points, day }),
        clock: () => new Date('2026-12-06T00:15:02Z'),
      })

      const result = await job({ 'detail-type': 'Scheduled Event', time: '2026-12-06T00:15:00Z' })
      expect(result).toEqual({ day: '2026-12-05', feeds: 3, subscribers: 462 + 114 + 27 + 102 + 1 + 2 })
      expect(await days.read()).toEqual({
        day: '2026-12-05',
        feeds: [
          {
            path: '/',
            aggregators: [
              { name: 'Feedly', subscribers: 462 },
              { name: 'Inoreader', subscribers: 114 },
              { name: 'NewsBlur', subscribers: 27 },
            ],
            directReaders: 0,
          },
          {
            path: '/authors/ada-lovelace/',
            aggregators: [{ name: 'Dreamwidth', subscribers: 2 }],
            directReaders: 0,
          },
          {
            path: '/categories/world/',
            aggregators: [
              { name: 'Feedbin', subscribers: 102 },
              { name: 'The Old Reader', subscribers: 1 },
            ],
            directReaders: 0,
          },
        ],
      })
      expect(emitted).toEqual([
        {
          day: '2026-12-05',
          points: [
            { subscribers: 708 },
            { feedPath: '/', subscribers: 603 },
            { feedPath: '/categories/world/', subscribers: 103 },
            { feedPath: '/authors/ada-lovelace/', subscribers: 2 },
          ],
        },
      ])

      // A run by hand for a day with no reports writes nothing and emits a zero total.
      expect(await job({ day: '2026-12-03' })).toEqual({ day: '2026-12-03', feeds: 0, subscribers: 0 })
      expect(await days.read('2026-12-03')).toBeUndefined()
      await expect(job({ day: '2026-12-06' })).rejects.toThrow('day: 2026-12-06 is not over yet')
      logs.destroy()
    }, 120_000)
  },
)

describe.skipIf(motoServerPath !== undefined)('the subscriber counter job over CloudWatch Logs', () => {
  it.skip(motoMissing, () => {})
})
