import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { type Http2Bindings, type HttpBindings, type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { ArticleStore } from '../lib/articles/article-store.ts'
import type { Config } from '../lib/config.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { createTableInput } from '../lib/store/table-definition.ts'
import { CapacityMeter } from './capacity-meter.ts'

export const ceilingPrefix = '/__ceiling/'
/** Signs the bench's feed cursors; any fixed key of 32 characters does. */
export const benchCursorKey = 'bench-cursor-key-of-32-characters-or-more'

export interface BenchTable {
  readonly name: string
  readonly store: ArticleStore
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
  const meter = new CapacityMeter()
  const dynamo = createDynamoArticleStore({
    client,
    tableName: name,
    onCapacity: meter.record,
    onBackgroundError: (error) => console.error('feed-state bump failed:', error),
  })
  let pageReads = 0
  const store: ArticleStore = {
    ...dynamo,
    listPublished(query) {
      pageReads += 1
      return dynamo.listPublished(query)
    },
  }
  return { name, store, meter, pageReads: () => pageReads }
}

/** A response to replay verbatim from the ceiling route. */
export interface CeilingResponse {
  readonly status: number
  /** As received, less what the HTTP server adds itself (`date`, `connection`, `keep-alive`). */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

export interface BenchServer {
  readonly url: string
  readonly token: string
  /**
   * The path of a ceiling route answering this exact response: status, headers and body. The same
   * bytes on the wire, not just the same body size: the load generator shares the machine, and
   * parsing a longer header block or decoding UTF-8 text costs it more than a short ASCII answer.
   */
  ceilingFor(response: CeilingResponse): string
  close(): Promise<void>
}

/**
 * Both apps over one table on one port, as `bin/local-stack.ts` composes them, plus the ceiling: a
 * bare Hono route answering `/__ceiling/<id>` with a constant body registered by `ceilingFor`. Same
 * process, same server, same router in front, so the ratio measures what the apps add.
 */
export async function startBenchServer(
  table: BenchTable,
  config: Config,
  wrapStore: (store: ArticleStore) => ArticleStore = (store) => store,
): Promise<BenchServer> {
  const token = `bench-${crypto.randomUUID()}`
  const clock = () => new Date()
  const deps = { store: wrapStore(table.store), clock, site: config.site }
  const publicApp = createPublicApp({ ...deps, feedPageSize: config.feedPageSize, cursorKey: benchCursorKey })
  const publishApp = createPublishApp({ ...deps, tokens: () => [token] })

  const ceiling = new Hono()
  const responses: CeilingResponse[] = []
  ceiling.get(`${ceilingPrefix}:id{[0-9]+}`, (c) => {
    const response = responses[Number(c.req.param('id'))]
    if (!response) return c.notFound()
    const body = response.status === 304 ? null : (response.body as Uint8Array<ArrayBuffer>)
    return new Response(body, { status: response.status, headers: { ...response.headers } })
  })

  // `env` is what `serve` hands an app: Node's request and response (as in `bin/local-stack.ts`).
  const fetch = (request: Request, env: HttpBindings | Http2Bindings) => {
    const { pathname } = new URL(request.url)
    if (pathname.startsWith(ceilingPrefix)) return ceiling.fetch(request, env)
    return pathname === '/api' || pathname.startsWith('/api/')
      ? publishApp.fetch(request, env)
      : publicApp.fetch(request, env)
  }
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    ceilingFor(response) {
      responses.push(response)
      return `${ceilingPrefix}${responses.length - 1}`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
