import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb'
import { type Article, isPublicAt, type Tombstone } from '../articles/article.ts'
import type {
  ArticleStore,
  FeedState,
  ListByStatusQuery,
  ListPublishedQuery,
  Page,
} from '../articles/article-store.ts'
import {
  ConflictError,
  PreconditionFailedError,
  UnavailableError,
  ValidationError,
} from '../articles/errors.ts'
import { maxSlugLength } from '../articles/slug.ts'
import { categorySlots } from './table-definition.ts'

export interface DynamoArticleStoreOptions {
  readonly client: DynamoDBClient
  readonly tableName: string
  /** Told when a feed-state bump failed after its article was stored (the article write stands). */
  readonly onBackgroundError?: (error: unknown) => void
  /** Called with each response's consumed capacity, for the bench. */
  readonly onCapacity?: (operation: string, capacityUnits: number) => void
}

type Item = Record<string, AttributeValue>

const articleSk = 'A'
const feedSk = 'F'
const publishedPartition = 'P'
const publishedKeyPattern = new RegExp(
  String.raw`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[a-z0-9-]{1,${maxSlugLength}}$`,
)
const createdKeyPattern = publishedKeyPattern

/** The DynamoDB implementation of `ArticleStore`; key layout in `table-definition.ts`. */
export function createDynamoArticleStore(options: DynamoArticleStoreOptions): ArticleStore {
  const { client, tableName } = options
  const capacity = options.onCapacity

  async function send<T extends { ConsumedCapacity?: unknown }>(
    operation: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      const output = await run()
      if (capacity) reportCapacity(operation, output.ConsumedCapacity, capacity)
      return output
    } catch (error) {
      throw translate(error)
    }
  }
  const returnCapacity = capacity ? ({ ReturnConsumedCapacity: 'TOTAL' } as const) : {}

  async function queryAll(input: QueryCommandInput, wanted: number): Promise<Item[]> {
    // A Query stops at 1 MB; full articles can be large, so follow LastEvaluatedKey until the page is full.
    const items: Item[] = []
    let startKey: Item | undefined
    do {
      const output = await send('Query', () =>
        client.send(
          new QueryCommand({
            ...input,
            ...returnCapacity,
            Limit: wanted - items.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      )
      items.push(...(output.Items ?? []))
      startKey = output.LastEvaluatedKey
    } while (startKey && items.length < wanted)
    return items
  }

  /**
   * Before an article write: record, in the feed states of the scopes it is about to show in, the
   * hints that let readers read less — which category slots hold the category, and until when a
   * scheduled article may still fall due. They only ever widen, so a write that then fails leaves
   * a harmless hint; and a failure here fails the write before anything is stored.
   */
  async function prepareFeedStates(next: Article) {
    if (next.status !== 'published' || next.publishedAt === undefined) return
    const due = utcKeyTime(next.publishedAt, 'publishedAt')
    const scheduled = Date.parse(next.publishedAt) > Date.parse(next.updatedAt)
    const scopes: { scope: string; slot?: number }[] = [
      { scope: 'site' },
      ...next.categories.map((c, slot) => ({ scope: `cat:${c.slug}`, slot })),
    ]
    await Promise.all(
      scopes.map(async ({ scope, slot }) => {
        const Key = { pk: { S: `FEED#${scope}` }, sk: { S: feedSk } }
        if (slot !== undefined) {
          await send('UpdateItem', () =>
            client.send(
              new UpdateItemCommand({
                TableName: tableName,
                Key,
                UpdateExpression: 'ADD slots :slot',
                ExpressionAttributeValues: { ':slot': { NS: [String(slot)] } },
                ...returnCapacity,
              }),
            ),
          )
        }
        if (!scheduled) return
        try {
          await send('UpdateItem', () =>
            client.send(
              new UpdateItemCommand({
                TableName: tableName,
                Key,
                UpdateExpression: 'SET scheduledUntil = :due',
                ConditionExpression: 'attribute_not_exists(scheduledUntil) OR scheduledUntil < :due',
                ExpressionAttributeValues: { ':due': { S: due } },
                ...returnCapacity,
              }),
            ),
          )
        } catch (error) {
          // A later scheduledUntil is already there: the hint holds as it is.
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error
        }
      }),
    )
  }

  async function bumpFeedStates(previous: Article | undefined, next: Article | undefined, now: string) {
    const before = feedScopes(previous)
    const after = feedScopes(next)
    const scopes = new Set([...before, ...after])
    // A new publication time takes the article out of its place (off the first page, or out of
    // sight until due), which its own dates cannot tell a feed's Last-Modified: count it as a removal.
    const moved =
      previous?.publishedAt !== undefined &&
      next?.publishedAt !== undefined &&
      Date.parse(previous.publishedAt) !== Date.parse(next.publishedAt)
    // Scopes where readers could see the article, before or after this write.
    const nowMs = Date.parse(now)
    const seen = new Set([
      ...(isPublicAt(previous, nowMs) ? before : []),
      ...(isPublicAt(next, nowMs) ? after : []),
    ])
    const updates = [...scopes].map(async (scope) => {
      const removed = before.has(scope) && (!after.has(scope) || moved)
      const sets = ['version = if_not_exists(version, :zero) + :one', 'changedAt = :now']
      if (removed) sets.push('removedAt = :now')
      if (seen.has(scope)) sets.push('wasPublic = :true')
      await send('UpdateItem', () =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: `FEED#${scope}` }, sk: { S: feedSk } },
            UpdateExpression: `SET ${sets.join(', ')}`,
            ExpressionAttributeValues: {
              ':zero': { N: '0' },
              ':one': { N: '1' },
              ':now': { S: now },
              ...(seen.has(scope) ? { ':true': { BOOL: true } } : {}),
            },
            ...returnCapacity,
          }),
        ),
      )
    })
    const results = await Promise.allSettled(updates)
    for (const result of results) {
      // The article is stored whatever happens here; a missed bump only delays cached feeds until
      // their revalidation backstop, so it is reported rather than failing a write that succeeded.
      if (result.status === 'rejected') options.onBackgroundError?.(result.reason)
    }
  }

  async function putConditional(item: Item, condition: string, values: Item, onFail: () => Error) {
    try {
      await send('PutItem', () =>
        client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: condition,
            ExpressionAttributeValues: values,
            ...returnCapacity,
          }),
        ),
      )
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error
      // The SDK retries a PutItem whose answer was lost; the retry then fails its own condition.
      // If the stored item is exactly what we wrote, the write landed: report success, not a conflict.
      if (await storedDocIs(item)) return
      throw onFail()
    }
  }

  async function storedDocIs(item: Item): Promise<boolean> {
    const output = await send('GetItem', () =>
      client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: requireS(item, 'pk'), sk: requireS(item, 'sk') },
          ProjectionExpression: 'doc',
          ConsistentRead: true,
          ...returnCapacity,
        }),
      ),
    )
    return output.Item?.doc?.S !== undefined && output.Item.doc.S === item.doc?.S
  }

  async function getDocs(keys: readonly Item[]): Promise<Map<string, Article>> {
    const found = new Map<string, Article>()
    let pending: Item[] = keys.map((k) => ({ pk: requireS(k, 'pk'), sk: requireS(k, 'sk') }))
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 5) throw new UnavailableError('the store left keys unprocessed repeatedly')
      const batch = pending
      const output = await send('BatchGetItem', () =>
        client.send(
          new BatchGetItemCommand({
            RequestItems: { [tableName]: { Keys: batch, ProjectionExpression: 'pk, doc, kind' } },
            ...returnCapacity,
          }),
        ),
      )
      for (const item of output.Responses?.[tableName] ?? []) {
        if (item.kind?.S !== 'article') continue
        const article = parseDoc<Article>(item)
        found.set(article.slug, article)
      }
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? []
      if (pending.length > 0) await delay(20 * 2 ** attempt)
    }
    return found
  }

  return {
    async create(article) {
      await prepareFeedStates(article)
      await putConditional(
        articleItem(article),
        'attribute_not_exists(pk) OR kind = :tombstone',
        { ':tombstone': { S: 'tombstone' } },
        () => new ConflictError(`the slug "${article.slug}" is taken`),
      )
      await bumpFeedStates(undefined, article, article.updatedAt)
    },

    async replace(next, previous) {
      await prepareFeedStates(next)
      await putConditional(
        articleItem(next),
        'kind = :article AND version = :version',
        { ':article': { S: 'article' }, ':version': { N: String(previous.version) } },
        () =>
          new PreconditionFailedError(`article "${previous.slug}" changed since version ${previous.version}`),
      )
      await bumpFeedStates(previous, next, next.updatedAt)
    },

    async remove(previous, tombstone: Tombstone) {
      await putConditional(
        {
          pk: { S: articleKey(previous.slug) },
          sk: { S: articleSk },
          kind: { S: 'tombstone' },
          version: { N: String(tombstone.version) },
          doc: { S: JSON.stringify(tombstone) },
        },
        'kind = :article AND version = :version',
        { ':article': { S: 'article' }, ':version': { N: String(previous.version) } },
        () =>
          new PreconditionFailedError(`article "${previous.slug}" changed since version ${previous.version}`),
      )
      await bumpFeedStates(previous, undefined, tombstone.deletedAt)
    },

    async findBySlug(slug) {
      const output = await send('GetItem', () =>
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { pk: { S: articleKey(slug) }, sk: { S: articleSk } },
            ...returnCapacity,
          }),
        ),
      )
      if (!output.Item) return undefined
      return output.Item.kind?.S === 'tombstone'
        ? parseDoc<Tombstone>(output.Item)
        : parseDoc<Article>(output.Item)
    },

    async listByStatus(query: ListByStatusQuery): Promise<Page<Article>> {
      const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor, createdKeyPattern)
      const statuses = query.status ? [query.status] : (['draft', 'published'] as const)
      const lists = await Promise.all(
        statuses.map((status) =>
          queryAll(
            {
              TableName: tableName,
              IndexName: 'byStatus',
              KeyConditionExpression: before
                ? '#status = :status AND createdsk < :before'
                : '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': { S: status },
                ...(before ? { ':before': { S: before } } : {}),
              },
              ScanIndexForward: false,
            },
            query.limit + 1,
          ),
        ),
      )
      const merged = lists
        .flat()
        .sort((a, b) => compareDesc(requireS(a, 'createdsk').S, requireS(b, 'createdsk').S))
      return toPage(merged, query.limit, 'createdsk', (item) => parseDoc<Article>(item))
    },

    async listPublished(query: ListPublishedQuery): Promise<Page<Article>> {
      const nowMs = query.now.getTime()
      const dueBound = `${query.now.toISOString()}$` // '$' sorts after '#': includes items due exactly now
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, publishedKeyPattern)
      const upper = cursor !== undefined && cursor < dueBound ? cursor : dueBound
      if (query.category === undefined) {
        const items = await queryAll(
          {
            TableName: tableName,
            IndexName: 'published',
            KeyConditionExpression: 'pubpk = :p AND pubsk < :upper',
            ExpressionAttributeValues: { ':p': { S: publishedPartition }, ':upper': { S: upper } },
            ScanIndexForward: false,
          },
          query.limit + 1,
        )
        const page = toPage(items, query.limit, 'pubsk', (item) => parseDoc<Article>(item))
        // The key condition leaves out what is not due; the item itself has the last word.
        return { ...page, items: page.items.filter((article) => isPublicAt(article, nowMs)) }
      }
      const category = query.category
      const slots = await Promise.all(
        slotsToRead(query.categorySlots).map((i) =>
          queryAll(
            {
              TableName: tableName,
              IndexName: `category${i}`,
              KeyConditionExpression: '#slot = :c AND pubsk < :upper',
              ExpressionAttributeNames: { '#slot': slotAttribute(i) },
              ExpressionAttributeValues: { ':c': { S: category }, ':upper': { S: upper } },
              ScanIndexForward: false,
            },
            query.limit + 1,
          ),
        ),
      )
      const keys = slots
        .flat()
        .sort((a, b) => compareDesc(requireS(a, 'pubsk').S, requireS(b, 'pubsk').S))
        .slice(0, query.limit + 1)
      const pageKeys = keys.slice(0, query.limit)
      const docs = pageKeys.length > 0 ? await getDocs(pageKeys) : new Map<string, Article>()
      const items: Article[] = []
      for (const key of pageKeys) {
        const slug = requireS(key, 'pk').S.slice('ARTICLE#'.length)
        const article = docs.get(slug)
        // The index and the item can disagree for a moment after a write: show only what the item says.
        if (article && isPublicAt(article, nowMs) && article.categories.some((c) => c.slug === category)) {
          items.push(article)
        }
      }
      const last = pageKeys.at(-1)
      return keys.length > query.limit && last
        ? { items, nextCursor: encodeCursor(requireS(last, 'pubsk').S) }
        : { items }
    },

    async nextScheduled(query) {
      const lower = `${query.now.toISOString()}$`
      const indexes =
        query.category === undefined
          ? [{ index: 'published', attribute: 'pubpk', value: publishedPartition }]
          : slotsToRead(query.categorySlots).map((i) => ({
              index: `category${i}`,
              attribute: slotAttribute(i),
              value: query.category ?? '',
            }))
      const firsts = await Promise.all(
        indexes.map(async ({ index, attribute, value }) => {
          const output = await send('Query', () =>
            client.send(
              new QueryCommand({
                TableName: tableName,
                IndexName: index,
                KeyConditionExpression: '#a = :v AND pubsk > :lower',
                ExpressionAttributeNames: { '#a': attribute },
                ExpressionAttributeValues: { ':v': { S: value }, ':lower': { S: lower } },
                ProjectionExpression: 'pubsk',
                ScanIndexForward: true,
                Limit: 1,
                ...returnCapacity,
              }),
            ),
          )
          return output.Items?.[0]?.pubsk?.S
        }),
      )
      const earliest = firsts.filter((k): k is string => k !== undefined).sort()[0]
      return earliest?.slice(0, earliest.indexOf('#'))
    },

    async readFeedState(category?: string): Promise<FeedState> {
      const output = await send('GetItem', () =>
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: {
              pk: { S: `FEED#${category === undefined ? 'site' : `cat:${category}`}` },
              sk: { S: feedSk },
            },
            ProjectionExpression: 'version, removedAt, scheduledUntil, slots, wasPublic',
            ...returnCapacity,
          }),
        ),
      )
      const item = output.Item
      const removedAt = item?.removedAt?.S
      const scheduledUntil = item?.scheduledUntil?.S
      const slots = item?.slots?.NS?.map(Number).sort((a, b) => a - b)
      return {
        version: Number(item?.version?.N ?? '0'),
        ...(removedAt !== undefined ? { removedAt } : {}),
        ...(scheduledUntil !== undefined ? { scheduledUntil } : {}),
        ...(slots !== undefined ? { categorySlots: slots } : {}),
        ...(item?.wasPublic?.BOOL === true ? { wasPublic: true as const } : {}),
      }
    },
  }
}

