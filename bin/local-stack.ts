import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb'
import { type ServerType, serve } from '@hono/node-server'
import type { Article } from '../lib/articles/article.ts'
import { parseArticleInput } from '../lib/articles/article-input.ts'
import { createArticle } from '../lib/articles/create-article.ts'
import { parseSeedArticle } from '../lib/articles/parse-seed-article.ts'
import type { Config } from '../lib/config.ts'
import { deriveDeskKey } from '../lib/desk/desk-key.ts'
import { deskTimeZone } from '../lib/desk/desk-time-zone.ts'
import type { AppLogger } from '../lib/http/app-deps.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { startInProcessNotify } from '../lib/notify/in-process-notify.ts'
import { type NotifyLogger, silentNotifyLogger } from '../lib/notify/notify-logger.ts'
import { createDeskListing } from '../lib/store/desk-listing-queries.ts'
import { syncDeskTerms } from '../lib/store/desk-terms.ts'
import { syncDeskTermsOfNew } from '../lib/store/desk-terms-of-new.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { createDynamoEditorStore } from '../lib/store/editor-tokens.ts'
import { defaultFeedStateMaxAgeMs, memoizeFeedStates } from '../lib/store/memoize-feed-states.ts'
import { rebuildRegistries } from '../lib/store/rebuild-registries.ts'
import { createSubscriberDayStore } from '../lib/store/subscriber-days.ts'
import { createTableInput } from '../lib/store/table-definition.ts'
import { firstOf } from '../lib/subscribers/subscriber-counts.ts'
import { createSubscriberTally } from '../lib/subscribers/subscriber-tally.ts'
import { embeddedStoreAuth } from './embedded-store-auth.ts'
import { type StoreThread, startStoreThread } from './store-thread.ts'

export interface LocalStack {
  /** Where both apps answer, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  readonly token: string
  readonly tokenGenerated: boolean
  readonly tableName: string
  /** The embedded store's endpoint, or the external one in use. */
  readonly storeEndpoint: string
  /** The seeded sample article, when the table was empty. */
  readonly seeded?: Article
  close(): Promise<void>
}

export interface LocalStackOptions {
  readonly config: Config
  /** Listen on this host; default 127.0.0.1. */
  readonly host?: string
  readonly logger?: AppLogger
  /** Seed the sample article into an empty table (default true). */
  readonly seed?: boolean
  readonly clock?: () => Date
  /** Where the notifier (WEBSUB_HUBS, WEBHOOK_URLS) logs its deliveries; default nowhere. */
  readonly notifyLogger?: NotifyLogger
  /** The notifier's waits before retries (tests shorten them). */
  readonly notifyRetryDelaysMs?: readonly number[]
}

const seedPath = new URL('../sample/seed-article.txt', import.meta.url)

