import { BatchGetItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Article, Category, Tombstone } from '../../lib/articles/article.ts'
import { isTombstone, type Page } from '../../lib/articles/article-store.ts'
import { maxArticleBytes } from '../../lib/articles/build-article.ts'
import { ConflictError, PreconditionFailedError, ValidationError } from '../../lib/articles/errors.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle as makeSupportArticle } from '../support/make-article.ts'

const now = new Date('2025-03-12T12:00:00.000Z')

/** `now` shifted by some minutes, as RFC 3339 UTC. */
function at(minutes: number): string {
  return new Date(now.getTime() + minutes * 60_000).toISOString()
}

/** A published article due an hour before `now` (tests/support/make-article.ts), created an hour earlier. */
function makeArticle(overrides: Partial<Article> = {}): Article {
  return makeSupportArticle({ publishedAt: at(-60), createdAt: at(-120), updatedAt: at(-120), ...overrides })
}

function makeDraft(overrides: Partial<Article> = {}): Article {
  const { publishedAt: _none, ...draft } = makeArticle({ status: 'draft', ...overrides })
  return draft
}

/** The next version of `article` as a replace would write it. */
function edited(article: Article, changes: Partial<Article> = {}): Article {
  return { ...article, updatedAt: at(1), version: article.version + 1, ...changes }
}

/** Deletes `article` at `deletedAt` with the tombstone the delete use case would write; returns it. */
async function removeAt(store: DynamoArticleStore, article: Article, deletedAt: string): Promise<Tombstone> {
  const tombstone: Tombstone = {
    slug: article.slug,
    id: article.id,
    deletedAt,
    version: article.version + 1,
    wasPublic: article.status === 'published',
  }
  await store.remove(article, tombstone)
  return tombstone
}

function category(slug: string): Category {
  return { slug, name: slug.toUpperCase() }
}

const dynamo = useDynalite()
const backgroundErrors: unknown[] = []

afterEach(() => {
  vi.restoreAllMocks()
  // A failed feed-state bump is swallowed by design; in these tests it would be a bug.
  expect(backgroundErrors.splice(0)).toEqual([])
})

/** A store on a fresh table of the shared dynalite. */
async function newStore(): Promise<DynamoArticleStore> {
  const tableName = await dynamo().createTable()
  return createDynamoArticleStore({
    client: dynamo().client,
    tableName,
    onBackgroundError: (error) => backgroundErrors.push(error),
  })
}

async function createAll(store: DynamoArticleStore, articles: readonly Article[]): Promise<void> {
  // In small batches: dynalite is in-process, and the order of creation does not matter here.
  for (let i = 0; i < articles.length; i += 25) {
    await Promise.all(articles.slice(i, i + 25).map((a) => store.create(a)))
  }
}

/** Follows `nextCursor` to the end, returning each page's slugs. */
async function allPages(
  read: (cursor: string | undefined) => Promise<Page<Article>>,
  maxPages = 50,
): Promise<string[][]> {
  const pages: string[][] = []
  let cursor: string | undefined
  do {
    const page = await read(cursor)
    pages.push(page.items.map((a) => a.slug))
    cursor = page.nextCursor
    if (pages.length > maxPages) throw new Error('the cursor never ends')
  } while (cursor !== undefined)
  return pages
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the operation to fail')
}

