import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { slugify } from '../../lib/articles/slug.ts'
import { backoff } from '../../lib/cli/api-retry.ts'
import { propertyRuns } from '../support/property-runs.ts'
import {
  type ApiArticle,
  api,
  asApiArticle,
  type FeedFormat,
  feedFiles,
  listAllArticles,
  mapConcurrent,
  prng,
  startTestStack,
  type TestStack,
  walkFeed,
} from '../support/reliability-support.ts'

// 1,000 with PROPERTY_RUNS=full (as .ci/run does), 100 in npm test; feed pages of a tenth of them,
// so that every feed is walked through ten pages (the categories' through two or more) either way.
const articleCount = propertyRuns(1000)
const pageSize = articleCount / 10
const clients = 50
const categories = ['politics', 'sport', 'science', 'culture', 'business'] as const
const formats: readonly FeedFormat[] = ['rss', 'atom', 'json']

describe(`${articleCount} articles published by 50 concurrent clients`, () => {
  let stack: TestStack
  /** The last answer each article's POSTs got (a 409 for our own timed-out write counts as its 201). */
  const outcomes: number[] = []
  const created: ApiArticle[] = []

  beforeAll(async () => {
    stack = await startTestStack({ env: { FEED_PAGE_SIZE: String(pageSize) } })
    const random = prng(20250311)
    const base = Date.parse('2024-01-01T00:00:00Z')
    // Publication times spread over ~2 years, shuffled so no client publishes in order.
    const order = Array.from({ length: articleCount }, (_, i) => i)
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0]
    }
    const inputs = order.map((n, i) => {
      const picked = categories.filter(() => random() < 0.35)
      const own =
        picked.length > 0 ? picked : [categories[Math.floor(random() * categories.length)] ?? 'sport']
      return {
        title: `Load article ${String(i).padStart(4, '0')}: report number ${n}`,
        summary: `Summary of load article ${i}.`,
        content: `<p>Body of load article ${i}, published at slot ${n}.</p>`,
        categories: own,
        status: 'published',
        publishedAt: new Date(base + n * 60_000 * 997).toISOString(),
      }
    })
    // 50 clients, each taking the next article as soon as its previous one is answered. They behave as
    // the command line does: a 503 (the store's client gave up on a busy machine) is retried after its
    // Retry-After, and a 409 on a retry is checked with a GET, since the attempt that timed out may
    // have landed. What this test claims is that nothing is lost or stored twice under load, not that
    // the machine is fast enough never to shed load: the retries keep it steady on a busy machine.
    // A request answered 503 is asked again with the command line's backoff (0.5 s doubling to
    // 30 s, jittered): a retry after a fixed 0–2 s kept all 50 clients at the store, so on a loaded
    // machine it stayed past its timeouts and articles ran out of attempts.
    // A request that fails on the wire is asked again the same way, as the command line does
    // (lib/cli/api-transport.ts): beside two other load tests (load 11) this setup failed twice on a
    // "fetch failed" (ECONNRESET), most likely a keep-alive connection closed by the server as the
    // client reused it.
    async function patiently(method: string, path: string, body?: unknown) {
      for (let attempt = 1; ; attempt++) {
        let response: Response
        try {
          response = await api(stack, method, path, body)
        } catch (error) {
          if (attempt >= 20) throw error
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)))
          continue
        }
        if (response.status !== 503 || attempt >= 20) return response
        await response.body?.cancel()
        await new Promise((resolve) => setTimeout(resolve, backoff(attempt)))
      }
    }
    await mapConcurrent(inputs, clients, async (input) => {
      for (let attempt = 1; ; attempt++) {
        let response: Response
        let body: unknown
        try {
          response = await api(stack, 'POST', '/api/articles', input)
          body = await response.json()
        } catch (error) {
          // Failed on the wire (above): sent again, and a 409 then is checked below, as the write may have landed.
          if (attempt >= 20) throw error
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)))
          continue
        }
        if (response.status === 503 && attempt < 20) {
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)))
          continue
        }
        if (response.status === 409 && attempt > 1) {
          // The check itself may meet a busy store: it is retried the same way.
          const found = await patiently('GET', `/api/articles/${encodeURIComponent(slugify(input.title))}`)
          const stored = asApiArticle(await found.json())
          if (stored.title === input.title) {
            outcomes.push(201)
            created.push(stored)
            return
          }
        }
        outcomes.push(response.status)
        if (response.status === 201) created.push(asApiArticle(body))
        else console.error('POST failed', response.status, JSON.stringify(body).slice(0, 500))
        return
      }
    })
  })

  afterAll(async () => {
    await stack?.close()
  })

  it('creates every article: each POST ends in 201, a 503 only ever asks the client to retry', () => {
    expect(outcomes).toHaveLength(articleCount)
    expect(outcomes.filter((s) => s !== 201)).toEqual([])
    // A 503 is a mapped answer (the store's client gave up in time), never logged as an error of ours.
    // The writes that follow an article's (feed states, registries, the desk's terms) may time out on
    // a loaded machine: they are logged as STORE errors by design, and the feeds below show nothing
    // was lost. No request may fail any other way.
    expect(stack.loggedErrors.filter((e) => !e.startsWith('STORE '))).toEqual([])
  })

  it('stores every article exactly once', async () => {
    const listed = await listAllArticles(stack)
    expect(listed).toHaveLength(articleCount)
    expect(new Set(listed.map((a) => a.id)).size).toBe(articleCount)
    expect(new Set(listed.map((a) => a.slug)).size).toBe(articleCount)
    expect(new Set(listed.map((a) => a.id))).toEqual(new Set(created.map((a) => a.id)))
    for (const article of listed) {
      expect(article.version).toBe(1)
      expect(article.status).toBe('published')
    }
  })

  it.each(formats)('reaches every article exactly once by paging the %s site feed', async (format) => {
    const { ids, pages } = await walkFeed(stack, format, `/${feedFiles[format]}`)
    expect(pages).toBe(articleCount / pageSize)
    expect(ids).toHaveLength(articleCount)
    expect(new Set(ids)).toEqual(new Set(created.map((a) => a.id)))
  })

  it.each(formats)('reaches exactly each category’s articles by paging its %s feed', async (format) => {
    for (const category of categories) {
      const expected = created.filter((a) => a.categories.some((c) => c.slug === category)).map((a) => a.id)
      expect(expected.length).toBeGreaterThan(0)
      const { ids } = await walkFeed(stack, format, `/categories/${category}/${feedFiles[format]}`)
      expect(ids.length, `${category} ${format}: duplicates or extras`).toBe(new Set(ids).size)
      expect(new Set(ids), `${category} ${format}`).toEqual(new Set(expected))
    }
  })
})
