import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it, vi } from 'vitest'
import type { Article, Author } from '../../lib/articles/article.ts'
import { authorSlug, authorSlugsOf } from '../../lib/articles/author-slug.ts'
import { authorIndexChange } from '../../lib/store/author-index.ts'
import { createMany } from '../../lib/store/bulk-seed/create-many.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle as makeSupportArticle } from '../support/make-article.ts'

const now = new Date('2025-03-12T12:00:00.000Z')
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString()

/** A published article by `authors`, `minutesAgo` before `now`. */
function makeArticle(
  authors: readonly Author[],
  minutesAgo: number,
  overrides: Partial<Article> = {},
): Article {
  return makeSupportArticle({
    authors,
    publishedAt: at(-minutesAgo),
    createdAt: at(-1000),
    updatedAt: at(-1000),
    ...overrides,
  })
}

const dynamo = useDynalite()

async function newStore(): Promise<DynamoArticleStore> {
  return createDynamoArticleStore({ client: dynamo().client, tableName: await dynamo().createTable() })
}

async function allSlugs(store: DynamoArticleStore, author: string, limit: number): Promise<string[][]> {
  const pages: string[][] = []
  let cursor: string | undefined
  do {
    const page = await store.listPublished({ now, limit, author, ...(cursor ? { cursor } : {}) })
    pages.push(page.items.map((a) => a.slug))
    cursor = page.nextCursor
    if (pages.length > 50) throw new Error('the cursor never ends')
  } while (cursor !== undefined)
  return pages
}

describe('authorSlug', () => {
  it('folds a name as a category name is folded', () => {
    expect(authorSlug('Zoë Ångström-Nuñez')).toBe('zoe-angstrom-nunez')
    expect(authorSlug('রবীন্দ্রনাথ ঠাকুর')).toBe('রবীন্দ্রনাথ-ঠাকুর')
    expect(authorSlug('???')).toBe('')
  })

  it('gives each distinct non-empty slug of a byline once, in byline order', () => {
    const slugs = authorSlugsOf({
      authors: [{ name: 'B Writer' }, { name: '!!' }, { name: 'b  writer' }, { name: 'A' }],
    })
    expect(slugs).toEqual(['b-writer', 'a'])
  })
})

describe('DynamoArticleStore listPublished by author', () => {
  it('pages one author newest first, reaching each of their articles exactly once, in any byline slot', async () => {
    const store = await newStore()
    const others = [{ name: 'Ann One' }, { name: 'Bo Two' }, { name: 'Cy Three' }, { name: 'Di Four' }]
    const articles = Array.from({ length: 13 }, (_, i) =>
      makeArticle(i % 2 === 0 ? [...others.slice(0, (i / 2) % 5), { name: 'Zoë Ångström' }] : others, i + 1),
    )
    for (const article of articles) await store.create(article)
    const pages = await allSlugs(store, 'zoe-angstrom', 2)
    expect(pages.length).toBeGreaterThanOrEqual(4)
    expect(pages.flat()).toEqual(articles.filter((_, i) => i % 2 === 0).map((a) => a.slug))
    expect((await store.listPublished({ now, limit: 50, author: 'ann-one' })).items).toHaveLength(11)
    expect((await store.listPublished({ now, limit: 50, author: 'nobody' })).items).toEqual([])
  })

  it('leaves out drafts and scheduled articles, and an author taken off the byline', async () => {
    const store = await newStore()
    const zoe = [{ name: 'Zoë' }]
    const live = makeArticle(zoe, 5)
    const draft = makeArticle(zoe, 4, { status: 'draft' })
    const scheduled = makeArticle(zoe, -60)
    const moved = makeArticle(zoe, 3)
    for (const article of [live, draft, scheduled, moved]) await store.create(article)
    await store.replace({ ...moved, authors: [{ name: 'Someone Else' }], version: 2 }, moved)
    expect((await store.listPublished({ now, limit: 10, author: 'zoe' })).items.map((a) => a.slug)).toEqual([
      live.slug,
    ])
    expect(await store.nextScheduled({ now, author: 'zoe' })).toBe(at(60))
    expect(await store.nextScheduled({ now, author: 'someone-else' })).toBeUndefined()
    expect((await store.listPublished({ now, limit: 10, author: 'someone-else' })).items).toHaveLength(1)
  })

  it('reads one Query of the author partition, no index of the table, and never scans', async () => {
    const store = await newStore()
    await store.create(makeArticle([{ name: 'Zoë' }], 1))
    const send = vi.spyOn(dynamo().client, 'send')
    try {
      await store.listPublished({ now, limit: 10, author: 'zoe' })
      const commands = send.mock.calls.map(([command]) => command)
      expect(commands.some((c) => c instanceof ScanCommand)).toBe(false)
      const queries = commands.filter((c) => c instanceof QueryCommand)
      expect(queries.map((c) => [c.input.IndexName, c.input.ExpressionAttributeValues?.[':a']])).toEqual([
        [undefined, { S: 'AUTHOR#zoe' }],
      ])
    } finally {
      send.mockRestore()
    }
  })

  it('indexes every author of a byline of 20, with 10 categories, in one write', async () => {
    const store = await newStore()
    const authors = Array.from({ length: 20 }, (_, i) => ({ name: `Writer ${'x'.repeat(180)} ${i}` }))
    const categories = Array.from({ length: 10 }, (_, i) => ({ slug: `topic-${i}`, name: `Topic ${i}` }))
    const article = makeArticle(authors, 1, { categories })
    await store.create(article)
    for (const slug of authorSlugsOf(article))
      expect((await store.listPublished({ now, limit: 5, author: slug })).items.map((a) => a.slug)).toEqual([
        article.slug,
      ])
  })
})