describe('DynamoArticleStore create', () => {
  it('stores a new article that findBySlug returns exactly as written', async () => {
    const store = await newStore()
    const article = makeArticle({
      image: { url: 'https://img.example.com/a.jpg', alt: 'A', type: 'image/jpeg' },
    })
    await store.create(article)
    expect(await store.findBySlug(article.slug)).toEqual(article)
    expect(await store.findBySlug('no-such-slug')).toBeUndefined()
  })

  it('never overwrites: a second create of the slug is a ConflictError and the first article stays', async () => {
    const store = await newStore()
    const first = makeArticle({ title: 'The first' })
    await store.create(first)
    const second = makeArticle({ slug: first.slug, title: 'The second' })
    const error = await errorOf(store.create(second))
    expect(error).toBeInstanceOf(ConflictError)
    expect(await store.findBySlug(first.slug)).toEqual(first)
  })

  it('creates over a tombstone, with the new article’s id', async () => {
    const store = await newStore()
    const old = makeArticle()
    await store.create(old)
    await removeAt(store, old, at(1))
    const reborn = makeArticle({ slug: old.slug, title: 'Back again' })
    await store.create(reborn)
    const found = await store.findBySlug(old.slug)
    expect(found).toEqual(reborn)
    expect(found?.id).not.toBe(old.id)
  })

  it('refuses a time that is not in a four-digit year once in UTC, before writing anything', async () => {
    const store = await newStore()
    // 23:00 at -05:00 on the last day of 9999 is already the year 10000 in UTC: as a sort key
    // (`+010000-…`) it would sort before every real one and show a far-future article at once.
    const farFuture = makeArticle({ publishedAt: '9999-12-31T23:00:00-05:00' })
    const error = await errorOf(store.create(farFuture))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error instanceof ValidationError && error.issues.map((i) => i.path)).toEqual(['publishedAt'])
    const badCreation = makeDraft({ createdAt: '+010000-01-01T00:00:00.000Z' })
    const creationError = await errorOf(store.create(badCreation))
    expect(creationError instanceof ValidationError && creationError.issues.map((i) => i.path)).toEqual([
      'createdAt',
    ])
    expect(await store.findBySlug(farFuture.slug)).toBeUndefined()
    expect(await store.findBySlug(badCreation.slug)).toBeUndefined()
    expect(await store.readFeedState()).toEqual({ version: 0 })
    expect(await store.readFeedState('world')).toEqual({ version: 0 })
  })

  it('stores an article of the largest size the domain lets through', async () => {
    const store = await newStore()
    const longSlugs = Array.from({ length: 10 }, (_, i) =>
      category(`${String(i).repeat(2)}-${'c'.repeat(77)}`),
    )
    const base = makeArticle({ slug: `big-${'s'.repeat(76)}`, categories: longSlugs, content: '' })
    const padding = maxArticleBytes - new TextEncoder().encode(JSON.stringify(base)).length
    const big = { ...base, content: 'x'.repeat(padding) }
    expect(new TextEncoder().encode(JSON.stringify(big)).length).toBe(maxArticleBytes)
    await store.create(big)
    expect(await store.findBySlug(big.slug)).toEqual(big)
  })
})

describe('DynamoArticleStore replace', () => {
  it('replaces the article when the previous version is the stored one', async () => {
    const store = await newStore()
    const v1 = makeArticle()
    await store.create(v1)
    const v2 = edited(v1, { title: 'A new headline' })
    await store.replace(v2, v1)
    expect(await store.findBySlug(v1.slug)).toEqual(v2)
  })

  it('refuses a stale previous version with PreconditionFailedError and changes nothing', async () => {
    const store = await newStore()
    const v1 = makeArticle()
    await store.create(v1)
    const v2 = edited(v1, { title: 'Second' })
    await store.replace(v2, v1)
    const error = await errorOf(store.replace(edited(v1, { title: 'Based on v1' }), v1))
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(await store.findBySlug(v1.slug)).toEqual(v2)
  })

  it('refuses to replace a deleted article', async () => {
    const store = await newStore()
    const v1 = makeArticle()
    await store.create(v1)
    const tombstone = await removeAt(store, v1, at(1))
    const error = await errorOf(store.replace(edited(v1, { version: tombstone.version + 1 }), v1))
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(await store.findBySlug(v1.slug)).toEqual(tombstone)
  })
})

describe('DynamoArticleStore remove', () => {
  it('leaves a tombstone with the id that findBySlug returns', async () => {
    const store = await newStore()
    const article = makeArticle()
    await store.create(article)
    const tombstone = await removeAt(store, article, at(5))
    expect(tombstone).toEqual({
      slug: article.slug,
      id: article.id,
      deletedAt: at(5),
      version: 2,
      wasPublic: true,
    })
    const found = await store.findBySlug(article.slug)
    expect(found).toEqual(tombstone)
    expect(found && isTombstone(found)).toBe(true)
  })

  it('refuses a stale version and keeps the newer article', async () => {
    const store = await newStore()
    const v1 = makeArticle()
    await store.create(v1)
    const v2 = edited(v1)
    await store.replace(v2, v1)
    expect(await errorOf(removeAt(store, v1, at(5)))).toBeInstanceOf(PreconditionFailedError)
    expect(await store.findBySlug(v1.slug)).toEqual(v2)
  })

  it('takes the article out of every listing', async () => {
    const store = await newStore()
    const kept = makeArticle({ publishedAt: at(-10) })
    const removed = makeArticle({ publishedAt: at(-5) })
    await createAll(store, [kept, removed])
    await removeAt(store, removed, at(1))
    const slugs = (page: Page<Article>) => page.items.map((a) => a.slug)
    expect(slugs(await store.listPublished({ now, limit: 10 }))).toEqual([kept.slug])
    expect(slugs(await store.listPublished({ now, limit: 10, category: 'world' }))).toEqual([kept.slug])
    expect(slugs(await store.listByStatus({ limit: 10 }))).toEqual([kept.slug])
    expect(slugs(await store.listByStatus({ limit: 10, status: 'published' }))).toEqual([kept.slug])
  })
})

