import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { ConflictError, UnavailableError } from '../../lib/articles/errors.ts'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import { createMany } from '../../lib/store/bulk-seed/create-many.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { localClient, useDynalite } from '../support/dynalite.ts'
import { archiveCategories, archiveCategory, hourlyArchive } from '../support/make-article.ts'
import { cursorKey, site } from '../support/public-app-harness.ts'

const now = new Date('2025-03-12T12:00:00.000Z')

const dynamo = useDynalite()

/**
 * `count` articles an hour apart (the first the newest), in one or two categories, with a draft
 * every 10th and the last two scheduled after `now`.
 */
function archive(count: number, prefix: string): Article[] {
  return hourlyArchive(count, prefix, {
    now,
    scheduled: 2,
    vary: (n) => ({
      title: `Story ${n}`,
      categories: n % 2 === 0 ? [archiveCategory(n)] : [archiveCategory(n), archiveCategory(n + 1)],
    }),
  })
}

/** The client of a store, with one SDK middleware that may rewrite each BatchWriteItem exchange. */
function clientWith(
  rewrite?: (requests: unknown[], call: number) => { send: unknown[]; handBack: unknown[] },
): DynamoDBClient {
  const client = localClient(dynamo().endpoint)
  if (rewrite === undefined) return client
  let calls = 0
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand') return next(args)
      const input = args.input as { RequestItems: Record<string, unknown[]> }
      const [table, requests] = Object.entries(input.RequestItems)[0] ?? ['', []]
      const { send, handBack } = rewrite(requests, calls++)
      // Throttled items come back as UnprocessedItems, as DynamoDB hands them back.
      const result =
        send.length > 0
          ? await next({ ...args, input: { ...input, RequestItems: { [table]: send } } })
          : ({ response: {}, output: { $metadata: {} } } as Awaited<ReturnType<typeof next>>)
      const output = result.output as { UnprocessedItems?: Record<string, unknown[]> }
      return {
        ...result,
        output: {
          ...output,
          UnprocessedItems: handBack.length > 0 ? { [table]: handBack } : {},
        } as typeof result.output,
      }
    },
    { step: 'initialize', name: 'throttleBatchWrites' },
  )
  return client
}

async function table(client = clientWith()) {
  const tableName = await dynamo().createTable()
  return { client, tableName, store: createDynamoArticleStore({ client, tableName }) }
}

/** `articles` written to one table by `createMany`, and to another one create at a time. */
async function writtenBothWays(articles: Article[]) {
  const batched = await table()
  const oneByOne = await table()
  await createMany({ client: batched.client, tableName: batched.tableName }, articles)
  for (const article of articles) await oneByOne.store.create(article)
  return { batched, oneByOne, articles }
}

