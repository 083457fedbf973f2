import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import {
  expectProblem,
  type FeedView,
  feedFormats,
  type Harness,
  readFeed,
  site,
  useHarness,
  uuidUrn,
  walkFeed,
} from '../support/public-app-harness.ts'

const startHarness = useHarness()
let h: Harness

const hour = 3_600_000

/** `ms` as RFC 3339 in a +06:00 offset, the way a Dhaka newsroom would send it. */
function dhakaTime(ms: number): string {
  return `${new Date(ms + 6 * hour).toISOString().slice(0, 19)}+06:00`
}

interface Archive {
  /** Published and due, in creation order. */
  readonly visible: Article[]
  readonly draft: Article
  readonly deleted: Article
  readonly scheduled: Article
}

/**
 * 45 due articles (pairs share a publication instant, half of them given in +06:00) spread over
 * World, Science and Politics, plus a draft, a deleted and a scheduled article in World and Science.
 */
async function seedArchive(harness: Harness): Promise<Archive> {
  const base = Date.parse('2025-03-01T00:00:00Z')
  const visible: Article[] = []
  for (let i = 0; i < 45; i++) {
    const at = base + Math.floor(i / 2) * hour
    const categories = i % 3 === 0 ? ['Science'] : i % 5 === 0 ? ['World', 'Politics'] : ['World']
    visible.push(
      await harness.publish({
        categories,
        publishedAt: i % 2 === 0 ? new Date(at).toISOString() : dhakaTime(at),
      }),
    )
  }
  const draft = await harness.publish({ status: 'draft', categories: ['World', 'Science'] })
  const deleted = await harness.publish({ categories: ['World', 'Science'] })
  await harness.remove(deleted.slug)
  const scheduled = await harness.publish({
    categories: ['World', 'Science'],
    publishedAt: new Date(harness.now().getTime() + hour).toISOString(),
  })
  return { visible, draft, deleted, scheduled }
}

/** Every page full but the last, ids unique and all expected, dates never increasing. */
function expectWalk(pages: FeedView[], expected: readonly Article[], pageSize: number) {
  const ids = pages.flatMap((p) => p.ids)
  pages.slice(0, -1).forEach((page) => {
    expect(page.ids).toHaveLength(pageSize)
  })
  expect(pages.at(-1)?.next).toBeUndefined()
  expect(new Set(ids).size).toBe(ids.length)
  expect([...ids].sort()).toEqual(expected.map((a) => a.id).sort())
  for (const id of ids) expect(id).toMatch(uuidUrn)
  const dates = pages.flatMap((p) => p.published)
  for (const [i, date] of dates.entries()) {
    expect(Number.isFinite(date)).toBe(true)
    if (i > 0) expect(date).toBeLessThanOrEqual(dates[i - 1] ?? 0)
  }
  const slugById = new Map(expected.map((a) => [a.id, a.slug]))
  const links = pages.flatMap((p) => p.links)
  links.forEach((link, i) => {
    expect(link).toBe(`${site.url}/articles/${slugById.get(ids[i] ?? '')}`)
  })
  return ids
}