describe('DynamoArticleStore listPublished', () => {
  it('lists newest first by the instant of publishedAt, whatever its offset', async () => {
    const store = await newStore()
    // As strings the +06:00 time sorts last; as instants it is the oldest.
    const oldest = makeArticle({ publishedAt: '2025-03-11T10:00:00+06:00' }) // 04:00Z
    const middle = makeArticle({ publishedAt: '2025-03-11T05:00:00Z' })
    const newest = makeArticle({ publishedAt: '2025-03-11T01:30:00-05:00' }) // 06:30Z
    await createAll(store, [middle, oldest, newest])
    const page = await store.listPublished({ now, limit: 10 })
    expect(page.items.map((a) => a.slug)).toEqual([newest.slug, middle.slug, oldest.slug])
    expect(page.items[0]).toEqual(newest)
    expect(page.nextCursor).toBeUndefined()
  })

  it('leaves out drafts, deleted and not-yet-due articles, and includes one due exactly now', async () => {
    const store = await newStore()
    const due = makeArticle({ publishedAt: at(-30) })
    const dueNow = makeArticle({ publishedAt: now.toISOString() })
    const dueNowWithOffset = makeArticle({ publishedAt: '2025-03-12T18:00:00+06:00' }) // = now
    const scheduled = makeArticle({ publishedAt: at(1) })
    const draft = makeDraft()
    const draftWithDate = makeArticle({ status: 'draft', publishedAt: at(-40) })
    const deleted = makeArticle({ publishedAt: at(-20) })
    await createAll(store, [due, dueNow, dueNowWithOffset, scheduled, draft, draftWithDate, deleted])
    await removeAt(store, deleted, at(-1))
    for (const scope of [undefined, 'world']) {
      const page = await store.listPublished({ now, limit: 10, ...(scope ? { category: scope } : {}) })
      expect(new Set(page.items.map((a) => a.slug)), `scope ${scope}`).toEqual(
        new Set([dueNow.slug, dueNowWithOffset.slug, due.slug]),
      )
      expect(page.items.at(-1)?.slug).toBe(due.slug)
    }
    // A millisecond earlier, the ones due now are still scheduled.
    const before = await store.listPublished({ now: new Date(now.getTime() - 1), limit: 10 })
    expect(before.items.map((a) => a.slug)).toEqual([due.slug])
  })

  it('takes an unpublished article out of the feeds', async () => {
    const store = await newStore()
    const article = makeArticle()
    await store.create(article)
    await store.replace(edited(article, { status: 'draft' }), article)
    expect((await store.listPublished({ now, limit: 10 })).items).toEqual([])
    expect((await store.listPublished({ now, limit: 10, category: 'world' })).items).toEqual([])
  })

  it('pages site-wide with nextCursor, reaching every article exactly once, in order', async () => {
    const store = await newStore()
    const articles = Array.from({ length: 8 }, (_, i) =>
      makeArticle({ publishedAt: at(-10 * (i + 1)), categories: [category(i % 2 ? 'world' : 'sport')] }),
    )
    await createAll(store, articles)
    const pages = await allPages((cursor) =>
      store.listPublished({ now, limit: 3, ...(cursor ? { cursor } : {}) }),
    )
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2])
    expect(pages.flat()).toEqual(articles.map((a) => a.slug))
  })

  it('ends without an empty page when the count is a multiple of the limit', async () => {
    const store = await newStore()
    const articles = Array.from({ length: 9 }, (_, i) => makeArticle({ publishedAt: at(-i - 1) }))
    await createAll(store, articles)
    for (const scope of [undefined, 'world']) {
      const pages = await allPages((cursor) =>
        store.listPublished({
          now,
          limit: 3,
          ...(cursor ? { cursor } : {}),
          ...(scope ? { category: scope } : {}),
        }),
      )
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3])
    }
  })

  it('pages one category with nextCursor, reaching each of its articles exactly once', async () => {
    const store = await newStore()
    const others = [category('sport'), category('asia'), category('tech')]
    const articles = Array.from({ length: 14 }, (_, i) => {
      // Every other article is in `nato`, at a different slot each time; the rest are not.
      const categories = i % 2 === 0 ? [...others.slice(0, (i / 2) % 4), category('nato')] : others
      return makeArticle({ publishedAt: at(-5 * (i + 1)), categories })
    })
    await createAll(store, articles)
    const pages = await allPages((cursor) =>
      store.listPublished({ now, limit: 2, category: 'nato', ...(cursor ? { cursor } : {}) }),
    )
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(pages.flat()).toEqual(articles.filter((_, i) => i % 2 === 0).map((a) => a.slug))
  })

  it('holds only the category’s articles, found in the first and the last category slot', async () => {
    const store = await newStore()
    const fillers = Array.from({ length: 9 }, (_, i) => category(`filler-${i}`))
    const first = makeArticle({ publishedAt: at(-1), categories: [category('nato'), ...fillers] })
    const last = makeArticle({ publishedAt: at(-2), categories: [...fillers, category('nato')] })
    const elsewhere = makeArticle({ publishedAt: at(-3), categories: [category('sport')] })
    const uncategorised = makeArticle({ publishedAt: at(-4), categories: [] })
    await createAll(store, [first, last, elsewhere, uncategorised])
    const nato = await store.listPublished({ now, limit: 10, category: 'nato' })
    expect(nato.items).toEqual([first, last])
    const filler8 = await store.listPublished({ now, limit: 10, category: 'filler-8' })
    expect(filler8.items.map((a) => a.slug)).toEqual([first.slug, last.slug])
    expect((await store.listPublished({ now, limit: 10, category: 'nothing' })).items).toEqual([])
    expect((await store.listPublished({ now, limit: 10 })).items).toHaveLength(4)
  })

  it('takes an article out of a category it no longer has', async () => {
    const store = await newStore()
    const article = makeArticle({ categories: [category('nato'), category('world')] })
    await store.create(article)
    await store.replace(edited(article, { categories: [category('world')] }), article)
    expect((await store.listPublished({ now, limit: 10, category: 'nato' })).items).toEqual([])
    expect((await store.listPublished({ now, limit: 10, category: 'world' })).items).toHaveLength(1)
  })

  it.each([
    ['not base64url', '!!!'],
    ['random base64url', Buffer.from('hello world').toString('base64url')],
    ['a key with a bad slug', Buffer.from('2025-03-11T00:00:00.000Z#../etc').toString('base64url')],
    ['an overlong value', 'A'.repeat(500)],
    ['empty', ''],
  ])('rejects a bogus cursor (%s) with a ValidationError on cursor', async (_, cursor) => {
    const store = await newStore()
    for (const scope of [undefined, 'world']) {
      const error = await errorOf(
        store.listPublished({ now, limit: 5, cursor, ...(scope ? { category: scope } : {}) }),
      )
      expect(error).toBeInstanceOf(ValidationError)
      expect(error instanceof ValidationError && error.issues.map((i) => i.path)).toEqual(['cursor'])
    }
  })
})

