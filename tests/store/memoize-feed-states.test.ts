import { describe, expect, it } from 'vitest'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createDynamoPublicReads, type DynamoPublicReads } from '../../lib/store/dynamo-public-reads.ts'
import {
  defaultMemoBounds,
  memoizeFeedStateReads,
  memoizeFeedStates,
} from '../../lib/store/memoize-feed-states.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

const dynamo = useDynalite()

interface Fixture {
  /** The real store, counting the feed-state reads asked of it. */
  readonly inner: DynamoArticleStore
  readonly memo: DynamoArticleStore
  /** Feed-state reads the inner store was asked for so far. */
  reads(): number
  /** Moves the memo's monotonic clock on. */
  advance(ms: number): void
}

async function fixture(
  tableName?: string,
  bounds: { maxEntries?: number; maxBytes?: number } = {},
): Promise<Fixture> {
  const name = tableName ?? (await dynamo().createTable())
  let reads = 0
  const store = createDynamoArticleStore({ client: dynamo().client, tableName: name })
  const inner: DynamoArticleStore = {
    ...store,
    readFeedState(category, options) {
      reads += 1
      return store.readFeedState(category, options)
    },
  }
  let nowMs = 0
  const memo = memoizeFeedStates(inner, { maxAgeMs: 1000, now: () => nowMs, ...bounds })
  return {
    inner,
    memo,
    reads: () => reads,
    advance(ms) {
      nowMs += ms
    },
  }
}