async function allPublished(store: DynamoArticleStore, category?: string): Promise<string[]> {
  const slugs: string[] = []
  let cursor: string | undefined
  do {
    const page = await store.listPublished({
      now,
      limit: 7,
      ...(category !== undefined ? { category } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    })
    slugs.push(...page.items.map((a) => a.slug))
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return slugs
}

describe('createMany', () => {
  it('stores 65 articles in batches, each readable as created, and the feeds list them newest first', async () => {
    const { client, tableName, store } = await table()
    const articles = archive(65, 'batch')
    const result = await createMany({ client, tableName }, articles)
    // 65 articles and the author entries of the 59 published (one author each): 124 items, 25 a batch.
    expect(result).toMatchObject({ articles: 65, batches: 5, retries: 0 })
    expect((await store.listPublished({ now, limit: 100, author: 'desk-report' })).items.length).toBe(
      articles.filter((a) => a.status === 'published' && Date.parse(a.publishedAt ?? '') <= now.getTime())
        .length,
    )

    for (const article of articles) expect(await store.findBySlug(article.slug)).toEqual(article)
    const due = articles.filter(
      (a) => a.status === 'published' && Date.parse(a.publishedAt ?? '') <= now.getTime(),
    )
    const newestFirst = (list: Article[]) =>
      [...list]
        .sort((a, b) => Date.parse(b.publishedAt ?? '') - Date.parse(a.publishedAt ?? ''))
        .map((a) => a.slug)
    expect(await allPublished(store)).toEqual(newestFirst(due))
    for (const { slug } of archiveCategories) {
      const state = await store.readFeedState(slug)
      expect(state.readHint).toBeDefined()
      const inCategory = due.filter((a) => a.categories.some((c) => c.slug === slug))
      expect(inCategory.length).toBeGreaterThan(10)
      expect(
        await allPublished(
          {
            ...store,
            listPublished: (q) => store.listPublished({ ...q, state }),
          },
          slug,
        ),
      ).toEqual(newestFirst(inCategory))
    }
    expect(
      (await store.listByStatus({ status: 'draft', limit: 100 })).items.map((a) => a.slug).sort(),
    ).toEqual(
      articles
        .filter((a) => a.status === 'draft')
        .map((a) => a.slug)
        .sort(),
    )
  })

  it('serves them through the public app: the first page of the JSON Feed is the newest due articles', async () => {
    const { client, tableName, store } = await table()
    const articles = archive(61, 'served')
    await createMany({ client, tableName }, articles)
    const app = createPublicApp({ store, clock: () => now, site, feedPageSize: 20, cursorKey })
    const response = await app.request('/feed.json')
    expect(response.status).toBe(200)
    const feed = (await response.json()) as { items: { id: string; title: string }[]; next_url?: string }
    const expected = articles
      .filter((a) => a.status === 'published' && Date.parse(a.publishedAt ?? '') <= now.getTime())
      .slice(0, 20)
    expect(feed.items.map((i) => i.id)).toEqual(expected.map((a) => a.id))
    expect(feed.next_url).toBeDefined()
  })

  it('moves each feed state on once, with the hints one create at a time would leave', async () => {
    const { batched, oneByOne, articles } = await writtenBothWays(archive(30, 'state'))

    for (const scope of [undefined, ...archiveCategories.map((c) => c.slug)]) {
      const state = await batched.store.readFeedState(scope)
      const reference = await oneByOne.store.readFeedState(scope)
      expect(state.version, `scope ${scope ?? 'site'}`).toBe(1)
      expect(reference.version).toBeGreaterThan(1)
      expect({ ...state, version: 0 }).toEqual({ ...reference, version: 0 })
    }
    const site = await batched.store.readFeedState()
    const latestScheduled = articles
      .filter((a) => a.status === 'published' && Date.parse(a.publishedAt ?? '') > now.getTime())
      .map((a) => a.publishedAt ?? '')
      .sort()
      .at(-1)
    expect(latestScheduled).toBeDefined()
    expect(site.scheduledUntil).toBe(latestScheduled)
    expect(site.wasPublic).toBe(true)
    expect(await batched.store.readFeedState('never-used')).toEqual({ version: 0 })
  })

  it('lists their categories and months for the discovery files, as one create at a time would', async () => {
    const { batched, oneByOne } = await writtenBothWays(archive(30, 'listed'))

    const categories = await batched.store.listCategories(now)
    expect(categories.map((c) => c.slug)).toEqual(archiveCategories.map((c) => c.slug).sort())
    expect(categories).toEqual(await oneByOne.store.listCategories(now))
    const months = await batched.store.listMonths(now)
    expect(months).toEqual(['2025-03'])
    expect(months).toEqual(await oneByOne.store.listMonths(now))
  })

  it('sends again what DynamoDB hands back unprocessed, until every article is stored', async () => {
    // The first three requests each get their last 10 items handed back.
    const client = clientWith((requests, call) =>
      call < 3
        ? { send: requests.slice(0, -10), handBack: requests.slice(-10) }
        : { send: requests, handBack: [] },
    )
    const { tableName, store } = await table(client)
    const articles = archive(60, 'throttled')
    const result = await createMany({ client, tableName, concurrency: 1, baseDelayMs: 1 }, articles)
    expect(result.retries).toBe(3)
    // 60 articles and 54 author entries: 5 batches, and the 3 sent again.
    expect(result.batches).toBe(8)
    for (const article of articles) expect(await store.findBySlug(article.slug)).toEqual(article)
  })

  it('gives up with UnavailableError when items stay unprocessed', async () => {
    const client = clientWith((requests) => ({ send: [], handBack: requests }))
    const { tableName, store } = await table(client)
    const articles = archive(5, 'stuck')
    await expect(
      createMany({ client, tableName, maxAttempts: 3, baseDelayMs: 1 }, articles),
    ).rejects.toBeInstanceOf(UnavailableError)
    expect(await store.findBySlug('stuck-0')).toBeUndefined()
  })

  it('refuses, writing nothing, when a slug is taken or repeated', async () => {
    const { client, tableName, store } = await table()
    const [existing, ...others] = archive(40, 'taken')
    if (!existing) throw new Error('no article')
    await store.create(existing)
    const stateBefore = await store.readFeedState()
    const write = createMany({ client, tableName }, [...others, { ...existing, title: 'Overwritten?' }])
    await expect(write).rejects.toBeInstanceOf(ConflictError)
    await expect(write).rejects.toThrow(/taken-0/)
    expect(await store.findBySlug(existing.slug)).toEqual(existing)
    for (const article of others) expect(await store.findBySlug(article.slug)).toBeUndefined()
    expect(await store.readFeedState()).toEqual(stateBefore)

    const repeated = archive(3, 'twice')
    await expect(
      createMany({ client, tableName }, [...repeated, { ...repeated[1], id: 'urn:uuid:other' } as Article]),
    ).rejects.toThrow(/twice-1/)
    expect(await store.findBySlug('twice-0')).toBeUndefined()
  })
})
