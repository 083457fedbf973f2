import { describe, expect, it } from 'vitest'
import type { AppLogger, StaleServeEntry } from '../../lib/http/app-deps.ts'
import { failFastClient, startDynalite } from '../support/dynalite.ts'
import { createHarness } from '../support/public-app-harness.ts'

describe('the public app logging stale serves', () => {
  it('logs one staleServed line per answer from the last good copy, and none while the store answers', async () => {
    const dynamo = await startDynalite()
    const client = failFastClient(dynamo.endpoint)
    const h = await createHarness(dynamo, { client })
    const stale: StaleServeEntry[] = []
    const logger: AppLogger = {
      request: () => {},
      error: () => {},
      staleServed: (entry) => stale.push(entry),
    }
    const app = h.newApp({ logger })
    try {
      await h.publish({ categories: ['World'] })
      for (const path of ['/rss.xml', '/', '/categories/world/feed.json']) {
        expect((await app.request(path)).status).toBe(200)
      }
      expect(stale).toEqual([])

      await dynamo.close()
      h.advanceSeconds(90)
      for (const path of ['/rss.xml', '/', '/categories/world/feed.json', '/rss.xml']) {
        const res = await app.request(path)
        expect(res.headers.get('x-feed-stale'), path).toBe('1')
      }
      expect(stale).toEqual([
        { path: '/rss.xml', ageSeconds: 90 },
        { path: '/', ageSeconds: 90 },
        { path: '/categories/world/feed.json', ageSeconds: 90 },
        { path: '/rss.xml', ageSeconds: 90 },
      ])
    } finally {
      h.close()
      client.destroy()
    }
  })
})
