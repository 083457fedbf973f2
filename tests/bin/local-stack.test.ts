import { get as httpGet } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { DeleteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import type { LocalStack } from '../../bin/local-stack.ts'
import { stackApi, useLocalStacks } from '../support/local-stack-harness.ts'
import { type RawResponse, readRawResponse } from '../support/raw-response.ts'

const seedTitle = 'Musk advocates US exit from NATO, fueling debate on alliance’s future'

interface ApiArticle {
  id: string
  slug: string
  title: string
  status: string
  publishedAt?: string
  categories: { slug: string; name: string }[]
  version: number
}

const { start, stop, dataDir } = useLocalStacks()

/** A GET with exactly these headers (fetch would add and decode its own Accept-Encoding). */
function raw(stack: LocalStack, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${stack.url}${path}`, { headers }, (response) => {
      readRawResponse(response).then(resolve, reject)
    })
    request.on('error', reject)
  })
}

async function listed(stack: LocalStack): Promise<ApiArticle[]> {
  const res = await stackApi(stack, 'GET', '/api/articles?limit=100')
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: ApiArticle[] }).items
}

const posted = {
  slug: 'local-stack-check',
  title: 'Local stack answers over HTTP',
  content: '<p>Posted through the API of <code>npm start</code>.</p>',
  categories: ['World'],
  status: 'published',
  publishedAt: '2025-03-12T08:00:00Z',
}

describe('startLocalStack', () => {
  it('serves the seeded article through the API and the RSS feed over real HTTP', async () => {
    const stack = await start()
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(stack.tokenGenerated).toBe(true)
    expect(stack.token.length).toBeGreaterThanOrEqual(16)
    expect(stack.seeded?.title).toBe(seedTitle)

    const items = await listed(stack)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      title: seedTitle,
      status: 'published',
      publishedAt: '2025-03-11T09:19:00+06:00',
      categories: [
        { slug: 'world', name: 'World' },
        { slug: 'nato', name: 'NATO' },
      ],
    })

    const rss = await fetch(`${stack.url}/rss.xml`)
    expect(rss.status).toBe(200)
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    expect(await rss.text()).toContain(seedTitle)
  })

  it('refuses the API without the token', async () => {
    const stack = await start()
    const res = await fetch(`${stack.url}/api/articles`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it('creates an article with POST that GET, the list and the feed then show', async () => {
    const stack = await start()
    // Read the feed first, so that a cached copy has to notice the new article.
    expect(await (await fetch(`${stack.url}/rss.xml`)).text()).not.toContain(posted.title)

    const created = await stackApi(stack, 'POST', '/api/articles', posted)
    expect(created.status).toBe(201)
    const article = (await created.json()) as ApiArticle
    const read = await stackApi(stack, 'GET', `/api/articles/${posted.slug}`)
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(article)
    expect((await listed(stack)).map((a) => a.slug)).toContain(posted.slug)

    const rss = await (await fetch(`${stack.url}/rss.xml`)).text()
    expect(rss).toContain(posted.title)
    expect(rss).toContain(seedTitle)
  })

  it('answers conditional GETs and compresses on the wire, from the request headers Node parsed', async () => {
    const stack = await start()
    // Last-Modified comes once the second of the sample article's write is over.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)))
    const first = await raw(stack, '/rss.xml', { 'accept-encoding': 'identity' })
    expect(first.status).toBe(200)
    const etag = first.headers.etag
    const lastModified = first.headers['last-modified']
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(lastModified).toBeDefined()

    const byEtag = await raw(stack, '/rss.xml', { 'if-none-match': `"other", ${etag}` })
    expect(byEtag.status).toBe(304)
    expect(byEtag.body.length).toBe(0)
    expect(byEtag.headers.etag).toBe(etag)
    expect((await raw(stack, '/rss.xml', { 'if-modified-since': String(lastModified) })).status).toBe(304)
    expect((await raw(stack, '/rss.xml', { 'if-none-match': '"other"' })).status).toBe(200)

    const br = await raw(stack, '/rss.xml', { 'accept-encoding': 'gzip;q=0.5, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.body).equals(first.body)).toBe(true)
    const gzip = await raw(stack, '/rss.xml', { 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).equals(first.body)).toBe(true)
    // The compressed representation revalidates against its own ETag too.
    const gzipAgain = await raw(stack, '/rss.xml', {
      'accept-encoding': 'gzip',
      'if-none-match': String(gzip.headers.etag),
    })
    expect(gzipAgain.status).toBe(304)
  })

  it('uses the configured token and seeds nothing when asked not to', async () => {
    const token = 'configured-token-0123456789abcdef'
    const stack = await start({ PUBLISH_TOKEN: token }, { seed: false })
    expect(stack.token).toBe(token)
    expect(stack.tokenGenerated).toBe(false)
    expect(stack.seeded).toBeUndefined()
    expect(await listed(stack)).toEqual([])
  })

  it('stops serving on close()', async () => {
    const stack = await start({}, { seed: false })
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200)
    await stop(stack)
    await expect(fetch(`${stack.url}/healthz`)).rejects.toThrow()
  })

  it('keeps the data across a restart with DATA_DIR, without seeding twice', async () => {
    const dir = await dataDir('local-stack-')
    const env = { DATA_DIR: dir, PUBLISH_TOKEN: 'persistent-token-0123456789abcdef' }

    const first = await start(env)
    expect(first.seeded?.title).toBe(seedTitle)
    const created = await stackApi(first, 'POST', '/api/articles', posted)
    expect(created.status).toBe(201)
    const before = await listed(first)
    expect(before).toHaveLength(2)
    await stop(first)

    const second = await start(env)
    expect(second.seeded).toBeUndefined()
    const after = await listed(second)
    expect(after).toEqual(before)
    expect(after.filter((a) => a.title === seedTitle)).toHaveLength(1)
    const read = await stackApi(second, 'GET', `/api/articles/${posted.slug}`)
    expect(await read.json()).toEqual(await created.json())
    expect(await (await fetch(`${second.url}/rss.xml`)).text()).toContain(posted.title)
  })

  it('fills in the author feeds of a DATA_DIR table written before they existed, at start', async () => {
    const dir = await dataDir('local-stack-')
    const first = await start({ DATA_DIR: dir })
    const feed = '/authors/desk-report/rss.xml'
    expect((await fetch(`${first.url}${feed}`)).status).toBe(200)
    // As a table of an earlier version: the seeded article without its author entry.
    const client = new DynamoDBClient({
      endpoint: first.storeEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    const entries = await client.send(
      new QueryCommand({
        TableName: first.tableName,
        KeyConditionExpression: 'pk = :a',
        ExpressionAttributeValues: { ':a': { S: 'AUTHOR#desk-report' } },
        ProjectionExpression: 'pk, sk',
      }),
    )
    expect(entries.Items).toHaveLength(1)
    for (const Key of entries.Items ?? [])
      await client.send(new DeleteItemCommand({ TableName: first.tableName, Key }))
    client.destroy()
    expect((await fetch(`${first.url}${feed}`)).status).toBe(404)
    await stop(first)

    const second = await start({ DATA_DIR: dir })
    const res = await fetch(`${second.url}${feed}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Musk advocates US exit from NATO')
  }, 60_000)

  it('starts afresh on a restart without DATA_DIR', async () => {
    const first = await start()
    expect((await stackApi(first, 'POST', '/api/articles', posted)).status).toBe(201)
    await stop(first)
    const second = await start()
    expect(second.seeded?.title).toBe(seedTitle)
    expect((await listed(second)).map((a) => a.title)).toEqual([seedTitle])
  })
})
