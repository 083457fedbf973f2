import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { createArticle } from '../../lib/articles/create-article.ts'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import { memoizeFeedStates } from '../../lib/store/memoize-feed-states.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { createHarness, cursorKey, type Harness, site } from '../support/public-app-harness.ts'

let dynamo: EmbeddedDynamo
let h: Harness
const measured: string[] = []

beforeAll(async () => {
  dynamo = await startDynalite()
})
afterAll(async () => {
  await dynamo.close()
})
afterEach(() => {
  h?.close()
})

/**
 * Runs one request with a clean log and returns the operations whose consumed capacity DynamoDB
 * reported, sorted; every command the SDK sent must have been reported.
 */
async function cost(
  kind: string,
  request: () => Response | Promise<Response>,
  expectedStatus = 200,
): Promise<string[]> {
  h.log.clear()
  const res = await request()
  expect(res.status, kind).toBe(expectedStatus)
  await res.arrayBuffer()
  expect(h.log.operations(), `${kind}: the capacity meter missed a command`).toEqual([...h.log.sent].sort())
  expect(h.log.sent).not.toContain('Scan')
  measured.push(`  ${kind.padEnd(56)} ${h.log.summary()}`)
  return h.log.operations()
}

/** 25 articles: 24 in World (a long archive), 1 in Science. */
async function seed(harness: Harness) {
  const articles = []
  for (let i = 0; i < 24; i++) {
    articles.push(
      await harness.publish({
        categories: ['World'],
        publishedAt: new Date(Date.parse('2025-03-01T00:00:00Z') + i * 3_600_000).toISOString(),
      }),
    )
  }
  articles.push(await harness.publish({ categories: ['Science'], publishedAt: '2025-03-02T12:00:00Z' }))
  return articles
}