describe('DynamoArticleStore listByStatus', () => {
  it('lists every live article, drafts and published alike, most recently created first', async () => {
    const store = await newStore()
    const oldDraft = makeDraft({ createdAt: at(-50) })
    const published = makeArticle({ createdAt: at(-40) })
    const scheduled = makeArticle({ createdAt: at(-30), publishedAt: at(60) })
    const newDraft = makeDraft({ createdAt: at(-20) })
    const deleted = makeArticle({ createdAt: at(-10) })
    await createAll(store, [oldDraft, published, scheduled, newDraft, deleted])
    await removeAt(store, deleted, at(0))
    const all = await store.listByStatus({ limit: 10 })
    expect(all.items.map((a) => a.slug)).toEqual([
      newDraft.slug,
      scheduled.slug,
      published.slug,
      oldDraft.slug,
    ])
    expect(all.items[0]).toEqual(newDraft)
    expect(all.nextCursor).toBeUndefined()
    const drafts = await store.listByStatus({ limit: 10, status: 'draft' })
    expect(drafts.items.map((a) => a.slug)).toEqual([newDraft.slug, oldDraft.slug])
    const live = await store.listByStatus({ limit: 10, status: 'published' })
    expect(live.items.map((a) => a.slug)).toEqual([scheduled.slug, published.slug])
  })

  it('pages with and without a status, reaching each article exactly once', async () => {
    const store = await newStore()
    const articles = Array.from({ length: 11 }, (_, i) =>
      i % 3 === 0 ? makeDraft({ createdAt: at(-i - 1) }) : makeArticle({ createdAt: at(-i - 1) }),
    )
    await createAll(store, articles)
    const everything = await allPages((cursor) =>
      store.listByStatus({ limit: 3, ...(cursor ? { cursor } : {}) }),
    )
    expect(everything.map((p) => p.length)).toEqual([3, 3, 3, 2])
    expect(everything.flat()).toEqual(articles.map((a) => a.slug))
    const published = await allPages((cursor) =>
      store.listByStatus({ limit: 2, status: 'published', ...(cursor ? { cursor } : {}) }),
    )
    expect(published.length).toBeGreaterThanOrEqual(3)
    expect(published.flat()).toEqual(articles.filter((a) => a.status === 'published').map((a) => a.slug))
  })

  it('rejects a bogus cursor with a ValidationError on cursor', async () => {
    const store = await newStore()
    const error = await errorOf(store.listByStatus({ limit: 5, cursor: 'bogus' }))
    expect(error).toBeInstanceOf(ValidationError)
    expect(error instanceof ValidationError && error.issues.map((i) => i.path)).toEqual(['cursor'])
  })
})