/**
 * The whole product on one port: dynalite on a thread of its own (or the DynamoDB at
 * `AWS_ENDPOINT_URL_DYNAMODB`), the table from the shared definition, the sample article, and both
 * apps — `/api/*` and `/desk*` to the publish app, everything else to the public app.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config } = options
  let storeThread: StoreThread | undefined
  let endpoint = config.dynamoEndpoint
  if (endpoint === undefined) {
    storeThread = await startStoreThread(config.dataDir !== undefined ? { path: config.dataDir } : {})
    endpoint = storeThread.endpoint
  }
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    ...(config.dynamoEndpoint === undefined || !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    ...dynamoClientOptions,
    ...(storeThread !== undefined && embeddedStoreAuth),
  })
  const tableName = config.tableName ?? 'articles'
  await ensureTable(client, tableName)

  const clock = options.clock ?? (() => new Date())
  // One store for both apps, as on Lambda the public function's: a write through the API is seen
  // by the feeds at once, another process's within the memo's window.
  const memoized = memoizeFeedStates(
    createDynamoArticleStore({
      client,
      tableName,
      onBackgroundError: (error) => options.logger?.error(error, { method: 'STORE', path: 'feed-state' }),
      afterArticleWrite: syncDeskTerms,
      afterArticlesCreated: syncDeskTermsOfNew,
    }),
    { maxAgeMs: defaultFeedStateMaxAgeMs },
  )
  let seeded: Article | undefined
  if (options.seed !== false) {
    const existing = await memoized.listByStatus({ limit: 1 })
    if (existing.items.length === 0) {
      const sample = parseSeedArticle(await readFile(seedPath, 'utf8'), '+06:00')
      const input = parseArticleInput({ ...sample, categories: ['World', 'NATO'], status: 'published' })
      seeded = await createArticle(input, { store: memoized, clock, site: config.site })
    }
  }
  // A table kept from before the registries (DATA_DIR, an external store) gets them filled in.
  if (seeded === undefined) await rebuildRegistries({ client, name: tableName })
  // Announces every later write (not the sample) as the stream does on AWS, when anyone listens.
  const { websubHubs, webhookUrls } = config.notify
  const notify =
    websubHubs.length > 0 || webhookUrls.length > 0
      ? await startInProcessNotify({
          store: memoized,
          site: config.site,
          settings: config.notify,
          logger: options.notifyLogger ?? silentNotifyLogger,
          clock,
          ...(options.notifyRetryDelaysMs ? { retryDelaysMs: options.notifyRetryDelaysMs } : {}),
        })
      : undefined
  const store = notify?.store ?? memoized

  const tokenGenerated = config.publishTokens.length === 0
  const tokens = tokenGenerated ? [randomBytes(24).toString('base64url')] : config.publishTokens
  const logger = options.logger ? { logger: options.logger } : {}
  // The public app only reads: the store as memoized (the announcing wrapper adds writes only).
  const publicApp = createPublicApp({
    store: memoized,
    clock,
    site: config.site,
    feedPageSize: config.feedPageSize,
    // Without CURSOR_SECRET, page links of one run stop working in the next: fine for a laptop.
    cursorKey: config.cursorSecret ?? randomBytes(32).toString('base64url'),
    websubHubs: config.notify.websubHubs,
    ...logger,
  })
  const table = { client, name: tableName }
  const deskKey = deriveDeskKey(tokens[0] ?? '')
  const desk = {
    listing: createDeskListing(table),
    editors: createDynamoEditorStore(table),
    key: () => deskKey,
    timeZone: deskTimeZone(process.env.SITE_TIME_ZONE),
  }
  // Subscriber counts from this server's own requests (docs/subscribers.md), kept in the table on
  // close, so that with DATA_DIR they outlive the process; the client address is only hashed.
  const tally = createSubscriberTally()
  const subscriberDays = createSubscriberDayStore(table)
  const live = { read: async (day?: string) => tally.summary(day ?? tally.days()[0] ?? '') }
  const publishApp = createPublishApp({
    store,
    clock,
    site: config.site,
    tokens: () => tokens,
    desk,
    subscribers: firstOf(live, subscriberDays),
    ...logger,
  })
  // The apps read only the Request, as on Lambda: Node's own request object is not handed on.
  // The path as sent goes with it, as a Function URL event carries it: the Request's URL has been
  // through a URL parser (dot segments resolved), and logs and canonical URLs judge what was sent.
  const fetch = (
    request: Request,
    env: {
      readonly incoming?: {
        readonly url?: string | undefined
        readonly socket?: { readonly remoteAddress?: string | undefined }
      }
    },
  ) => {
    const { pathname } = new URL(request.url)
    const app =
      pathname === '/api' || pathname.startsWith('/api/') || isDeskPath(pathname) ? publishApp : publicApp
    const sent = env.incoming?.url?.startsWith('/') ? env.incoming.url : undefined
    const at = sent?.indexOf('?') ?? -1
    const event =
      sent === undefined
        ? undefined
        : {
            rawPath: at === -1 ? sent : sent.slice(0, at),
            rawQueryString: at === -1 ? '' : sent.slice(at + 1),
          }
    const response = app.fetch(request, event === undefined ? undefined : { event })
    if (app === publicApp && (request.method === 'GET' || request.method === 'HEAD')) {
      const time = clock().toISOString()
      const clientIp = env.incoming?.socket?.remoteAddress
      return Promise.resolve(response).then((answered) => {
        tally.record({
          time,
          method: request.method,
          path: event?.rawPath ?? pathname,
          query: event?.rawQueryString ?? '',
          status: answered.status,
          userAgent: request.headers.get('user-agent') ?? undefined,
          clientIp,
          conditional: request.headers.has('if-none-match') || request.headers.has('if-modified-since'),
        })
        return answered
      })
    }
    return hasBody(request) ? closeOnError(response) : response
  }
  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch, port: config.port, hostname: host }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: tokens[0] ?? '',
    tokenGenerated,
    tableName,
    storeEndpoint: endpoint,
    ...(seeded ? { seeded } : {}),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      for (const day of tally.days()) {
        const counted = tally.summary(day)
        if (counted) await subscriberDays.write(counted)
      }
      await notify?.close()
      client.destroy()
      await storeThread?.close()
    },
  }
}

/** What CloudFront's `/desk*` behaviour sends to the publish function. */
function isDeskPath(pathname: string): boolean {
  return pathname.startsWith('/desk')
}

function hasBody(request: Request): boolean {
  return (
    request.method !== 'GET' &&
    request.method !== 'HEAD' &&
    (request.headers.has('content-length') || request.headers.has('transfer-encoding'))
  )
}

/**
 * An error answer to a request with a body may leave the body unread (413, 415, a bad slug…).
 * @hono/node-server then gives up draining it and drops the connection it had just answered with
 * keep-alive, so the client's next request on it fails; `Connection: close` says not to reuse it.
 */
async function closeOnError(pending: Response | Promise<Response>): Promise<Response> {
  const response = await pending
  if (response.status < 400) return response
  const headers = new Headers(response.headers)
  headers.set('Connection', 'close')
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

async function ensureTable(client: DynamoDBClient, tableName: string) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
    return
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)))
  for (let i = 0; i < 120; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
    if (Table?.TableStatus === 'ACTIVE') return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`table ${tableName} did not become ACTIVE`)
}
