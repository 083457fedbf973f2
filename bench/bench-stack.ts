import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { type ServerType, serve } from '@hono/node-server'
import type { Config } from '../lib/config.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { createTableInput } from '../lib/store/table-definition.ts'
import { CapacityMeter } from './capacity-meter.ts'

/** Signs the bench's feed cursors; any fixed key of 32 characters does. */
export const benchCursorKey = 'bench-cursor-key-of-32-characters-or-more'

export interface BenchTable {
  readonly name: string
  readonly store: DynamoArticleStore
  /** Every DynamoDB response's consumed capacity for this table's store. */
  readonly meter: CapacityMeter
  /** Feed pages read from the store (`listPublished` calls) so far: the feed cache's misses. */
  pageReads(): number
}

/**
 * The SDK client the way `bin/local-stack.ts` builds it for the embedded store, with room for a
 * busy machine: seeding opens 100 connections at once while other work shares the cores.
 */
export function createStoreClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
  })
}

/** A table from the shared definition, with a store that reports its consumed capacity. */
export async function createBenchTable(client: DynamoDBClient, name: string): Promise<BenchTable> {
  await client.send(new CreateTableCommand(createTableInput(name)))
  for (let i = 0; ; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
    if (Table?.TableStatus === 'ACTIVE') break
    if (i > 100) throw new Error(`table ${name} did not become ACTIVE`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const meter = new CapacityMeter(client, name)
  const dynamo = createDynamoArticleStore({
    client,
    tableName: name,
    onBackgroundError: (error) => console.error('feed-state bump failed:', error),
  })
  let pageReads = 0
  const store: DynamoArticleStore = {
    ...dynamo,
    listPublished(query) {
      pageReads += 1
      return dynamo.listPublished(query)
    },
  }
  return { name, store, meter, pageReads: () => pageReads }
}

export interface BenchServer {
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

/** Both apps over one table on one port, as `bin/local-stack.ts` composes them for `npm start`. */
export async function startBenchServer(
  table: BenchTable,
  config: Config,
  wrapStore: (store: DynamoArticleStore) => DynamoArticleStore = (store) => store,
): Promise<BenchServer> {
  const token = `bench-${crypto.randomUUID()}`
  const clock = () => new Date()
  const deps = { store: wrapStore(table.store), clock, site: config.site }
  const publicApp = createPublicApp({ ...deps, feedPageSize: config.feedPageSize, cursorKey: benchCursorKey })
  const publishApp = createPublishApp({ ...deps, tokens: () => [token] })

  const fetch = (request: Request) => {
    const { pathname } = new URL(request.url)
    return pathname === '/api' || pathname.startsWith('/api/')
      ? publishApp.fetch(request)
      : publicApp.fetch(request)
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
