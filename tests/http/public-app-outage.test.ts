import { describe, expect, it } from 'vitest'
import { FeedCursors } from '../../lib/http/feed-cursors.ts'
import { failFastClient, startDynalite } from '../support/dynalite.ts'
import { cacheDirectives, createHarness, cursorKey, expectProblem } from '../support/public-app-harness.ts'

describe('the public app while the store is down', () => {
  it('serves cached feeds marked stale and answers 503 with Retry-After for the rest, never 500', async () => {
    const dynamo = await startDynalite()
    const client = failFastClient(dynamo.endpoint)
    const h = await createHarness(dynamo, { client })
    try {
      const article = await h.publish({ categories: ['World'] })
      await h.publish({ categories: ['Science'] })
      const cached = ['/rss.xml', '/atom.xml', '/feed.json', '/', '/categories/world/atom.xml']
      const before = new Map<string, { body: string; etag: string | null }>()
      for (const path of cached) {
        const res = await h.get(path)
        expect(res.status).toBe(200)
        expect(res.headers.get('x-feed-stale')).toBeNull()
        before.set(path, { body: await res.text(), etag: res.headers.get('etag') })
      }
      expect((await h.get('/healthz')).status).toBe(200)

      await dynamo.close()

      const health = await h.get('/healthz')
      expect(health.status).toBe(503)
      expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(health.headers.get('cache-control')).toBe('no-store')

      for (const path of cached) {
        const res = await h.get(path)
        expect(res.status, path).toBe(200)
        expect(res.headers.get('x-feed-stale'), path).toBe('1')
        expect(await res.text(), path).toBe(before.get(path)?.body)
        expect(res.headers.get('etag'), path).toBe(before.get(path)?.etag)
        const directives = cacheDirectives(res.headers.get('cache-control'))
        expect(directives.get('max-age'), path).toBe(0)
        expect(Number(directives.get('stale-if-error')), path).toBeGreaterThan(0)
      }
      const revalidated = await h.get('/rss.xml', { 'If-None-Match': before.get('/rss.xml')?.etag ?? '' })
      expect(revalidated.status).toBe(304)
      expect(revalidated.headers.get('x-feed-stale')).toBe('1')

      for (const path of [
        '/categories/science/rss.xml',
        `/categories/world/rss.xml?before=${new FeedCursors(cursorKey).sign('world', 'MjAyNS0wMy0xMlQxMjowMDowMC4wMDBaI3g')}`,
        `/articles/${article.slug}`,
        `/articles/${article.slug}.json`,
      ]) {
        const res = await h.get(path)
        await expectProblem(res, 503)
        expect(Number(res.headers.get('retry-after')), path).toBeGreaterThan(0)
        expect(res.headers.get('cache-control'), path).toBe('no-store')
      }
    } finally {
      h.close()
      client.destroy()
    }
  })
})
