import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb'
import { publishedPartition } from '../lib/store/item-keys.ts'
import { tableDefinition } from '../lib/store/table-definition.ts'
import type { BenchServer, BenchTable } from './bench-stack.ts'
import { addReadings, type CapacityReading, noReading, perRequest } from './capacity-meter.ts'
import { articleInputJson } from './fixtures.ts'

export interface StoreCost {
  readonly rounds: number
  /** Per request, as reported by dynalite (reads also as DynamoDB bills them: `rcuBilled`). */
  readonly publish: CapacityReading
  readonly uncachedFeed: CapacityReading
  /** Within the feed-state memo's window (the common case under load): no read at all. */
  readonly cachedFeed: CapacityReading
  readonly notModified: CapacityReading
  /** The first request after the memo's window ran out: the worst case of a cached feed or a 304. */
  readonly cachedFeedMemoExpired: CapacityReading
  readonly notModifiedMemoExpired: CapacityReading
  readonly uncachedCategoryFeed: CapacityReading
  readonly articlePage: CapacityReading
  /** One stored article as the feed reads it, KB: a page's read units over its articles. */
  readonly itemKb: number
  /**
   * Read units of exactly one page of the feed's articles, the newest `pageSize`, read by a Query of
   * the `published` index made here (eventually consistent, as the feed reads): what any feed page
   * must read. From the articles themselves, not from what a publish writes: a publish also puts
   * small entries (authors, registries), and an average over them halved the article's size.
   */
  readonly onePageRcu: number
  /**
   * What a publish would consume on DynamoDB, which bills every index an item is written to and
   * dynalite does not: the table write, once more for each ALL-projected index the article is in
   * (`published`, `byStatus`), 1 WCU per category (KEYS_ONLY `category{i}`), and the feed-state bumps.
   */
  readonly publishWcuDynamoDb: number
  /**
   * Per request type, over loopback one at a time: the median wall time, and the median CPU time of
   * the bench process (server, SDK client and the fetch client; the store's own work is in its process).
   */
  readonly timings: Readonly<Record<RequestType, { readonly medianMs: number; readonly cpuMs: number }>>
  /** `/rss.xml` body bytes per content coding, as CloudFront would cache and send them. */
  readonly feedBytes: { readonly identity: number; readonly gzip: number; readonly br: number }
}

type RequestType =
  | 'publish'
  | 'uncachedFeed'
  | 'cachedFeed'
  | 'notModified'
  | 'cachedFeedMemoExpired'
  | 'notModifiedMemoExpired'
  | 'uncachedCategoryFeed'
  | 'articlePage'

/**
 * Rounds of: publish an article (POST), read the feed (a miss: the publish moved the feed state on),
 * read it again (a hit), revalidate it (304), each of those two again once the feed-state memo's
 * window (`memoMaxAgeMs`) has run out, then read the article's category feed (a miss) and its page.
 * Each request's consumed capacity is what DynamoDB reported to the table's `CapacityMeter` (an SDK
 * middleware on the store's client: the store itself reports nothing).
 */