describe('DynamoDB reads per public request', () => {
  it('reads the feed state and one page for an uncached feed; one GetItem for a repeat or a 304', async () => {
    h = await createHarness(dynamo, { feedPageSize: 10 })
    await seed(h)
    h.advanceSeconds(1) // past the second of the last change: Last-Modified is given

    // feed state + the page's Query (no next-scheduled Query: nothing was ever scheduled)
    expect(await cost('GET /rss.xml, uncached', () => h.get('/rss.xml'))).toEqual(['GetItem', 'Query'])
    const first = await h.get('/rss.xml')
    const etag = first.headers.get('etag') ?? ''
    const lastModified = first.headers.get('last-modified') ?? ''

    expect(await cost('GET /rss.xml, cached', () => h.get('/rss.xml'))).toEqual(['GetItem'])
    expect(
      await cost(
        'GET /rss.xml If-None-Match -> 304',
        () => h.get('/rss.xml', { 'If-None-Match': etag }),
        304,
      ),
    ).toEqual(['GetItem'])
    expect(
      await cost(
        'GET /rss.xml If-Modified-Since -> 304',
        () => h.get('/rss.xml', { 'If-Modified-Since': lastModified }),
        304,
      ),
    ).toEqual(['GetItem'])
    expect(await cost('HEAD /rss.xml, cached', () => h.get('/rss.xml', {}, 'HEAD'))).toEqual(['GetItem'])
    // The other formats and the front page render from the same cached page.
    expect(await cost('GET /atom.xml after /rss.xml', () => h.get('/atom.xml'))).toEqual(['GetItem'])
    expect(await cost('GET /feed.json after /rss.xml', () => h.get('/feed.json'))).toEqual(['GetItem'])
    expect(await cost('GET / after /rss.xml', () => h.get('/'))).toEqual(['GetItem'])
    expect(
      await cost('GET /rss.xml br, cached', () => h.get('/rss.xml', { 'Accept-Encoding': 'br' })),
    ).toEqual(['GetItem'])

    const next = (JSON.parse(await (await h.get('/feed.json')).text()) as { next_url: string }).next_url
    expect(await cost('GET /feed.json?before=…, uncached', () => h.app.request(next))).toEqual([
      'GetItem',
      'Query',
    ])
    expect(await cost('GET /feed.json?before=…, cached', () => h.app.request(next))).toEqual(['GetItem'])

    const cold = h.newApp()
    expect(
      await cost(
        'GET /rss.xml If-None-Match, cold instance',
        () => cold.request('/rss.xml', { headers: { 'If-None-Match': etag } }),
        304,
      ),
    ).toEqual(['GetItem', 'Query'])
  })

  it('costs no read at all for a repeat or a 304 while the feed state is memoized, as on Lambda', async () => {
    h = await createHarness(dynamo, { feedPageSize: 10 })
    await seed(h)
    let memoNowMs = 0
    const store = memoizeFeedStates(h.store, { maxAgeMs: 1000, now: () => memoNowMs })
    const app = createPublicApp({ store, clock: h.now, site, feedPageSize: 10, cursorKey })
    const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers })

    expect(await cost('GET /rss.xml, uncached, memo', () => get('/rss.xml'))).toEqual(['GetItem', 'Query'])
    const etag = (await get('/rss.xml')).headers.get('etag') ?? ''
    expect(await cost('GET /rss.xml, cached, memo within 1 s', () => get('/rss.xml'))).toEqual([])
    expect(
      await cost('GET /rss.xml 304, memo within 1 s', () => get('/rss.xml', { 'If-None-Match': etag }), 304),
    ).toEqual([])
    memoNowMs += 1000
    expect(
      await cost('GET /rss.xml 304, memo expired', () => get('/rss.xml', { 'If-None-Match': etag }), 304),
    ).toEqual(['GetItem'])

    // A write through the same store is in the next response, memo or not.
    const article = await createArticle(
      parseArticleInput({ title: 'Fresh through the memo', content: 'Now.', status: 'published' }),
      { store, clock: h.now, site },
    )
    const fresh = await get('/rss.xml', { 'If-None-Match': etag })
    expect(fresh.status).toBe(200)
    expect(await fresh.text()).toContain(article.id)
  })

  it('settles a page read within its change’s second with one feed-state read, never the page again', async () => {
    h = await createHarness(dynamo, { feedPageSize: 10 })
    let memoNowMs = 0
    const store = memoizeFeedStates(h.store, { maxAgeMs: 1000, now: () => memoNowMs })
    const app = createPublicApp({ store, clock: h.now, site, feedPageSize: 10, cursorKey })
    await seed(h)
    const early = await app.request('/rss.xml')
    expect(early.headers.get('last-modified')).toBeNull()
    h.advanceSeconds(1)
    // The memo still holds the feed state read within the second: it cannot vouch for the page.
    const settled = await cost('GET /rss.xml, the change’s second just over', () => app.request('/rss.xml'))
    expect(settled).toEqual(['GetItem'])
    const res = await app.request('/rss.xml')
    expect(res.headers.get('last-modified')).not.toBeNull()
    expect(res.headers.get('etag')).toBe(early.headers.get('etag'))
    memoNowMs += 1000
    expect(await cost('GET /rss.xml, settled, memo expired', () => app.request('/rss.xml'))).toEqual([
      'GetItem',
    ])
  })

  it('re-reads an unchanged feed once its entry is a minute old (the backstop), with the same ETag', async () => {
    h = await createHarness(dynamo)
    await seed(h)
    // Read past the second of the last change: a page read within it is read again once it is over.
    h.advanceSeconds(1)
    const etag = (await h.get('/rss.xml')).headers.get('etag') ?? ''
    h.advanceSeconds(59)
    expect(
      await cost(
        'GET /rss.xml 304, 59 s after loading',
        () => h.get('/rss.xml', { 'If-None-Match': etag }),
        304,
      ),
    ).toEqual(['GetItem'])
    h.advanceSeconds(2)
    expect(
      await cost(
        'GET /rss.xml 304, 61 s after loading (backstop)',
        () => h.get('/rss.xml', { 'If-None-Match': etag }),
        304,
      ),
    ).toEqual(['GetItem', 'Query'])
  })

  it('keeps feeds cached across writes that do not touch them', async () => {
    h = await createHarness(dynamo)
    await seed(h)
    await h.get('/rss.xml')
    await h.get('/categories/world/rss.xml')

    await h.publish({ status: 'draft', categories: ['World'] })
    expect(await cost('GET /rss.xml after a draft was saved', () => h.get('/rss.xml'))).toEqual(['GetItem'])

    await h.publish({ categories: ['Science'] })
    expect(
      await cost('GET /categories/world/rss.xml after a Science publish', () =>
        h.get('/categories/world/rss.xml'),
      ),
    ).toEqual(['GetItem'])
    expect(await cost('GET /rss.xml after a Science publish (re-read)', () => h.get('/rss.xml'))).toEqual([
      'GetItem',
      'Query',
    ])
  })

  it('reads a category page with a constant number of operations, whatever the size of the category', async () => {
    h = await createHarness(dynamo, { feedPageSize: 10 })
    await seed(h)
    // feed state, one keys-only Query per category slot the category ever used (here only slot 0),
    // one BatchGetItem of the page; no next-scheduled Query since nothing was ever scheduled
    const expected = ['BatchGetItem', 'GetItem', 'Query']
    expect(
      await cost('GET /categories/world/rss.xml, uncached (24 items)', () =>
        h.get('/categories/world/rss.xml'),
      ),
    ).toEqual(expected)
    expect(
      await cost('GET /categories/science/rss.xml, uncached (1 item)', () =>
        h.get('/categories/science/rss.xml'),
      ),
    ).toEqual(expected)
    expect(
      await cost('GET /categories/world/rss.xml, cached', () => h.get('/categories/world/rss.xml')),
    ).toEqual(['GetItem'])
    expect(
      await cost('GET /categories/unknown/rss.xml (404)', () => h.get('/categories/unknown/rss.xml'), 404),
    ).toEqual(['GetItem'])
  })

  it('reads only the slots a category used, and looks for the next scheduled article only while one is pending', async () => {
    h = await createHarness(dynamo, { feedPageSize: 10 })
    await seed(h)
    // World now also sits at position 2 of an article's categories, and one World article is scheduled.
    await h.publish({ categories: ['Politics', 'Science', 'World'], publishedAt: '2025-03-03T00:00:00Z' })
    const due = new Date(h.now().getTime() + 3_600_000).toISOString()
    const scheduled = await h.publish({ categories: ['World'], publishedAt: due })
    expect(
      await cost('GET /categories/world/rss.xml, uncached, slots 0 and 2, one scheduled', () =>
        h.get('/categories/world/rss.xml'),
      ),
    ).toEqual(['BatchGetItem', 'GetItem', 'Query', 'Query', 'Query', 'Query'])
    h.advanceSeconds(3601)
    expect(await (await h.get('/categories/world/rss.xml')).text()).toContain(scheduled.id)
    expect(
      await cost('GET /categories/world/rss.xml, re-read after the scheduled one fell due', () =>
        h.newApp().request('/categories/world/rss.xml'),
      ),
    ).toEqual(['BatchGetItem', 'GetItem', 'Query', 'Query'])
  })

  it('reads one item for an article page, its JSON and /healthz', async () => {
    h = await createHarness(dynamo)
    const [article] = await seed(h)
    const slug = article?.slug ?? ''
    expect(await cost('GET /articles/{slug}', () => h.get(`/articles/${slug}`))).toEqual(['GetItem'])
    expect(await cost('GET /articles/{slug}.json', () => h.get(`/articles/${slug}.json`))).toEqual([
      'GetItem',
    ])
    expect(await cost('GET /articles/{unknown} (404)', () => h.get('/articles/nothing-here'), 404)).toEqual([
      'GetItem',
    ])
    expect(await cost('GET /healthz', () => h.get('/healthz'))).toEqual(['GetItem'])
  })
})
