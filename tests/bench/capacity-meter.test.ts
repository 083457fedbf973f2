import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CapacityMeter, meterCapacity } from '../../bench/capacity-meter.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

let dynamo: EmbeddedDynamo
const clients: DynamoDBClient[] = []

beforeAll(async () => {
  dynamo = await startDynalite()
})

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})

afterAll(async () => {
  await dynamo?.close()
})

/** A client of the test's own, noting whether each request on the wire asked for capacity. */
function newClient(): { client: DynamoDBClient; askedForCapacity: boolean[] } {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  clients.push(client)
  const askedForCapacity: boolean[] = []
  client.middlewareStack.add(
    (next) => async (args) => {
      const request: unknown = args.request
      if (typeof request === 'object' && request !== null && 'body' in request) {
        const { body } = request
        const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body)
        askedForCapacity.push(text.includes('"ReturnConsumedCapacity":"TOTAL"'))
      }
      return next(args)
    },
    { step: 'finalizeRequest', name: 'noteCapacityRequests' },
  )
  return { client, askedForCapacity }
}

const now = new Date('2025-03-12T12:00:00Z')

describe('the capacity meter', () => {
  it('meters what each table consumed on a shared client, and only that table', async () => {
    const { client } = newClient()
    const [a, b] = [await dynamo.createTable(), await dynamo.createTable()]
    const meterA = new CapacityMeter(client, a)
    const meterB = new CapacityMeter(client, b)
    const storeA = createDynamoArticleStore({ client, tableName: a })
    const storeB = createDynamoArticleStore({ client, tableName: b })

    await storeA.create(makeArticle())
    await storeB.listPublished({ now, limit: 10, category: 'world' })
    const writes = meterA.take()
    const reads = meterB.take()

    expect(Object.keys(writes.operations).sort()).toEqual(['PutItem', 'UpdateItem'])
    expect(writes.wcu).toBeGreaterThan(0)
    expect(writes.rcu).toBe(0)
    // Ten keys-only Queries of an empty table: reported as nothing, billed as 0.5 RCU each.
    expect(reads.operations).toEqual({ Query: { calls: 10, units: 0 } })
    expect(reads.rcuBilled).toBe(5)
    expect(meterA.take().operations).toEqual({})
  })

  it('is the only one asking for capacity: the store alone sends no ReturnConsumedCapacity', async () => {
    const { client, askedForCapacity } = newClient()
    const tableName = await dynamo.createTable()
    const store = createDynamoArticleStore({ client, tableName })
    await store.create(makeArticle())
    await store.readFeedState('world')
    expect(askedForCapacity.length).toBeGreaterThan(2)
    expect(askedForCapacity.every((asked) => !asked)).toBe(true)

    askedForCapacity.length = 0
    const reports: string[] = []
    const stop = meterCapacity(client, ({ operation }) => reports.push(operation))
    await store.readFeedState('world')
    expect(askedForCapacity).toEqual([true])
    expect(reports).toEqual(['GetItem'])

    stop()
    await store.readFeedState('world')
    expect(askedForCapacity).toEqual([true, false])
    expect(reports).toEqual(['GetItem'])
  })
})
