import { BatchWriteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { articleItem } from '../../lib/store/item-keys.ts'
import { rebuildRegistries } from '../../lib/store/rebuild-registries.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

const dynamo = useDynalite()

/** Articles stored as an older version of the store wrote them: the items only, no registries. */
async function storeBare(tableName: string, articles: readonly Article[]) {
  const requests = articles.map((a) => ({ PutRequest: { Item: articleItem(a) } }))
  await dynamo().client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }))
}

const now = new Date('2025-03-12T12:00:00Z')
const world = { slug: 'world', name: 'World' }

describe('the registries', () => {
  it('list categories and months as writers publish, a scheduled category only from its time', async () => {
    const store = createDynamoArticleStore({
      client: dynamo().client,
      tableName: await dynamo().createTable(),
    })
    await store.create(makeArticle({ categories: [world], publishedAt: '2025-01-05T00:00:00Z' }))
    await store.create(
      makeArticle({ categories: [{ slug: 'later', name: 'Later' }], publishedAt: '2025-04-01T00:00:00Z' }),
    )
    await store.create(makeArticle({ categories: [{ slug: 'drafts', name: 'Drafts' }], status: 'draft' }))
    expect(await store.listCategories(now)).toEqual([world])
    expect(await store.listMonths(now)).toEqual(['2025-01'])
    const april = new Date('2025-04-01T00:00:00Z')
    expect(await store.listCategories(april)).toEqual([{ slug: 'later', name: 'Later' }, world])
    expect(await store.listMonths(april)).toEqual(['2025-01', '2025-04'])
  })

  it('are rebuilt from the published index for articles written before they existed', async () => {
    const tableName = await dynamo().createTable()
    await storeBare(tableName, [
      makeArticle({ categories: [world], publishedAt: '2024-12-31T23:00:00-02:00' }),
      makeArticle({
        categories: [world, { slug: 'sport', name: 'Sport' }],
        publishedAt: '2025-03-01T00:00:00Z',
      }),
      makeArticle({ categories: [{ slug: 'later', name: 'Later' }], publishedAt: '2025-04-01T00:00:00Z' }),
      makeArticle({ categories: [{ slug: 'drafts', name: 'Drafts' }], status: 'draft' }),
    ])
    const store = createDynamoArticleStore({ client: dynamo().client, tableName })
    expect(await store.listCategories(now)).toEqual([])
    expect(await store.listMonths(now)).toEqual([])
    expect((await store.listPublished({ now, limit: 10, author: 'desk-report' })).items).toEqual([])
    const table = { client: dynamo().client, name: tableName }
    expect(await rebuildRegistries(table)).toEqual({
      articles: 3,
      categories: 3,
      months: 3,
      authorEntries: 3,
    })
    // The author feeds too: the two due articles, newest first; the scheduled one as the next due.
    const byAuthor = await store.listPublished({ now, limit: 10, author: 'desk-report' })
    expect(byAuthor.items.map((a) => a.publishedAt)).toEqual([
      '2025-03-01T00:00:00Z',
      '2024-12-31T23:00:00-02:00',
    ])
    expect(await store.nextScheduled({ now, author: 'desk-report' })).toBe('2025-04-01T00:00:00.000Z')
    expect(await store.listCategories(now)).toEqual([{ slug: 'sport', name: 'Sport' }, world])
    expect(await store.listMonths(now)).toEqual(['2025-01', '2025-03'])
    expect((await store.listCategories(new Date('2025-04-01T00:00:00Z'))).map((c) => c.slug)).toEqual([
      'later',
      'sport',
      'world',
    ])
    // Again: nothing changes.
    await rebuildRegistries(table)
    expect(await store.listCategories(now)).toEqual([{ slug: 'sport', name: 'Sport' }, world])
  })
})

describe('the registries without a size ceiling (issue 19, point 3)', () => {
  it('migrate a table from the one-item registries of earlier versions', async () => {
    const tableName = await dynamo().createTable()
    await storeBare(tableName, [makeArticle({ categories: [world], publishedAt: '2025-01-05T00:00:00Z' })])
    // What an earlier version left: each registry in one item.
    const legacy = [
      {
        pk: { S: 'REGISTRY#categories' },
        sk: { S: 'F' },
        'c:world': { M: { n: { S: 'World' }, f: { S: '2025-01-05T00:00:00.000Z' } } },
      },
      { pk: { S: 'REGISTRY#months' }, sk: { S: 'F' }, months: { NS: ['202501'] } },
    ]
    await dynamo().client.send(
      new BatchWriteItemCommand({
        RequestItems: { [tableName]: legacy.map((Item) => ({ PutRequest: { Item } })) },
      }),
    )
    const store = createDynamoArticleStore({ client: dynamo().client, tableName })
    await rebuildRegistries({ client: dynamo().client, name: tableName })
    expect(await store.listCategories(now)).toEqual([world])
    expect(await store.listMonths(now)).toEqual(['2025-01'])
    for (const key of legacy) {
      const { Item } = await dynamo().client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk } }),
      )
      expect(Item).toBeUndefined()
    }
  })

  it('pages the category list in slug order, each category once, scheduled ones left out', async () => {
    const store = createDynamoArticleStore({
      client: dynamo().client,
      tableName: await dynamo().createTable(),
    })
    const names = ['zebra', 'alpha', 'mango', 'kiwi', 'banana', 'cherry', 'lime']
    for (const slug of names)
      await store.create(
        makeArticle({ categories: [{ slug, name: slug }], publishedAt: '2025-01-05T00:00:00Z' }),
      )
    await store.create(
      makeArticle({ categories: [{ slug: 'later', name: 'Later' }], publishedAt: '2025-04-01T00:00:00Z' }),
    )
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await store.listCategoryPage({
        now,
        limit: 3,
        ...(cursor !== undefined ? { cursor } : {}),
      })
      expect(page.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.items.map((c) => c.slug))
      cursor = page.nextCursor
      pages += 1
    } while (cursor !== undefined)
    expect(seen).toEqual([...names].sort())
    expect(pages).toBe(3)
    await expect(store.listCategoryPage({ now, limit: 3, cursor: 'not a cursor' })).rejects.toThrow(/cursor/)
  })

  it('keeps a month registry of items, one per month, that has no ceiling', async () => {
    const store = createDynamoArticleStore({
      client: dynamo().client,
      tableName: await dynamo().createTable(),
    })
    for (const publishedAt of [
      '1970-01-01T00:00:00Z',
      '2024-12-31T23:59:59Z',
      '2025-03-01T00:00:00Z',
      '2025-03-02T00:00:00Z',
    ])
      await store.create(makeArticle({ publishedAt }))
    expect(await store.listMonths(now)).toEqual(['1970-01', '2024-12', '2025-03'])
  })
})
