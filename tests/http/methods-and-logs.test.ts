import { describe, expect, it } from 'vitest'
import { createConsoleLogger } from '../../bin/console-logger.ts'
import type { RequestLogEntry } from '../../lib/http/app-deps.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { expectProblem, site, useHarness } from '../support/public-app-harness.ts'

/* Issue 19, points 5 and 8: methods outside the standard set, and what the request log shows. */

const startHarness = useHarness()

describe('methods outside the standard set', () => {
  it.each([
    ['PROPFIND', '/rss.xml'],
    ['MKCOL', '/categories/world/'],
    ['PROPPATCH', '/articles/anything.json'],
    ['LOCK', '/feeds.opml'],
    ['X-ANYTHING', '/'],
    ['BREW', '/sitemaps/2025-03.xml'],
    ['SEARCH', '/healthz'],
  ])('answers %s %s with 405, Allow and no-store, like POST', async (method, path) => {
    const h = await startHarness()
    const res = await h.app.request(path, { method })
    await expectProblem(res, 405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers POST and OPTIONS on every path the public app routes with 405 and 204 naming GET and HEAD, no list kept by hand', async () => {
    const h = await startHarness()
    const paths = [...new Set(h.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))]
    expect(paths).toEqual(
      expect.arrayContaining(['/', '/rss.xml', '/articles/:file', '/subscribe/', '/healthz']),
    )
    for (const pattern of paths) {
      const path = pattern
        .replaceAll(':category', 'world')
        .replaceAll(':file', 'anything')
        .replaceAll(/:[a-z]+/gi, 'x')
      const post = await h.app.request(path, { method: 'POST' })
      await expectProblem(post, 405)
      expect(post.headers.get('allow'), pattern).toBe('GET, HEAD, OPTIONS')
      const options = await h.app.request(path, { method: 'OPTIONS' })
      expect(options.status, pattern).toBe(204)
      expect(options.headers.get('allow'), pattern).toBe('GET, HEAD, OPTIONS')
    }
  })

  it('answers an unknown method on a path nothing serves with the 404 a GET there gets', async () => {
    const h = await startHarness()
    const res = await h.app.request('/no/such/path', { method: 'PROPFIND' })
    await expectProblem(res, 404)
    const get = await h.app.request('/no/such/path')
    expect(get.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe(get.headers.get('cache-control'))
    expect(res.headers.get('allow')).toBeNull()
  })

  it('answers an unknown method on the API with 405 and the route’s Allow', async () => {
    const h = await startHarness()
    const api = createPublishApp({ store: h.store, clock: h.now, site, tokens: () => ['t'.repeat(32)] })
    const res = await api.request('/api/articles', {
      method: 'PROPFIND',
      headers: { Authorization: `Bearer ${'t'.repeat(32)}` },
    })
    await expectProblem(res, 405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('the request log', () => {
  async function logged(path: string) {
    const h = await startHarness()
    const entries: RequestLogEntry[] = []
    const lines: string[] = []
    const console = createConsoleLogger((line) => lines.push(line))
    const app = h.newApp({
      logger: {
        request: (entry) => {
          entries.push(entry)
          console.request(entry)
        },
        error: () => {},
      },
    })
    await app.request(path)
    return { entries, lines }
  }

  it('logs the path as sent, still percent-encoded, so it cannot imitate the status and duration', async () => {
    const { entries, lines } = await logged('/x%20200%201ms%0aGET%20/%20200%201ms')
    expect(entries.map((e) => e.path)).toEqual(['/x%20200%201ms%0aGET%20/%20200%201ms'])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^GET \S+ 404 [\d.]+ms$/)
  })

  it('logs non-ASCII and dot segments as the URL carried them, without the query', async () => {
    const { entries } = await logged('/articles/caf%C3%A9%2E%2E?x=%20200')
    expect(entries.map((e) => e.path)).toEqual(['/articles/caf%C3%A9%2E%2E'])
  })
})