/** The category slots to read: those the feed state says the category ever used, or all of them. */
function slotsToRead(hint: readonly number[] | undefined): number[] {
  const all = categorySlots.map((_, i) => i)
  if (hint === undefined) return all
  return all.filter((i) => hint.includes(i))
}

function slotAttribute(i: number): string {
  return categorySlots[i] ?? `cat${i}`
}

function articleKey(slug: string): string {
  return `ARTICLE#${slug}`
}

function articleItem(article: Article): Item {
  const item: Item = {
    pk: { S: articleKey(article.slug) },
    sk: { S: articleSk },
    kind: { S: 'article' },
    version: { N: String(article.version) },
    status: { S: article.status },
    createdsk: { S: `${utcKeyTime(article.createdAt, 'createdAt')}#${article.slug}` },
    doc: { S: JSON.stringify(article) },
  }
  if (article.status === 'published' && article.publishedAt !== undefined) {
    item.pubpk = { S: publishedPartition }
    item.pubsk = { S: publishedSortKey(article.publishedAt, article.slug) }
    article.categories.forEach((category, i) => {
      const slot = categorySlots[i]
      if (slot) item[slot] = { S: category.slug }
    })
  }
  return item
}

function publishedSortKey(publishedAt: string, slug: string): string {
  return `${utcKeyTime(publishedAt, 'publishedAt')}#${slug}`
}

