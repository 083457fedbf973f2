import { readFileSync } from 'node:fs'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import { countLogDay } from '../../lib/subscribers/count-log-day.ts'
import { createSubscriberCountJob } from '../../lib/subscribers/subscriber-count-job.ts'
import type { SubscriberMetricPoint } from '../../lib/subscribers/subscriber-metric-points.ts'
import { type AccessLogLine, putAccessLogs } from '../support/cloudfront-access-logs.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type Moto, motoMissing, motoServerPath } from '../support/moto.ts'
import { site } from '../support/publish-api-harness.ts'
import { sharedMoto } from '../support/shared-moto.ts'

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

describe.skipIf(motoServerPath === undefined)(
  'countLogDay and the subscriber counter job over CloudWatch Logs (moto_server)',
  () => {
    let moto: Moto
    let dynamo: EmbeddedDynamo
    let logs: CloudWatchLogsClient
    beforeAll(async () => {
      ;[moto, dynamo] = await Promise.all([sharedMoto(), startDynalite()])
      logs = new CloudWatchLogsClient({
        endpoint: moto.endpoint,
        region: moto.region,
        credentials: moto.credentials,
      })
    }, 120_000)
    afterAll(async () => {
      logs?.destroy()
      await Promise.all([moto?.stop(), dynamo?.close()])
    })

    it('writes a day of aggregator reports as items that GET /api/subscribers answers', async () => {
      const logGroupName = 'access-logs'
      const lines: AccessLogLine[] = [
        [
          '2026-12-05T08:00:00Z',
          '/rss.xml',
          '200',
          'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 400 subscribers; )',
        ],
        [
          '2026-12-05T20:00:00Z',
          '/rss.xml',
          '304',
          'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )',
        ],
        [
          '2026-12-05T09:00:00Z',
          '/atom.xml',
          '200',
          'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
        ],
        [
          '2026-12-05T10:00:00Z',
          '/categories/world/feed.json',
          '200',
          'Feedbin feed-id:1697787 - 102 subscribers',
        ],
        ['2026-12-05T11:00:00Z', '/rss.xml', '304', 'NetNewsWire (RSS Reader; https://netnewswire.com/)'],
        [
          '2026-12-04T23:00:00Z',
          '/rss.xml',
          '200',
          'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 9 subscribers; )',
        ],
        [
          '2026-12-06T00:00:01Z',
          '/rss.xml',
          '200',
          'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 9 subscribers; )',
        ],
      ]
      await putAccessLogs(logs, logGroupName, lines)

      const tableName = await dynamo.createTable()
      const days = createSubscriberDayStore({ client: dynamo.client, name: tableName })
      const counted = await countLogDay('2026-12-05', { logs, logGroupName, write: days.write })
      expect(counted.feeds.map((f) => f.path)).toEqual(['/', '/categories/world/'])

      const token = 'subscribers-test-token'
      const app = createPublishApp({
        store: createDynamoArticleStore({ client: dynamo.client, tableName }),
        clock: () => new Date('2026-12-06T03:00:00Z'),
        site,
        tokens: () => [token],
        subscribers: days,
      })
      const response = await app.request('/api/subscribers', {
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
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
    }, 120_000)

    it("counts yesterday's aggregator reports, stores them for GET /api/subscribers and emits the metrics", async () => {
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
            directReaders: null,
          },
          {
            path: '/authors/ada-lovelace/',
            aggregators: [{ name: 'Dreamwidth', subscribers: 2 }],
            directReaders: null,
          },
          {
            path: '/categories/world/',
            aggregators: [
              { name: 'Feedbin', subscribers: 102 },
              { name: 'The Old Reader', subscribers: 1 },
            ],
            directReaders: null,
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
    }, 120_000)

    it('refuses a day that is not one', async () => {
      await expect(
        countLogDay('2026-13-99', { logs, logGroupName: 'x', write: async () => {} }),
      ).rejects.toThrow(RangeError)
    })
  },
)

describe.skipIf(motoServerPath !== undefined)('countLogDay over CloudWatch Logs', () => {
  it.skip(motoMissing, () => {})
})