describe('memoizeFeedStates', () => {
  it('answers repeat reads of a scope from one store read while it is younger than maxAgeMs', async () => {
    const f = await fixture()
    await f.inner.create(makeArticle())
    const first = await f.memo.readFeedState()
    expect(first.version).toBe(1)
    expect(f.reads()).toBe(1)
    f.advance(999)
    expect(await f.memo.readFeedState()).toEqual(first)
    expect(f.reads()).toBe(1)
    f.advance(1)
    expect(await f.memo.readFeedState()).toEqual(first)
    expect(f.reads()).toBe(2)
  })

  it('shares one read in flight among concurrent callers, per scope', async () => {
    const f = await fixture()
    await f.inner.create(makeArticle())
    const states = await Promise.all([
      ...Array.from({ length: 20 }, () => f.memo.readFeedState()),
      ...Array.from({ length: 20 }, () => f.memo.readFeedState('world')),
    ])
    expect(f.reads()).toBe(2)
    expect(new Set(states.map((s) => s.version))).toEqual(new Set([1]))
  })

  it('sees its own writes at once, and another instance’s only once the window has passed', async () => {
    const tableName = await dynamo().createTable()
    const reader = await fixture(tableName)
    const otherInstance = await fixture(tableName)
    const article = makeArticle()
    await reader.memo.create(article)
    expect((await reader.memo.readFeedState()).version).toBe(1)

    await reader.memo.replace({ ...article, title: 'Edited here', version: 2 }, article)
    expect((await reader.memo.readFeedState()).version).toBe(2)
    expect((await reader.memo.readFeedState('world')).version).toBe(2)

    await otherInstance.memo.create(makeArticle())
    expect((await reader.memo.readFeedState()).version).toBe(2)
    reader.advance(1000)
    expect((await reader.memo.readFeedState()).version).toBe(3)
  })

  it('forgets every memo after a write that failed, which may have landed in part', async () => {
    const f = await fixture()
    const article = makeArticle()
    await f.memo.create(article)
    await f.memo.readFeedState()
    const readsBefore = f.reads()
    await expect(f.memo.create(makeArticle({ slug: article.slug }))).rejects.toThrow(/taken/)
    await f.memo.readFeedState()
    expect(f.reads()).toBeGreaterThan(readsBefore)
  })

  it('does not keep a failed read: the next call asks the store again', async () => {
    const tableName = `memo-later-${Date.now().toString(36)}`
    const f = await fixture(tableName)
    await expect(f.memo.readFeedState()).rejects.toThrow()
    await dynamo().createTable(tableName)
    expect(await f.memo.readFeedState()).toEqual({ version: 0 })
  })

  it('asks the store when told fresh, whatever it holds', async () => {
    const f = await fixture()
    await f.memo.readFeedState()
    await f.memo.readFeedState(undefined, { fresh: true })
    expect(f.reads()).toBe(2)
  })

  it('keeps at most maxEntries scopes, whatever names are asked for, least recently used out first', async () => {
    const f = await fixture(undefined, { maxEntries: 50 })
    await f.memo.readFeedState('kept')
    // Made-up category names, as a prober would send them: each a scope of its own.
    for (let i = 0; i < 200; i++) {
      await f.memo.readFeedState(`probe-${i}`)
      if (i % 40 === 0) await f.memo.readFeedState('kept') // recently used: it stays
    }
    const reads = f.reads()
    await f.memo.readFeedState('kept')
    expect(f.reads()).toBe(reads)
    await f.memo.readFeedState('probe-199')
    expect(f.reads()).toBe(reads)
    // The first probes went to make room.
    const before = f.reads()
    for (let i = 0; i < 5; i++) await f.memo.readFeedState(`probe-${i}`)
    expect(f.reads()).toBe(before + 5)
  })

  it('keeps at most maxBytes of scopes, counting long names as more', async () => {
    const f = await fixture(undefined, { maxBytes: 7000 })
    const long = (i: number) => `${i}-${'x'.repeat(79 - String(i).length)}`
    // Each long name counts 2 × 80 + 512 bytes: 10 of them fit in 7,000 bytes, 20 do not.
    for (let i = 0; i < 20; i++) await f.memo.readFeedState(long(i))
    const reads = f.reads()
    await f.memo.readFeedState(long(19))
    expect(f.reads()).toBe(reads)
    await f.memo.readFeedState(long(0))
    expect(f.reads()).toBe(reads + 1)
  })

  it('has a bound in entries and in bytes by default', () => {
    expect(defaultMemoBounds.maxEntries).toBeGreaterThan(0)
    expect(Number.isFinite(defaultMemoBounds.maxEntries)).toBe(true)
    expect(defaultMemoBounds.maxBytes).toBeLessThanOrEqual(16 * 2 ** 20)
  })

  it('passes every other operation through to the store', async () => {
    const f = await fixture()
    const article = makeArticle({ slug: 'passed-through' })
    await f.memo.create(article)
    expect(await f.memo.findBySlug('passed-through')).toEqual(article)
    const page = await f.memo.listPublished({ now: new Date('2026-01-01T00:00:00Z'), limit: 5 })
    expect(page.items.map((a) => a.slug)).toEqual(['passed-through'])
  })
})

describe('memoizeFeedStateReads, the store of the public function', () => {
  it('reuses a feed-state read of the read side alone, and reads what the write side stored', async () => {
    const tableName = await dynamo().createTable()
    const writer = createDynamoArticleStore({ client: dynamo().client, tableName })
    const reads = createDynamoPublicReads({ client: dynamo().client, tableName })
    let asked = 0
    let nowMs = 0
    const counted: DynamoPublicReads = {
      ...reads,
      readFeedState(category, options) {
        asked += 1
        return reads.readFeedState(category, options)
      },
    }
    const memo = memoizeFeedStateReads(counted, { maxAgeMs: 1000, now: () => nowMs })
    const article = makeArticle({ slug: 'read-side' })
    await writer.create(article)
    expect((await memo.readFeedState()).version).toBe(1)
    await writer.replace({ ...article, title: 'Edited', version: 2 }, article)
    // Another writer's change is seen once the window has passed, as on another instance.
    expect((await memo.readFeedState()).version).toBe(1)
    nowMs += 1000
    expect((await memo.readFeedState()).version).toBe(2)
    expect(asked).toBe(2)
    expect(await memo.findBySlug('read-side')).toMatchObject({ title: 'Edited', version: 2 })
    expect('create' in memo).toBe(false)
  })
})