describe('DynamoArticleStore nextScheduled', () => {
  it('gives the earliest future publishedAt, site-wide and per category', async () => {
    const store = await newStore()
    await createAll(store, [
      makeArticle({ publishedAt: at(-5) }),
      makeArticle({ publishedAt: now.toISOString() }), // due, not scheduled
      makeArticle({ publishedAt: at(90), categories: [category('nato')] }),
      makeArticle({ publishedAt: '2025-03-12T19:00:00+06:00', categories: [category('sport')] }), // now + 60
      makeArticle({ publishedAt: at(30), categories: [category('filler'), category('world')] }),
      makeArticle({ status: 'draft', publishedAt: at(10), categories: [category('world')] }),
    ])
    const instant = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value))
    expect(instant(await store.nextScheduled({ now }))).toBe(Date.parse(at(30)))
    expect(instant(await store.nextScheduled({ now, category: 'world' }))).toBe(Date.parse(at(30)))
    expect(instant(await store.nextScheduled({ now, category: 'sport' }))).toBe(Date.parse(at(60)))
    expect(instant(await store.nextScheduled({ now, category: 'nato' }))).toBe(Date.parse(at(90)))
    expect(await store.nextScheduled({ now, category: 'nothing' })).toBeUndefined()
    expect(await store.nextScheduled({ now: new Date(Date.parse(at(100))) })).toBeUndefined()
  })

  it('answers undefined when nothing is scheduled', async () => {
    const store = await newStore()
    await store.create(makeArticle())
    expect(await store.nextScheduled({ now })).toBeUndefined()
  })
})