describe('public feeds over HTTP', () => {
  it('serves every public route with its media type and charset=utf-8', async () => {
    h = await startHarness()
    const article = await h.publish({ categories: ['World'] })
    const expected: Record<string, string> = {
      '/': 'text/html; charset=utf-8',
      '/rss.xml': 'application/rss+xml; charset=utf-8',
      '/atom.xml': 'application/atom+xml; charset=utf-8',
      '/feed.json': 'application/feed+json; charset=utf-8',
      '/categories/world/rss.xml': 'application/rss+xml; charset=utf-8',
      '/categories/world/atom.xml': 'application/atom+xml; charset=utf-8',
      '/categories/world/feed.json': 'application/feed+json; charset=utf-8',
      [`/articles/${article.slug}`]: 'text/html; charset=utf-8',
      [`/articles/${article.slug}.json`]: 'application/json; charset=utf-8',
    }
    for (const [path, type] of Object.entries(expected)) {
      const res = await h.get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toBe(type)
    }
  })

  it('pages the site feed in every format, reaching each published, due article exactly once, newest first', async () => {
    h = await startHarness({ feedPageSize: 10 })
    const archive = await seedArchive(h)
    const orders: string[][] = []
    for (const format of feedFormats) {
      const pages = await walkFeed(h.app, `/${format.file}`, format.read)
      expect(pages.length, format.file).toBeGreaterThanOrEqual(5)
      const ids = expectWalk(pages, archive.visible, 10)
      for (const hidden of [archive.draft, archive.deleted, archive.scheduled]) {
        expect(ids).not.toContain(hidden.id)
      }
      orders.push(ids)
    }
    // The three formats agree item for item.
    expect(orders[1]).toEqual(orders[0])
    expect(orders[2]).toEqual(orders[0])
  })

  it('pages a category feed in every format through its own items only, each exactly once', async () => {
    h = await startHarness({ feedPageSize: 10 })
    const archive = await seedArchive(h)
    const inWorld = archive.visible.filter((a) => a.categories.some((c) => c.slug === 'world'))
    expect(inWorld).toHaveLength(30)
    for (const format of feedFormats) {
      const pages = await walkFeed(h.app, `/categories/world/${format.file}`, format.read)
      expect(pages.length, format.file).toBeGreaterThanOrEqual(3)
      const ids = expectWalk(pages, inWorld, 10)
      for (const hidden of [archive.draft, archive.deleted, archive.scheduled]) {
        expect(ids).not.toContain(hidden.id)
      }
      for (const categories of pages.flatMap((p) => p.categories)) expect(categories).toContain('World')
    }
    for (const format of feedFormats) {
      const science = await readFeed(h.app, `/categories/science/${format.file}`, format)
      expect(science.ids.length).toBeGreaterThan(0)
      for (const categories of science.categories) expect(categories).toContain('Science')
      const politics = await readFeed(h.app, `/categories/politics/${format.file}`, format)
      expect(politics.ids).toHaveLength(6)
      for (const categories of politics.categories) expect(categories).toEqual(['World', 'Politics'])
    }
  })

  it('shows a scheduled article exactly when it falls due, with no write in between', async () => {
    h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    const earlier = await h.publish({ categories: ['World', 'Science'], publishedAt: '2025-03-12T11:00:00Z' })
    const scheduled = await h.publish({
      title: 'Launch window opens',
      categories: ['Science'],
      publishedAt: '2025-03-12T12:00:30Z',
    })
    const paths = feedFormats.flatMap((format) => [
      { path: `/${format.file}`, format },
      { path: `/categories/science/${format.file}`, format },
    ])

    const before = new Map<string, { etag: string | null; lastModified: string | null }>()
    for (const { path, format } of paths) {
      const res = await h.get(path)
      const feed = format.read(await res.text())
      expect(feed.ids, path).toEqual([earlier.id])
      before.set(path, { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') })
    }
    await expectProblem(await h.get(`/articles/${scheduled.slug}`), 404)
    await expectProblem(await h.get(`/articles/${scheduled.slug}.json`), 404)
    expect(await (await h.get('/')).text()).not.toContain('Launch window opens')

    h.advanceSeconds(29) // 12:00:29, one second before it is due: the cached feeds stand
    for (const { path, format } of paths) {
      const res = await h.get(path)
      expect(format.read(await res.text()).ids, path).toEqual([earlier.id])
      expect(res.headers.get('etag'), path).toBe(before.get(path)?.etag)
    }

    h.advanceSeconds(2) // 12:00:31: due, and nothing was written since
    for (const { path, format } of paths) {
      const res = await h.get(path)
      expect(format.read(await res.text()).ids, path).toEqual([scheduled.id, earlier.id])
      expect(res.headers.get('etag'), path).not.toBe(before.get(path)?.etag)
      expect(res.headers.get('last-modified'), path).toBe('Wed, 12 Mar 2025 12:00:30 GMT')
    }
    expect((await h.get(`/articles/${scheduled.slug}`)).status).toBe(200)
    expect((await h.get(`/articles/${scheduled.slug}.json`)).status).toBe(200)
    expect(await (await h.get('/')).text()).toContain('Launch window opens')
    // Never in a feed it does not belong to.
    for (const format of feedFormats) {
      const res = await h.get(`/categories/world/${format.file}`)
      expect(format.read(await res.text()).ids).toEqual([earlier.id])
    }
  })

  it('drops a deleted article from the site and category feeds, and answers 410 for its page', async () => {
    h = await startHarness()
    const doomed = await h.publish({
      title: 'Retracted report',
      categories: ['World', 'Science'],
      publishedAt: '2025-03-12T11:00:00Z',
    })
    const science = await h.publish({ categories: ['Science'], publishedAt: '2025-03-12T10:00:00Z' })
    const world = await h.publish({ categories: ['World'], publishedAt: '2025-03-12T09:00:00Z' })
    const scopes = [
      { base: '', before: [doomed, science, world], after: [science, world] },
      { base: '/categories/science', before: [doomed, science], after: [science] },
      { base: '/categories/world', before: [doomed, world], after: [world] },
    ]
    for (const { base, before } of scopes) {
      for (const format of feedFormats) {
        const feed = await readFeed(h.app, `${base}/${format.file}`, format)
        expect(feed.ids).toEqual(before.map((a) => a.id))
      }
    }
    expect(await (await h.get('/')).text()).toContain('Retracted report')

    h.advanceSeconds(60)
    await h.remove(doomed.slug)

    for (const { base, after } of scopes) {
      for (const format of feedFormats) {
        const feed = await readFeed(h.app, `${base}/${format.file}`, format)
        expect(feed.ids, `${base}/${format.file}`).toEqual(after.map((a) => a.id))
      }
    }
    expect(await (await h.get('/')).text()).not.toContain('Retracted report')
    await expectProblem(await h.get(`/articles/${doomed.slug}`), 410)
    await expectProblem(await h.get(`/articles/${doomed.slug}.json`), 410)
  })

  it('gives a cold instance, and a later clock, the same bytes and ETag for the same content', async () => {
    h = await startHarness()
    await h.publish({ categories: ['World'], publishedAt: '2025-03-12T08:00:00+06:00' })
    await h.publish({ title: 'Tom & Jerry’s “quoted” <title>', categories: ['World', 'Q&A'] })
    const paths = ['/', ...feedFormats.flatMap((f) => [`/${f.file}`, `/categories/world/${f.file}`])]
    const first = new Map<string, { body: Buffer; etag: string | null }>()
    for (const path of paths) {
      const res = await h.get(path)
      first.set(path, { body: Buffer.from(await res.arrayBuffer()), etag: res.headers.get('etag') })
    }
    const cold = h.newApp()
    h.advanceSeconds(86_400)
    const later = h.newApp()
    for (const app of [cold, later]) {
      for (const path of paths) {
        const res = await app.request(path)
        const body = Buffer.from(await res.arrayBuffer())
        expect(body.equals(first.get(path)?.body ?? Buffer.alloc(0)), path).toBe(true)
        expect(res.headers.get('etag'), path).toBe(first.get(path)?.etag)
      }
    }
  })
})