describe('an author page read', () => {
  async function pageCost(total: number) {
    const tableName = await dynamo().createTable()
    const store = createDynamoArticleStore({ client: dynamo().client, tableName })
    const articles = Array.from({ length: total }, (_, i) =>
      makeArticle(i % 3 === 0 ? [{ name: 'Zoë' }] : [{ name: 'Ann One' }, { name: 'Zoë' }], i + 1),
    )
    await createMany({ client: dynamo().client, tableName }, articles)
    const send = vi.spyOn(dynamo().client, 'send')
    try {
      const page = await store.listPublished({ now, limit: 10, author: 'zoe' })
      expect(page.items.map((a) => a.slug)).toEqual(articles.slice(0, 10).map((a) => a.slug))
      const commands = send.mock.calls.map(([command]) => command)
      return {
        names: commands.map((c) => c.constructor.name),
        limits: commands.filter((c) => c instanceof QueryCommand).map((c) => c.input.Limit),
      }
    } finally {
      send.mockRestore()
    }
  }

  it('costs one Query asking for the page and one BatchGetItem, with 30 articles or 300', async () => {
    const small = await pageCost(30)
    const large = await pageCost(300)
    expect(small).toEqual({ names: ['QueryCommand', 'BatchGetItemCommand'], limits: [11] })
    expect(large).toEqual(small)
  }, 120_000)
})

describe('authorIndexChange', () => {
  it('puts the entries of authors added, deletes those of authors dropped, and leaves the rest', () => {
    const before = makeArticle([{ name: 'Ann One' }, { name: 'Bo Two' }], 1)
    const after = { ...before, authors: [{ name: 'Bo Two' }, { name: 'Cy Three' }], version: 2 }
    const change = authorIndexChange(before, after)
    expect(change.puts.map((e) => e.pk?.S)).toEqual(['AUTHOR#cy-three'])
    expect(change.deletes.map((e) => e.pk?.S)).toEqual(['AUTHOR#ann-one'])
    const moved = { ...after, publishedAt: at(-30) }
    const all = authorIndexChange(after, moved)
    expect(all.puts).toHaveLength(2)
    expect(all.deletes).toHaveLength(2)
    expect(authorIndexChange(after, undefined).deletes).toHaveLength(2)
    expect(authorIndexChange(undefined, { ...after, status: 'draft' })).toEqual({ puts: [], deletes: [] })
  })

  it('stays within a transaction and an item size with the most authors and categories an article may have', () => {
    // 200 characters each, distinct from the first word on, so that every one has a slug of its own.
    const long = (word: string) => `${word} ${'ż'.repeat(199 - word.length)}`
    const before = makeArticle(
      Array.from({ length: 20 }, (_, i) => ({ name: long(`a${i}`) })),
      1,
      { slug: 'ş'.repeat(120) },
    )
    const after = {
      ...before,
      authors: Array.from({ length: 20 }, (_, i) => ({ name: long(`b${i}`) })),
      publishedAt: at(-5),
    }
    const change = authorIndexChange(before, after)
    // The article's own put, 20 entries put and 20 deleted: DynamoDB allows 100 items a transaction.
    expect(1 + change.puts.length + change.deletes.length).toBe(41)
    for (const entry of change.puts) expect(itemBytes(entry)).toBeLessThan(2_000)
  })
})

/** An item's size as DynamoDB counts it: the UTF-8 bytes of each attribute name and string value. */
function itemBytes(item: Record<string, { S?: string }>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.S ?? ''),
    0,
  )
}