describe('DynamoArticleStore readFeedState', () => {
  it('starts at version 0 with nothing removed', async () => {
    const store = await newStore()
    expect(await store.readFeedState()).toEqual({ version: 0 })
    expect(await store.readFeedState('world')).toEqual({ version: 0 })
  })

  it('moves the version of the site and of each category a published write touches, and of no other', async () => {
    const store = await newStore()
    await store.create(makeArticle({ categories: [category('sport')] }))
    const site0 = await store.readFeedState()
    const sport0 = await store.readFeedState('sport')
    const article = makeArticle({ categories: [category('world'), category('nato')] })
    await store.create(article)
    const site1 = await store.readFeedState()
    const world1 = await store.readFeedState('world')
    const nato1 = await store.readFeedState('nato')
    expect(site1.version).toBeGreaterThan(site0.version)
    expect(world1.version).toBeGreaterThan(0)
    expect(nato1.version).toBeGreaterThan(0)
    expect(await store.readFeedState('sport')).toEqual(sport0)

    await store.replace(edited(article, { title: 'Updated' }), article)
    expect((await store.readFeedState()).version).toBeGreaterThan(site1.version)
    expect((await store.readFeedState('world')).version).toBeGreaterThan(world1.version)
    expect((await store.readFeedState('nato')).version).toBeGreaterThan(nato1.version)
    expect(await store.readFeedState('sport')).toEqual(sport0)
  })

  it('does not move on a draft write', async () => {
    const store = await newStore()
    await store.create(makeArticle())
    const site = await store.readFeedState()
    const world = await store.readFeedState('world')
    const draft = makeDraft()
    await store.create(draft)
    await store.replace(edited(draft, { title: 'Still a draft' }), draft)
    await removeAt(store, edited(draft, { title: 'Still a draft' }), at(2))
    expect(await store.readFeedState()).toEqual(site)
    expect(await store.readFeedState('world')).toEqual(world)
  })

  it('sets removedAt on the site and its categories when a published article is deleted', async () => {
    const store = await newStore()
    const article = makeArticle({ categories: [category('world'), category('nato')] })
    await store.create(article)
    expect((await store.readFeedState()).removedAt).toBeUndefined()
    const before = await store.readFeedState()
    await removeAt(store, article, at(3))
    const after = await store.readFeedState()
    expect(after.removedAt).toBe(at(3))
    expect(after.version).toBeGreaterThan(before.version)
    expect((await store.readFeedState('world')).removedAt).toBe(at(3))
    expect((await store.readFeedState('nato')).removedAt).toBe(at(3))
  })

  it('sets removedAt when a published article is unpublished', async () => {
    const store = await newStore()
    const article = makeArticle()
    await store.create(article)
    const draft = edited(article, { status: 'draft', updatedAt: at(4) })
    await store.replace(draft, article)
    expect((await store.readFeedState()).removedAt).toBe(at(4))
    expect((await store.readFeedState('world')).removedAt).toBe(at(4))
  })

  it('sets removedAt on a category the article leaves, and only there', async () => {
    const store = await newStore()
    const article = makeArticle({ categories: [category('world'), category('nato')] })
    await store.create(article)
    const site = await store.readFeedState()
    const nato = await store.readFeedState('nato')
    await store.replace(edited(article, { categories: [category('world')], updatedAt: at(6) }), article)
    expect(await store.readFeedState('nato')).toMatchObject({ version: nato.version + 1, removedAt: at(6) })
    expect((await store.readFeedState('world')).removedAt).toBeUndefined()
    const siteAfter = await store.readFeedState()
    expect(siteAfter.removedAt).toBeUndefined()
    expect(siteAfter.version).toBe(site.version + 1)
  })
})

