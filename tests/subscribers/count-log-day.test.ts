import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import type { Site } from '../../lib/site.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import { countLogDay } from '../../lib/subscribers/count-log-day.ts'
import { type AccessLogLine, putAccessLogs } from '../support/cloudfront-access-logs.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type Moto, motoMissing, motoServerPath, startMoto } from '../support/moto.ts'

const site: Site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'The news, as it is published.',
  language: 'en',
  author: 'Newsroom Desk',
}

describe.skipIf(motoServerPath === undefined)('countLogDay over CloudWatch Logs (moto_server)', () => {
  let moto: Moto
  let dynamo: EmbeddedDynamo
  beforeAll(async () => {
    ;[moto, dynamo] = await Promise.all([startMoto(), startDynalite()])
  }, 120_000)
  afterAll(async () => {
    await Promise.all([moto?.stop(), dynamo?.close()])
  })

  it('writes a day of aggregator reports as items that GET /api/subscribers answers', async () => {
    const logs = new CloudWatchLogsClient({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: moto.credentials,
    })
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
    const response = await app.request('/api/subscribers', { headers: { Authorization: `Bearer ${token}` } })
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
          directReaders: 0,
        },
        {
          path: '/categories/world/',
          aggregators: [{ name: 'Feedbin', subscribers: 102 }],
          directReaders: 0,
        },
      ],
    })
    logs.destroy()
  }, 120_000)

  it('refuses a day that is not one', async () => {
    const logs = new CloudWatchLogsClient({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: moto.credentials,
    })
    await expect(
      countLogDay('2026-13-99', { logs, logGroupName: 'x', write: async () => {} }),
    ).rejects.toThrow(RangeError)
    logs.destroy()
  })
})

describe.skipIf(motoServerPath !== undefined)('countLogDay over CloudWatch Logs', () => {
  it.skip(motoMissing, () => {})
})
