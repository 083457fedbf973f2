import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import type { SubscriberCounts } from '../subscribers/subscriber-counts.ts'
import type { AggregatorCount, DaySubscribers, FeedSubscribers } from '../subscribers/subscriber-tally.ts'
import type { Item, StoreTable } from './item-keys.ts'
import { queryPages } from './query-pages.ts'
import { storeCall } from './store-errors.ts'

/*
 * Subscriber counts, one item per feed and day so no day has a size where it stops:
 * - `pk = SUBSCRIBERS#{day}`, `sk = FEED#{path}`: `aggregators` (JSON list), `directReaders`;
 * - `pk = SUBSCRIBERS`, `sk = DAY#{day}`: the day is complete (written after its feeds), `feeds`.
 * Never a client address: the tally hands over counts only.
 */

export const subscriberPartitionPrefix = 'SUBSCRIBERS'
const dayIndexPartition = subscriberPartitionPrefix
const maxPages = 50

export interface SubscriberDayStore extends SubscriberCounts {
  write(day: DaySubscribers): Promise<void>
}

export function createSubscriberDayStore(table: StoreTable): SubscriberDayStore {
  const put = (item: Item) =>
    storeCall(() => table.client.send(new PutItemCommand({ TableName: table.name, Item: item })))

  async function latestDay(): Promise<string | undefined> {
    const { Items } = await storeCall(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
          ExpressionAttributeValues: { ':pk': { S: dayIndexPartition }, ':day': { S: 'DAY#' } },
          ScanIndexForward: false,
          Limit: 1,
        }),
      ),
    )
    return Items?.[0]?.sk?.S?.slice('DAY#'.length)
  }

  return {
    async write(day) {
      for (const feed of day.feeds) {
        await put({
          pk: { S: `${subscriberPartitionPrefix}#${day.day}` },
          sk: { S: `FEED#${feed.path}` },
          kind: { S: 'subscribers' },
          aggregators: { S: JSON.stringify(feed.aggregators) },
          directReaders: feed.directReaders === null ? { NULL: true } : { N: String(feed.directReaders) },
        })
      }
      await put({
        pk: { S: dayIndexPartition },
        sk: { S: `DAY#${day.day}` },
        kind: { S: 'subscriber-day' },
        feeds: { N: String(day.feeds.length) },
      })
    },

    async read(day) {
      const wanted = day ?? (await latestDay())
      if (wanted === undefined) return undefined
      const feeds: FeedSubscribers[] = []
      const pages = queryPages(
        table,
        {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `${subscriberPartitionPrefix}#${wanted}` } },
        },
        { maxPages },
      )
      for await (const page of pages) {
        for (const item of page.items) {
          const path = item.sk?.S?.slice('FEED#'.length)
          if (path === undefined) continue
          feeds.push({
            path,
            aggregators: parseAggregators(item.aggregators?.S),
            directReaders: item.directReaders?.NULL === true ? null : Number(item.directReaders?.N ?? '0'),
          })
        }
      }
      if (feeds.length === 0) return undefined
      return { day: wanted, feeds }
    },
  }
}

function parseAggregators(text: string | undefined): AggregatorCount[] {
  if (text === undefined) return []
  const parsed: unknown = JSON.parse(text)
  if (!Array.isArray(parsed)) return []
  const counts: AggregatorCount[] = []
  for (const entry of parsed as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue
    const name: unknown = Reflect.get(entry, 'name')
    const subscribers: unknown = Reflect.get(entry, 'subscribers')
    if (typeof name === 'string' && typeof subscribers === 'number') counts.push({ name, subscribers })
  }
  return counts
}