describe('DynamoArticleStore reading cost', () => {
  type SentCommand = { constructor: unknown; input: unknown }

  function spyOnSend() {
    const spy = vi.spyOn(dynamo().client, 'send')
    const commands = () => spy.mock.calls.map(([command]) => command as unknown as SentCommand)
    const count = (type: abstract new (...args: never[]) => unknown) =>
      commands().filter((c) => c instanceof type).length
    return { spy, commands, count }
  }

  it('never sends a Scan, whatever the operation', async () => {
    const { commands, count } = spyOnSend()
    const store = await newStore()
    const a = makeArticle({ publishedAt: at(-3), categories: [category('world'), category('nato')] })
    const b = makeArticle({ publishedAt: at(-2) })
    const c = makeDraft()
    const d = makeArticle({ publishedAt: at(20) })
    await createAll(store, [a, b, c, d])
    await store.replace(edited(a, { title: 'Edited' }), a)
    await removeAt(store, b, at(1))
    await store.findBySlug(a.slug)
    await store.findBySlug('missing')
    for (const status of [undefined, 'draft', 'published'] as const) {
      const page = await store.listByStatus({ limit: 1, ...(status ? { status } : {}) })
      if (page.nextCursor) await store.listByStatus({ limit: 1, cursor: page.nextCursor })
    }
    for (const scope of [undefined, 'world', 'nato']) {
      const query = { now, limit: 1, ...(scope ? { category: scope } : {}) }
      const page = await store.listPublished(query)
      if (page.nextCursor) await store.listPublished({ ...query, cursor: page.nextCursor })
      await store.nextScheduled({ now, ...(scope ? { category: scope } : {}) })
      await store.readFeedState(scope)
    }
    expect(commands().length).toBeGreaterThan(30)
    expect(count(ScanCommand)).toBe(0)
  })

  /** Creates `total` published articles spread over `world` in every slot, plus other categories. */
  async function archive(total: number): Promise<DynamoArticleStore> {
    const store = await newStore()
    const articles = Array.from({ length: total }, (_, i) => {
      const slot = i % 10
      const fillers = Array.from({ length: slot }, (_, j) => category(`filler-${j}`))
      return makeArticle({ publishedAt: at(-(i + 1)), categories: [...fillers, category('world')] })
    })
    // The bulk path (same items as `create`, the shared feed states and registries written once):
    // a 300-article archive with `create` each took most of this file's time.
    const outcomes = await store.createEach(articles)
    expect(outcomes.filter((outcome) => outcome !== undefined)).toEqual([])
    return store
  }

  async function pageCost(store: DynamoArticleStore, categoryName: string | undefined, limit: number) {
    const { spy, commands, count } = spyOnSend()
    const first = await store.listPublished({
      now,
      limit,
      ...(categoryName ? { category: categoryName } : {}),
    })
    expect(first.items).toHaveLength(limit)
    expect(first.nextCursor).toBeDefined()
    const queryLimits = commands()
      .filter((c) => c instanceof QueryCommand)
      .map((c) => (c.input as { Limit?: number }).Limit)
    const cost = {
      queries: count(QueryCommand),
      batchGets: count(BatchGetItemCommand),
      total: commands().length,
    }
    spy.mockRestore()
    return { cost, queryLimits }
  }

  it('follows a Query past 1 MB only as far as the page needs', async () => {
    const store = await newStore()
    const bulky = 'x'.repeat(300 * 1024)
    const articles = Array.from({ length: 8 }, (_, i) =>
      makeArticle({ publishedAt: at(-(i + 1)), content: bulky, contentHtml: `<p>${i}</p>` }),
    )
    await createAll(store, articles)
    const { cost } = await pageCost(store, undefined, 5)
    // Six articles (the page and one to know there is more) are about 1.8 MB: two Queries, not eight.
    expect(cost).toEqual({ queries: 2, batchGets: 0, total: 2 })
    const page = await store.listPublished({ now, limit: 5 })
    expect(page.items.map((a) => a.slug)).toEqual(articles.slice(0, 5).map((a) => a.slug))
  })

  describe('with archives of 30 and 300 articles', () => {
    // Built once: these tests only read, and a 300-article archive takes seconds to write.
    let small: DynamoArticleStore
    let large: DynamoArticleStore
    beforeAll(async () => {
      small = await archive(30)
      large = await archive(300)
      // Seconds on a quiet machine; past two minutes on one loaded by other suites.
    }, 600_000)

    it('reads a site feed page with exactly one Query whatever the archive size', async () => {
      const smallCost = await pageCost(small, undefined, 10)
      const largeCost = await pageCost(large, undefined, 10)
      expect(smallCost.cost).toEqual({ queries: 1, batchGets: 0, total: 1 })
      expect(largeCost.cost).toEqual(smallCost.cost)
      // It asks for about the page, not the archive.
      expect(largeCost.queryLimits).toEqual([11])
    })

    it('reads a category page with at most 10 Queries and 1 BatchGetItem whatever the archive size', async () => {
      const smallCost = await pageCost(small, 'world', 10)
      const largeCost = await pageCost(large, 'world', 10)
      expect(smallCost.cost.queries).toBeLessThanOrEqual(10)
      expect(smallCost.cost.batchGets).toBe(1)
      expect(smallCost.cost.total).toBe(smallCost.cost.queries + 1)
      expect(largeCost.cost).toEqual(smallCost.cost)
      for (const limit of largeCost.queryLimits) expect(limit).toBeLessThanOrEqual(11)
    })
  })
})
