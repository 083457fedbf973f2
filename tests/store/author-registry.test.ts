import { BatchWriteItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it, vi } from 'vitest'
import type { Article, Author } from '../../lib/articles/article.ts'
import { createMany } from '../../lib/store/bulk-seed/create-many.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { articleItem } from '../../lib/store/item-keys.ts'
import { rebuildRegistries } from '../../lib/store/rebuild-registries.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

const dynamo = useDynalite()
const now = new Date('2025-03-12T12:00:00Z')
const zoe: Author = { name: 'Zoë Ångström' }
const desk: Author = { name: 'Desk Report' }
const zoeListed = { slug: 'zoe-angstrom', name: 'Zoë Ångström' }
const deskListed = { slug: 'desk-report', name: 'Desk Report' }

async function newStore() {
  const tableName = await dynamo().createTable()
  return { tableName, store: createDynamoArticleStore({ client: dynamo().client, tableName }) }
}

const by = (
  authors: readonly Author[],
  publishedAt = '2025-03-01T00:00:00Z',
  overrides: Partial<Article> = {},
) => makeArticle({ authors, publishedAt, ...overrides })

describe('the author registry', () => {
  it('lists an author from their first public article; a scheduled-only author from its time', async () => {
    const { store } = await newStore()
    await store.create(by([zoe, desk]))
    await store.create(by([{ name: 'Later Writer' }], '2025-04-01T00:00:00Z'))
    expect(await store.listAuthors(now)).toEqual([deskListed, zoeListed])
    expect((await store.listAuthors(new Date('2025-04-01T00:00:00Z'))).map((a) => a.slug)).toEqual([
      'desk-report',
      'later-writer',
      'zoe-angstrom',
    ])
  })

  it('unlists an author taken off the byline, unpublished or deleted, unless another article keeps them', async () => {
    const { store } = await newStore()
    const first = by([zoe, desk])
    await store.create(first)
    const second = by([desk], '2025-02-01T00:00:00Z')
    await store.create(second)
    // Zoë off the byline: she had no other article.
    const withoutZoe = { ...first, authors: [desk], version: 2 }
    await store.replace(withoutZoe, first)
    expect(await store.listAuthors(now)).toEqual([deskListed])
    // The desk loses one article, the other keeps it listed.
    const draft = { ...withoutZoe, status: 'draft' as const, version: 3 }
    await store.replace(draft, withoutZoe)
    expect(await store.listAuthors(now)).toEqual([deskListed])
    await store.remove(second, { slug: second.slug, id: second.id, deletedAt: now.toISOString(), version: 2 })
    expect(await store.listAuthors(now)).toEqual([])
  })

  it('moves an author to a later time when their only article is rescheduled, and back', async () => {
    const { store } = await newStore()
    const article = by([zoe])
    await store.create(article)
    const moved = { ...article, publishedAt: '2025-05-01T00:00:00Z', version: 2 }
    await store.replace(moved, article)
    expect(await store.listAuthors(now)).toEqual([])
    expect(await store.listAuthors(new Date('2025-05-01T00:00:00Z'))).toEqual([zoeListed])
    await store.replace({ ...moved, publishedAt: '2025-03-01T00:00:00Z', version: 3 }, moved)
    expect(await store.listAuthors(now)).toEqual([zoeListed])
  })

  it('pages the authors by slug, each exactly once, with Queries of the registry and no Scan', async () => {
    const { store } = await newStore()
    const names = Array.from({ length: 8 }, (_, i) => `Writer ${String.fromCharCode(97 + i)}`)
    for (const name of names) await store.create(by([{ name }]))
    await store.create(by([{ name: 'Not Yet' }], '2026-01-01T00:00:00Z'))
    const send = vi.spyOn(dynamo().client, 'send')
    const pages: string[][] = []
    let cursor: string | undefined
    do {
      const page = await store.listAuthorPage({ now, limit: 3, ...(cursor !== undefined ? { cursor } : {}) })
      pages.push(page.items.map((a) => a.name))
      cursor = page.nextCursor
    } while (cursor !== undefined && pages.length < 10)
    expect(pages).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)])
    expect(send.mock.calls.some(([command]) => command instanceof ScanCommand)).toBe(false)
    expect(send.mock.calls.every(([command]) => command instanceof QueryCommand)).toBe(true)
    send.mockRestore()
    await expect(store.listAuthorPage({ now, limit: 3, cursor: 'not a cursor' })).rejects.toThrow(/cursor/)
  })

  it('lists the authors of a batch (createEach) and of a bulk seed (createMany)', async () => {
    const one = await newStore()
    await one.store.createEach([by([zoe]), by([desk], '2025-06-01T00:00:00Z')])
    expect(await one.store.listAuthors(now)).toEqual([zoeListed])
    const many = await newStore()
    await createMany({ client: dynamo().client, tableName: many.tableName }, [by([zoe]), by([zoe, desk])])
    expect(await many.store.listAuthors(now)).toEqual([deskListed, zoeListed])
  })

  it('is backfilled by rebuildRegistries for articles stored before it existed', async () => {
    const { tableName, store } = await newStore()
    const articles = [
      by([zoe]),
      by([desk], '2025-04-01T00:00:00Z'),
      by([{ name: 'Drafty' }], undefined, { status: 'draft' }),
    ]
    const requests = articles.map((a) => ({ PutRequest: { Item: articleItem(a) } }))
    await dynamo().client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }))
    expect(await store.listAuthors(now)).toEqual([])
    await rebuildRegistries({ client: dynamo().client, name: tableName })
    expect(await store.listAuthors(now)).toEqual([zoeListed])
    expect(await store.listAuthors(new Date('2025-04-01T00:00:00Z'))).toEqual([deskListed, zoeListed])
  })
})