/**
 * The UTC time a sort key starts with. Keys compare as strings, so only a four-digit year sorts
 * right (`+010000-…` would sort before every real key and show a far-future article at once): any
 * other time is refused before it is written.
 */
function utcKeyTime(iso: string, field: string): string {
  const time = Date.parse(iso)
  const key = Number.isNaN(time) ? '' : new Date(time).toISOString()
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(key)) {
    throw new ValidationError([
      { path: field, message: `must be in the years 1970 to 9999 in UTC, not ${iso}` },
    ])
  }
  return key
}

/** The feed scopes an article shows in: the site and each of its categories, when published. */
function feedScopes(article: Article | undefined): Set<string> {
  if (article?.status !== 'published') return new Set()
  return new Set(['site', ...article.categories.map((c) => `cat:${c.slug}`)])
}

function toPage(
  items: Item[],
  limit: number,
  keyName: string,
  parse: (item: Item) => Article,
): Page<Article> {
  const pageItems = items.slice(0, limit)
  const last = pageItems.at(-1)
  const articles = pageItems.map(parse)
  return items.length > limit && last
    ? { items: articles, nextCursor: encodeCursor(requireS(last, keyName).S) }
    : { items: articles }
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url')
}

function decodeCursor(cursor: string, pattern: RegExp): string {
  const key = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  if (!pattern.test(key)) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }])
  }
  return key
}

function requireS(item: Item, name: string): { S: string } {
  const value = item[name]?.S
  if (value === undefined) throw new Error(`stored item lacks the string attribute ${name}`)
  return { S: value }
}

function parseDoc<T>(item: Item): T {
  return JSON.parse(requireS(item, 'doc').S) as T
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function reportCapacity(
  operation: string,
  consumed: unknown,
  report: (operation: string, units: number) => void,
) {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : []
  for (const entry of list) {
    if (
      entry &&
      typeof entry === 'object' &&
      'CapacityUnits' in entry &&
      typeof entry.CapacityUnits === 'number'
    ) {
      report(operation, entry.CapacityUnits)
    }
  }
}

const unavailableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
])
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** Maps what means "the store can't answer now" to `UnavailableError`; everything else goes up untouched. */
function translate(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const code = (error as { code?: unknown }).code
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  if (
    unavailableNames.has(error.name) ||
    (typeof code === 'string' && unavailableCodes.has(code)) ||
    (status !== undefined && status >= 500)
  ) {
    return new UnavailableError('the article store is unavailable', { cause: error })
  }
  return error
}
