import { describe, expect, it } from 'vitest'
import { FeedPageCache } from '../../lib/http/feed-page-cache.ts'
import { Representation } from '../../lib/http/representation.ts'
import { type Harness, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()
let h: Harness

/** Nine published articles of about 19 KB of text each, and the cursors of pages 2 and 3 at three a page. */
async function seed(): Promise<string[]> {
  for (let i = 0; i < 9; i++) {
    await h.publish({
      content: `<p>${'Long reporting. '.repeat(1200)}</p>`,
      publishedAt: new Date(Date.parse('2025-03-01T00:00:00Z') + i * 3_600_000).toISOString(),
    })
  }
  const pages = new FeedPageCache({ store: h.store, clock: h.now, pageSize: 3 })
  const first = await pages.get(undefined, undefined)
  const second = await pages.get(undefined, first.entry.page.nextCursor)
  return [first.entry.page.nextCursor ?? '', second.entry.page.nextCursor ?? '']
}

/** Whether getting this page read it from the store (a Query) rather than the instance. */
async function readsPage(pages: FeedPageCache, cursor: string | undefined): Promise<boolean> {
  h.log.clear()
  await pages.get(undefined, cursor)
  return h.log.count('Query') > 0
}

describe('FeedPageCache, the per-instance feed cache', () => {
  it('keeps at most maxBytes of articles and renders, dropping the least recently used first', async () => {
    h = await startHarness()
    const [page2, page3] = await seed()
    // One page of three articles of 19 KB content (and as much HTML) is about 230 KB as UTF-16: room for
    // two pages, not three.
    const pages = new FeedPageCache({ store: h.store, clock: h.now, pageSize: 3, maxBytes: 500_000 })
    expect(await readsPage(pages, undefined)).toBe(true)
    expect(await readsPage(pages, page2)).toBe(true)
    expect(await readsPage(pages, undefined)).toBe(false)
    expect(await readsPage(pages, page3)).toBe(true)
    // Page 2 was the least recently used: it went to make room; the first page stayed.
    expect(await readsPage(pages, undefined)).toBe(false)
    expect(await readsPage(pages, page2)).toBe(true)
  })

  it('counts rendered bodies against maxBytes', async () => {
    h = await startHarness()
    const [page2] = await seed()
    const pages = new FeedPageCache({ store: h.store, clock: h.now, pageSize: 3, maxBytes: 500_000 })
    const first = await pages.get(undefined, undefined)
    // A render as large as the budget left: the next page no longer fits beside the first.
    first.entry.renders.set('big', new Representation('x'.repeat(200_000), 'text/plain'))
    expect(await readsPage(pages, page2)).toBe(true)
    expect(await readsPage(pages, undefined)).toBe(true)
  })

  it('keeps an empty feed like any other page, read once', async () => {
    h = await startHarness()
    const pages = new FeedPageCache({ store: h.store, clock: h.now, pageSize: 3 })
    expect(await readsPage(pages, undefined)).toBe(true)
    const { entry } = await pages.get(undefined, undefined)
    expect(entry.page.items).toEqual([])
    entry.renders.set('rss', new Representation('', 'text/plain'))
    expect(await readsPage(pages, undefined)).toBe(false)
  })

  it('keeps at most maxEntries pages', async () => {
    h = await startHarness()
    const [page2, page3] = await seed()
    const pages = new FeedPageCache({ store: h.store, clock: h.now, pageSize: 3, maxEntries: 2 })
    for (const cursor of [undefined, page2, page3]) expect(await readsPage(pages, cursor)).toBe(true)
    expect(await readsPage(pages, page3)).toBe(false)
    expect(await readsPage(pages, page2)).toBe(false)
    expect(await readsPage(pages, undefined)).toBe(true)
  })
})
