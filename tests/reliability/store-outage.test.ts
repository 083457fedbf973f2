import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defaultFeedStateMaxAgeMs } from '../../lib/store/memoize-feed-states.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import {
  api,
  asApiArticle,
  feedCursor,
  startTestStack,
  type TestStack,
  walkFeed,
} from '../support/reliability-support.ts'

/**
 * A TCP proxy in front of the store. `stop()` closes its listener and cuts every connection, so the
 * app sees connections refused and reset, as when the store goes down; `start()` listens again on
 * the same port. `hang()` keeps accepting connections but lets no byte through, as a store that
 * stopped answering or a network that drops packets. The store behind it keeps its data.
 */
class StoreProxy {
  readonly #target: number
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined
  #port = 0
  #hung = false

  constructor(targetPort: number) {
    this.#target = targetPort
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  async start(): Promise<void> {
    this.#hung = false
    if (this.#server) return
    const server = createServer((client) => this.#pipe(client))
    // The port may linger for a moment after stop(): try a few times, then give up.
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(this.#port, '127.0.0.1', () => {
            server.off('error', reject)
            resolve()
          })
        })
        break
      } catch (error) {
        if (attempt >= 20) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    this.#port = (server.address() as AddressInfo).port
    this.#server = server
  }

  async stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    this.#cutAll()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  hang(): void {
    this.#hung = true
  }

  /** Ends a hang: the stuck connections are cut, new ones go through. */
  resume(): void {
    this.#hung = false
    this.#cutAll()
  }

  #cutAll() {
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
  }

  #track(socket: Socket, partner?: Socket) {
    this.#sockets.add(socket)
    socket.on('close', () => this.#sockets.delete(socket))
    // A cut connection is what this proxy is for: its errors are expected.
    socket.on('error', () => {
      socket.destroy()
      partner?.destroy()
    })
  }

  #pipe(client: Socket) {
    if (this.#hung) {
      this.#track(client)
      client.resume() // read and drop
      return
    }
    const upstream = connect(this.#target, '127.0.0.1')
    this.#track(client, upstream)
    this.#track(upstream, client)
    client.on('data', (chunk) => {
      if (!this.#hung) upstream.write(chunk)
    })
    client.on('end', () => upstream.end())
    upstream.pipe(client)
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function article(title: string, categories: string[]) {
  return {
    title,
    content: `<p>${title}: the body.</p>`,
    categories,
    status: 'published',
    publishedAt: '2025-03-11T09:19:00Z',
  }
}

async function expectProblem503(response: Response, what: string) {
  expect(response.status, what).toBe(503)
  expect(response.headers.get('content-type'), what).toMatch(/^application\/problem\+json/)
  expect(Number(response.headers.get('retry-after')), what).toBeGreaterThan(0)
  const body: unknown = await response.json()
  expect(body, what).toMatchObject({ status: 503, title: 'Service Unavailable' })
  expect(JSON.stringify(body), what).not.toMatch(/ECONNREFUSED|ECONNRESET|stack|at .*\.ts/)
}

describe('a store outage while the app runs', () => {
  let dynamo: EmbeddedDynamo
  let proxy: StoreProxy
  let stack: TestStack
  let beforeSlug: string
  let beforeId: string

  beforeAll(async () => {
    dynamo = await startDynalite()
    const port = Number(new URL(dynamo.endpoint).port)
    proxy = new StoreProxy(port)
    await proxy.start()
    // The stack creates its table through the proxy, as it would against any external DynamoDB.
    stack = await startTestStack({
      env: { AWS_ENDPOINT_URL_DYNAMODB: proxy.url, TABLE_NAME: 'outage-articles' },
    })
  })

  beforeEach(() => {
    stack.loggedErrors.length = 0
  })

  afterAll(async () => {
    await stack?.close()
    await proxy?.stop()
    await dynamo?.close()
  })

  it('serves 503s or the last good feed during the outage, and recovers without a restart', async () => {
    expect(stack.storeEndpoint).toBe(proxy.url)
    // Before: one article, and the site and its category feeds read once so they are cached.
    const first = await api(stack, 'POST', '/api/articles', article('Before the outage', ['world']))
    expect(first.status).toBe(201)
    const before = asApiArticle(await first.json())
    beforeSlug = before.slug
    beforeId = before.id
    const cachedPaths = ['/rss.xml', '/atom.xml', '/feed.json', '/categories/world/rss.xml']
    const cachedBodies = new Map<string, string>()
    for (const path of cachedPaths) {
      const response = await fetch(`${stack.url}${path}`)
      expect(response.status, path).toBe(200)
      cachedBodies.set(path, await response.text())
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)

    await proxy.stop()
    // Within the feed-state memo's window a cached feed is still answered as current (it is, to
    // within that window); past it every request asks the store.
    await pastFeedStateMemo()

    // A cached feed: the last good one, marked stale, or a 503 problem; never any other 5xx.
    for (const path of cachedPaths) {
      const response = await fetch(`${stack.url}${path}`)
      if (response.status === 200) {
        expect(response.headers.get('x-feed-stale'), path).toBe('1')
        expect(await response.text(), path).toBe(cachedBodies.get(path))
      } else {
        await expectProblem503(response, path)
      }
    }
    // Uncached feeds and pages, and the API's reads: 503 problems with Retry-After.
    for (const path of [
      '/categories/never-cached/atom.xml',
      `/rss.xml?before=${feedCursor(Buffer.from('2025-03-11T03:19:00.000Z#x').toString('base64url'))}`,
      `/articles/${beforeSlug}`,
      `/articles/${beforeSlug}.json`,
    ]) {
      await expectProblem503(await fetch(`${stack.url}${path}`), path)
    }
    await expectProblem503(await api(stack, 'GET', '/api/articles'), 'GET /api/articles')
    await expectProblem503(await api(stack, 'GET', `/api/articles/${beforeSlug}`), 'GET /api/articles/{slug}')

    const health = await fetch(`${stack.url}/healthz`)
    expect(health.status).toBe(503)
    expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await health.json()).toEqual({ status: 'unavailable' })

    // Writes: 503 problems, each write either absent afterwards or complete.
    const duringPost = article('Written during the outage', ['world', 'outage'])
    await expectProblem503(await api(stack, 'POST', '/api/articles', duringPost), 'POST')
    await expectProblem503(
      await api(stack, 'PUT', `/api/articles/${beforeSlug}`, article('Edited during the outage', ['world']), {
        'if-match': '"1"',
      }),
      'PUT',
    )
    await expectProblem503(await api(stack, 'DELETE', `/api/articles/${beforeSlug}`), 'DELETE')
    expect(stack.loggedErrors).toEqual([])

    await proxy.start()

    // Nothing half-written: the outage POST is absent or complete; the article before is untouched.
    const during = await api(stack, 'GET', '/api/articles/written-during-the-outage')
    expect([200, 404]).toContain(during.status)
    if (during.status === 200) {
      expect(asApiArticle(await during.json())).toMatchObject({
        title: duringPost.title,
        content: duringPost.content,
        status: 'published',
        version: 1,
      })
    }
    const untouched = await api(stack, 'GET', `/api/articles/${beforeSlug}`)
    expect(untouched.status).toBe(200)
    expect(asApiArticle(await untouched.json())).toMatchObject({
      id: beforeId,
      version: 1,
      title: 'Before the outage',
    })

    // Everything works again, with the same app instance.
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)
    const after = await api(stack, 'POST', '/api/articles', article('After the outage', ['world']))
    expect(after.status).toBe(201)
    const afterId = asApiArticle(await after.json()).id
    for (const format of ['rss', 'atom', 'json'] as const) {
      const file = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' }[format]
      for (const path of [`/${file}`, `/categories/world/${file}`]) {
        const response = await fetch(`${stack.url}${path}`)
        expect(response.headers.get('x-feed-stale'), path).toBeNull()
        const { ids } = await walkFeed(stack, format, path)
        expect(ids, path).toContain(afterId)
        expect(ids, path).toContain(beforeId)
      }
    }
    expect((await fetch(`${stack.url}/articles/after-the-outage`)).status).toBe(200)
    expect(stack.loggedErrors).toEqual([])
  })

  it('survives a second outage the same way', async () => {
    await proxy.stop()
    await expectProblem503(await api(stack, 'GET', '/api/articles'), 'GET /api/articles')
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(503)
    await proxy.start()
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)
    const list = await api(stack, 'GET', '/api/articles')
    expect(list.status).toBe(200)
  })

  it('leaves nothing half-written when the store goes down in the middle of a burst of writes', async () => {
    // The category exists and its feed and the site feed are cached before the burst.
    const first = await api(stack, 'POST', '/api/articles', article('Before the burst', ['burst']))
    expect(first.status).toBe(201)
    const stored = [asApiArticle(await first.json()).id]
    expect((await fetch(`${stack.url}/categories/burst/atom.xml`)).status).toBe(200)
    const siteBefore = await walkFeed(stack, 'json', '/feed.json')

    const burst = Array.from({ length: 40 }, (_, i) => article(`Burst article ${i}`, ['burst']))
    // The store goes down once a quarter of the burst is answered, with the rest in flight or to come.
    let answered = 0
    let cut: () => void = () => {}
    const quarterAnswered = new Promise<void>((resolve) => {
      cut = resolve
    })
    const answers = Promise.all(
      burst.map(async (input, i) => {
        await delay(i * 3)
        const response = await api(stack, 'POST', '/api/articles', input)
        answered += 1
        if (answered === burst.length / 4) cut()
        return { input, status: response.status, body: (await response.json()) as unknown }
      }),
    )
    await Promise.race([quarterAnswered, delay(5_000)])
    await proxy.stop()
    const results = await answers
    await proxy.start()

    expect(results.map((r) => r.status).filter((s) => s !== 201 && s !== 503)).toEqual([])
    for (const { input, status } of results) {
      const slug = input.title.toLowerCase().replaceAll(' ', '-')
      const found = await api(stack, 'GET', `/api/articles/${slug}`)
      // A 503 may still have landed (only the answer was lost); what is there is always whole.
      if (status === 201) expect(found.status, slug).toBe(200)
      else expect([200, 404], slug).toContain(found.status)
      if (found.status === 200) {
        const stored1 = asApiArticle(await found.json())
        expect(stored1).toMatchObject({ title: input.title, content: input.content, version: 1 })
        expect(stored1.categories).toEqual([{ slug: 'burst', name: 'burst' }])
        stored.push(stored1.id)
      }
    }

    // Without any further write, once the feed cache's backstop has passed, the feeds show every
    // stored article exactly once, even those whose feed-state bump the outage cut.
    stack.advanceClock(61_000)
    for (const format of ['rss', 'atom', 'json'] as const) {
      const file = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' }[format]
      const { ids } = await walkFeed(stack, format, `/categories/burst/${file}`)
      expect(ids.length).toBe(new Set(ids).size)
      expect(new Set(ids), format).toEqual(new Set(stored))
      const site = await walkFeed(stack, format, `/${file}`)
      expect(new Set(site.ids), format).toEqual(new Set([...siteBefore.ids, ...stored.slice(1)]))
    }
    // Feed-state bumps cut by the outage are reported, not failed; nothing else may have gone wrong.
    expect(stack.loggedErrors.filter((e) => !e.startsWith('STORE feed-state'))).toEqual([])
  })

  it('answers 503 within its timeouts when the store hangs instead of refusing', async () => {
    // Read once so the site feed is cached, then let the store swallow every request.
    expect((await fetch(`${stack.url}/atom.xml`)).status).toBe(200)
    await pastFeedStateMemo()
    proxy.hang()
    try {
      const started = Date.now()
      const [health, feed, post] = await Promise.all([
        fetch(`${stack.url}/healthz`),
        fetch(`${stack.url}/atom.xml`),
        api(stack, 'POST', '/api/articles', article('Written while the store hangs', ['world'])),
      ])
      // 2 attempts of at most 5 s each, plus a backoff: well under the test's own timeout.
      expect(Date.now() - started).toBeLessThan(20_000)
      expect(health.status).toBe(503)
      expect(Number(health.headers.get('retry-after'))).toBeGreaterThan(0)
      if (feed.status === 200) expect(feed.headers.get('x-feed-stale')).toBe('1')
      else await expectProblem503(feed, 'atom.xml while hung')
      await expectProblem503(post, 'POST while hung')
    } finally {
      proxy.resume()
    }
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)
    // The swallowed write never reached the store.
    expect((await api(stack, 'GET', '/api/articles/written-while-the-store-hangs')).status).toBe(404)
    expect(stack.loggedErrors).toEqual([])
  }, 40_000)
})

/** Waits until the feed-state reads made so far no longer answer for their scopes. */
function pastFeedStateMemo(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, defaultFeedStateMaxAgeMs + 50))
}
