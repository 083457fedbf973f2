import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import { countLogDay } from '../../lib/subscribers/count-log-day.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type Moto, motoMissing, motoServerPath, startMoto } from '../support/moto.ts'
import { site } from '../support/publish-api-harness.ts'

/** A CloudFront standard log (v2) record with the stack's fields, as delivered in JSON. */
function record(time: string, stem: string, status: string, agent: string): string {
  return JSON.stringify({
    date: time.slice(0, 10),
    time: time.slice(11, 19),
    'x-edge-location': 'FRA56-P1',
    'x-edge-request-id': 'k3Zq3u0Xx0Yy',
    'cs-method': 'GET',
    'x-host-header': 'news.example.com',
    'cs-uri-stem': stem,
    'cs-uri-query': '-',
    'sc-status': status,
    'sc-bytes': '5120',
    'sc-content-type': 'application/rss+xml',
    'time-taken': '0.002',
    'time-to-first-byte': '0.002',
    'x-edge-result-type': 'Hit',
    'x-edge-response-result-type': 'Hit',
    'x-edge-detailed-result-type': 'Hit',
    'cs-protocol': 'https',
    'cs-protocol-version': 'HTTP/2.0',
    'ssl-protocol': 'TLSv1.3',
    'cs(User-Agent)': encodeURIComponent(agent),
  })
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
    await logs.send(new CreateLogGroupCommand({ logGroupName }))
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'cloudfront' }))
    const lines: [string, string, string, string][] = [
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
    const events = lines
      .map(([time, stem, status, agent]) => ({
        timestamp: Date.parse(time),
        message: record(time, stem, status, agent),
      }))
      .sort((a, b) => a.timestamp - b.timestamp)
    await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'cloudfront', logEvents: events }))

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