export async function measureStoreCost(
  server: BenchServer,
  table: BenchTable,
  client: DynamoDBClient,
  pageSize: number,
  rounds: number,
  memoMaxAgeMs: number,
): Promise<StoreCost> {
  const types: RequestType[] = [
    'publish',
    'uncachedFeed',
    'cachedFeed',
    'notModified',
    'cachedFeedMemoExpired',
    'notModifiedMemoExpired',
    'uncachedCategoryFeed',
    'articlePage',
  ]
  const sums = Object.fromEntries(types.map((t) => [t, [] as CapacityReading[]])) as Record<
    RequestType,
    CapacityReading[]
  >
  const walls = Object.fromEntries(types.map((t) => [t, [] as number[]])) as Record<RequestType, number[]>
  const cpus = Object.fromEntries(types.map((t) => [t, [] as number[]])) as Record<RequestType, number[]>
  let categories = 0
  const request = async (type: RequestType, path: string, expected: number, init: RequestInit = {}) => {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'accept-encoding': 'identity', ...(init.headers as Record<string, string> | undefined) },
    })
    await response.arrayBuffer()
    walls[type].push(performance.now() - t0)
    const cpu = process.cpuUsage(cpu0)
    cpus[type].push((cpu.user + cpu.system) / 1000)
    sums[type].push(table.meter.take())
    if (response.status !== expected) throw new Error(`${path} answered ${response.status}, not ${expected}`)
    return response
  }
  table.meter.take()
  for (let r = 0; r < rounds; r++) {
    const slug = `cost-${r}-${Date.now().toString(36)}`
    const input = articleInputJson(1000 + r, slug)
    await request('publish', '/api/articles', 201, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    })
    const category = categorySlug(input)
    categories += Array.isArray(input.categories) ? input.categories.length : 0
    await request('uncachedFeed', '/rss.xml', 200)
    const cached = await request('cachedFeed', '/rss.xml', 200)
    const etag = { 'if-none-match': cached.headers.get('etag') ?? '' }
    await request('notModified', '/rss.xml', 304, { headers: etag })
    await sleep(memoMaxAgeMs + 50)
    await request('cachedFeedMemoExpired', '/rss.xml', 200)
    await sleep(memoMaxAgeMs + 50)
    await request('notModifiedMemoExpired', '/rss.xml', 304, { headers: etag })
    await request('uncachedCategoryFeed', `/categories/${category}/rss.xml`, 200)
    await request('articlePage', `/articles/${slug}`, 200)
  }
  const timings = Object.fromEntries(
    types.map((t) => [t, { medianMs: median(walls[t]), cpuMs: median(cpus[t]) }]),
  ) as StoreCost['timings']
  const feedBytes = {
    identity: await encodedLength(server.url, 'identity'),
    gzip: await encodedLength(server.url, 'gzip'),
    br: await encodedLength(server.url, 'br'),
  }
  const mean = (list: readonly CapacityReading[]) =>
    perRequest(list.reduce(addReadings, noReading), list.length)
  const publish = mean(sums.publish)
  const putUnits = publish.operations.PutItem?.units ?? 0
  const bumps = publish.operations.UpdateItem?.units ?? 0
  const allProjected = tableDefinition.globalSecondaryIndexes.filter((i) => i.projection === 'ALL').length
  const onePageRcu = await pageReadUnits(client, table.name, pageSize)
  const itemKb = (onePageRcu * 2 * 4) / pageSize
  return {
    rounds,
    publish,
    uncachedFeed: mean(sums.uncachedFeed),
    cachedFeed: mean(sums.cachedFeed),
    notModified: mean(sums.notModified),
    cachedFeedMemoExpired: mean(sums.cachedFeedMemoExpired),
    notModifiedMemoExpired: mean(sums.notModifiedMemoExpired),
    uncachedCategoryFeed: mean(sums.uncachedCategoryFeed),
    articlePage: mean(sums.articlePage),
    itemKb,
    onePageRcu,
    publishWcuDynamoDb: putUnits * (1 + allProjected) + categories / rounds + bumps,
    timings,
    feedBytes,
  }
}

/** What DynamoDB reports a Query of the newest `pageSize` items of the `published` index consumes. */
async function pageReadUnits(client: DynamoDBClient, tableName: string, pageSize: number): Promise<number> {
  const output = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'published',
      // As the feed reads it: what is due ('$' sorts after the '#' that ends a key's date).
      KeyConditionExpression: 'pubpk = :p AND pubsk < :due',
      ExpressionAttributeValues: {
        ':p': { S: publishedPartition },
        ':due': { S: `${new Date().toISOString()}$` },
      },
      ScanIndexForward: false,
      Limit: pageSize,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  )
  if (output.Count !== pageSize) throw new Error(`a page of ${pageSize} read ${output.Count} items`)
  return output.ConsumedCapacity?.CapacityUnits ?? Number.NaN
}

async function encodedLength(url: string, encoding: string): Promise<number> {
  const response = await fetch(`${url}/rss.xml`, { headers: { 'accept-encoding': encoding } })
  await response.arrayBuffer()
  // fetch decodes the body; Content-Length still tells what travelled.
  return Number(response.headers.get('content-length') ?? Number.NaN)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function categorySlug(input: Record<string, unknown>): string {
  const list = input.categories
  const first: unknown = Array.isArray(list) ? list[0] : undefined
  if (typeof first === 'object' && first !== null && 'slug' in first && typeof first.slug === 'string') {
    return first.slug
  }
  throw new Error('bench article input has no category')
}
