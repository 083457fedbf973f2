import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArticleStore } from '../../lib/articles/article-store.ts'
import type { toArticleResource } from '../../lib/http/article-resource.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import type { Site } from '../../lib/site.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { undeclaredAnswer } from '../support/declared-statuses.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

const token = 'a-token-of-32-characters-abcdefgh'
const site: Site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'The news, as it is published.',
  language: 'en',
  author: 'Newsroom Desk',
}
const start = new Date('2025-03-12T12:00:00.000Z')

type ArticleJson = ReturnType<typeof toArticleResource>
interface ProblemJson {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: { path: string; message: string }[]
}

/** The ETag of an article at `version`: the version, then a digest of the article's id. */
function revisionTag(version: number): RegExp {
  return new RegExp(`^"${version}-[A-Za-z0-9_-]{16}"$`)
}

/** What a stack trace or an internal location looks like in a body. */
const internals = /\n\s+at\s|\bat [\w.<>]+ \(|\.ts:\d+|node_modules|file:\/\//

let dynamo: EmbeddedDynamo

beforeAll(async () => {
  dynamo = await startDynalite()
})

afterAll(async () => {
  await dynamo?.close()
})

interface Send {
  /** JSON-encoded as the body, as `application/json` unless `contentType` says otherwise. */
  readonly json?: unknown
  /** The body as is. */
  readonly raw?: string
  readonly contentType?: string
  /** The Authorization header; `null` sends none. Default: the valid bearer token. */
  readonly auth?: string | null
  readonly ifMatch?: string
  readonly ifNoneMatch?: string
}

/** The OpenAPI document `app` serves, which every answer in these tests must keep to. */
async function documentOf(app: { request: (path: string) => Response | Promise<Response> }) {
  const doc: unknown = await (await app.request('/api/openapi.json')).json()
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('no OpenAPI document')
  return Object.fromEntries(Object.entries(doc))
}

/** A publish app on a fresh table, with a clock the test moves. */
async function newApi() {
  const tableName = await dynamo.createTable()
  const store: ArticleStore = createDynamoArticleStore({ client: dynamo.client, tableName })
  let now = start
  const logged: unknown[] = []
  const app = createPublishApp({
    store,
    clock: () => now,
    site,
    tokens: () => [token],
    logger: { request: () => {}, error: (error) => logged.push(error) },
  })
  const doc = await documentOf(app)

  async function send(method: string, path: string, options: Send = {}): Promise<Response> {
    const headers = new Headers()
    if (options.auth !== null) headers.set('Authorization', options.auth ?? `Bearer ${token}`)
    if (options.ifMatch !== undefined) headers.set('If-Match', options.ifMatch)
    if (options.ifNoneMatch !== undefined) headers.set('If-None-Match', options.ifNoneMatch)
    const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json))
    if (body !== undefined) headers.set('Content-Type', options.contentType ?? 'application/json')
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) })
    // Whatever a client sends, the answer is never a 5xx, and nothing internal leaks into it.
    expect(res.status, `${method} ${path}`).toBeLessThan(500)
    expect(logged).toEqual([])
    expect(await res.clone().text()).not.toMatch(internals)
    // Whatever the request, the status is one the route declares in the document the app serves.
    expect(undeclaredAnswer(doc, method, path, res)).toBeUndefined()
    return res
  }

  return {
    app,
    store,
    send,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000)
    },
    now: () => now,
    async create(body: Record<string, unknown>): Promise<ArticleJson> {
      const res = await send('POST', '/api/articles', { json: body })
      expect(res.status).toBe(201)
      return articleOf(res)
    },
    /** The stored article as the API shows it, with its ETag; fails unless it is there. */
    async read(slug: string): Promise<{ article: ArticleJson; etag: string | null }> {
      const res = await send('GET', `/api/articles/${slug}`)
      expect(res.status).toBe(200)
      return { article: await articleOf(res), etag: res.headers.get('etag') }
    },
    async list(query = ''): Promise<{ items: ArticleJson[]; nextCursor?: string }> {
      const res = await send('GET', `/api/articles${query}`)
      expect(res.status).toBe(200)
      return (await res.json()) as { items: ArticleJson[]; nextCursor?: string }
    },
  }
}

async function articleOf(res: Response): Promise<ArticleJson> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return (await res.json()) as ArticleJson
}

/** Asserts an RFC 9457 problem response with `status`, and returns its body. */
async function problemOf(res: Response, status: number): Promise<ProblemJson> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const problem = (await res.json()) as ProblemJson
  expect(problem.status).toBe(status)
  expect(problem.title).toEqual(expect.any(String))
  expect(problem.title).not.toBe('')
  expect(problem.detail).toEqual(expect.any(String))
  expect(problem.detail).not.toBe('')
  return problem
}

/** Asserts a 400 whose `errors` name `path`. */
async function invalidField(res: Response, path: string): Promise<ProblemJson> {
  const problem = await problemOf(res, 400)
  expect(problem.errors?.map((e) => e.path)).toContain(path)
  for (const error of problem.errors ?? []) expect(error.message).not.toBe('')
  return problem
}

let sequence = 0

/** A valid article body; each call gets its own title, hence its own derived slug. */
function articleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1
  return {
    title: `Musk advocates US exit from NATO, part ${sequence}`,
    summary: 'Elon Musk, a close ally of Donald Trump, has stirred fresh controversy.',
    content: '<p>Elon Musk, a key advisor, has publicly called for the United States to leave NATO.</p>',
    authors: [{ name: 'Desk Report' }],
    categories: ['World', 'NATO'],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
    ...overrides,
  }
}

describe('POST /api/articles', () => {
  it('creates the article: 201 with Location, an ETag of version 1, an id, url, times and version', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ title: 'Musk advocates US exit from NATO', slug: 'musk-nato' }),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('https://news.example.com/api/articles/musk-nato')
    expect(res.headers.get('etag')).toMatch(revisionTag(1))
    const article = await articleOf(res)
    expect(article).toMatchObject({
      slug: 'musk-nato',
      url: 'https://news.example.com/articles/musk-nato',
      title: 'Musk advocates US exit from NATO',
      authors: [{ name: 'Desk Report' }],
      categories: [
        { slug: 'world', name: 'World' },
        { slug: 'nato', name: 'NATO' },
      ],
      status: 'published',
      publishedAt: '2025-03-11T09:19:00+06:00',
      createdAt: start.toISOString(),
      updatedAt: start.toISOString(),
      version: 1,
    })
    expect(article.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(article.contentHtml).toBe(
      '<p>Elon Musk, a key advisor, has publicly called for the United States to leave NATO.</p>',
    )
  })

  it('returns through GET what it created, with the same ETag', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', { json: articleBody({ slug: 'round-trip' }) })
    const created = await articleOf(res)
    const { article, etag } = await api.read('round-trip')
    expect(article).toEqual(created)
    expect(etag).toMatch(revisionTag(1))
    expect(etag).toBe(res.headers.get('etag'))
  })

  it('fills in the defaults: draft, the site author, no publication time', async () => {
    const api = await newApi()
    const created = await api.create({ title: 'Just a draft', content: 'Two words' })
    expect(created).toMatchObject({
      slug: 'just-a-draft',
      status: 'draft',
      authors: [{ name: 'Newsroom Desk' }],
      categories: [],
      contentFormat: 'html',
    })
    expect(created.publishedAt).toBeUndefined()
  })

  it('stamps a published article without publishedAt with the time of publication', async () => {
    const api = await newApi()
    const { publishedAt: _none, ...body } = articleBody()
    const created = await api.create(body)
    expect(created.publishedAt).toBe(start.toISOString())
  })

  it('answers 409 when the slug is taken, and keeps the first article', async () => {
    const api = await newApi()
    const first = await api.create(articleBody({ slug: 'taken' }))
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ slug: 'taken', title: 'Other' }),
    })
    const problem = await problemOf(res, 409)
    expect(problem.detail).toContain('taken')
    expect((await api.read('taken')).article).toEqual(first)
  })

  it('answers 409 when a title gives the slug of an existing article', async () => {
    const api = await newApi()
    await api.create(articleBody({ title: 'Café à Paris' }))
    const res = await api.send('POST', '/api/articles', { json: articleBody({ title: 'Cafe a Paris' }) })
    await problemOf(res, 409)
  })

  it('derives the slug from the title, transliterating accents', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ title: 'Café à Paris: Straße, Øresund & “quotes”' }))
    expect(created.slug).toBe('cafe-a-paris-strasse-oresund-quotes')
    expect(created.url).toBe('https://news.example.com/articles/cafe-a-paris-strasse-oresund-quotes')
  })

  it('answers 400 naming slug when the title has nothing to make a slug from', async () => {
    const api = await newApi()
    await invalidField(
      await api.send('POST', '/api/articles', { json: articleBody({ title: '🎉🏏🔥' }) }),
      'slug',
    )
    expect((await api.list()).items).toEqual([])
  })

  it('creates over a deleted article’s slug with a new id', async () => {
    const api = await newApi()
    const old = await api.create(articleBody({ slug: 'phoenix' }))
    expect((await api.send('DELETE', '/api/articles/phoenix')).status).toBe(204)
    const reborn = await api.create(articleBody({ slug: 'phoenix' }))
    expect(reborn.id).not.toBe(old.id)
    expect(reborn.version).toBe(1)
  })
})

describe('GET /api/articles/{slug}', () => {
  it('answers 404 for an unknown slug and for one that cannot be a slug', async () => {
    const api = await newApi()
    const missing = await problemOf(await api.send('GET', '/api/articles/nothing-here'), 404)
    expect(missing.detail).toContain('nothing-here')
    await problemOf(await api.send('GET', '/api/articles/Not_A_Slug'), 404)
    await problemOf(await api.send('GET', `/api/articles/${'a'.repeat(241)}`), 404)
  })
})

describe('PUT /api/articles/{slug}', () => {
  it('creates with 201, then replaces with 200 at version 2, keeping id and createdAt', async () => {
    const api = await newApi()
    const res1 = await api.send('PUT', '/api/articles/put-me', { json: articleBody({ title: 'First take' }) })
    expect(res1.status).toBe(201)
    expect(res1.headers.get('location')).toBe('https://news.example.com/api/articles/put-me')
    expect(res1.headers.get('etag')).toMatch(revisionTag(1))
    const created = await articleOf(res1)
    expect(created).toMatchObject({ slug: 'put-me', title: 'First take', version: 1 })

    api.advance(5)
    const res2 = await api.send('PUT', '/api/articles/put-me', {
      json: articleBody({ title: 'Second take' }),
    })
    expect(res2.status).toBe(200)
    expect(res2.headers.get('etag')).toMatch(revisionTag(2))
    // The same article: only the version part of its tag moved.
    expect(res2.headers.get('etag')?.slice(2)).toBe(res1.headers.get('etag')?.slice(2))
    expect(res2.headers.get('location')).toBeNull()
    const replaced = await articleOf(res2)
    expect(replaced).toMatchObject({
      id: created.id,
      slug: 'put-me',
      title: 'Second take',
      createdAt: created.createdAt,
      updatedAt: api.now().toISOString(),
      version: 2,
    })
    expect(replaced.updatedAt).not.toBe(created.updatedAt)
    expect((await api.read('put-me')).article).toEqual(replaced)
  })

  it('replaces the whole document: a field left out goes back to its default', async () => {
    const api = await newApi()
    await api.create(
      articleBody({ slug: 'whole', image: { url: 'https://img.example.com/a.jpg', alt: 'A' } }),
    )
    const { image: _image, categories: _categories, ...rest } = articleBody({ slug: 'whole' })
    const res = await api.send('PUT', '/api/articles/whole', { json: rest })
    const replaced = await articleOf(res)
    expect(replaced.image).toBeUndefined()
    expect(replaced.categories).toEqual([])
  })

  it('keeps the first publication time when a replace leaves publishedAt out', async () => {
    const api = await newApi()
    const { publishedAt: _none, ...body } = articleBody({ slug: 'first-published' })
    await api.send('PUT', '/api/articles/first-published', { json: body })
    api.advance(60)
    const replaced = await articleOf(
      await api.send('PUT', '/api/articles/first-published', { json: { ...body, title: 'Updated' } }),
    )
    expect(replaced.publishedAt).toBe(start.toISOString())
  })

  it('answers 200 and keeps the version when the content is identical', async () => {
    const api = await newApi()
    const body = articleBody({ slug: 'same-again' })
    const created = await api.create(body)
    const { etag } = await api.read('same-again')
    api.advance(5)
    const res = await api.send('PUT', '/api/articles/same-again', { json: body })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe(etag)
    expect(await articleOf(res)).toEqual(created)
    expect((await api.read('same-again')).article).toEqual(created)
  })

  it('keeps the slug immutable: a body naming another slug is a 400 naming slug', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ slug: 'fixed' }))
    const res = await api.send('PUT', '/api/articles/fixed', {
      json: articleBody({ slug: 'moved', title: 'Moved' }),
    })
    const problem = await invalidField(res, 'slug')
    expect(problem.errors?.find((e) => e.path === 'slug')?.message).toContain('immutable')
    expect((await api.read('fixed')).article).toEqual(created)
    await problemOf(await api.send('GET', '/api/articles/moved'), 404)
  })

  it('accepts a body that repeats the slug of the URL', async () => {
    const api = await newApi()
    const res = await api.send('PUT', '/api/articles/echo', { json: articleBody({ slug: 'echo' }) })
    expect(res.status).toBe(201)
  })

  it('answers 400 naming slug when the URL is not a slug', async () => {
    const api = await newApi()
    await invalidField(await api.send('PUT', '/api/articles/Bad_Slug', { json: articleBody() }), 'slug')
    await invalidField(
      await api.send('PUT', `/api/articles/${'a'.repeat(241)}`, { json: articleBody() }),
      'slug',
    )
    expect((await api.list()).items).toEqual([])
  })
})

describe('If-Match', () => {
  async function withVersion2() {
    const api = await newApi()
    await api.create(articleBody({ slug: 'guarded', title: 'Version one' }))
    const etag1 = (await api.read('guarded')).etag ?? ''
    await api.send('PUT', '/api/articles/guarded', {
      json: articleBody({ slug: 'guarded', title: 'Version two' }),
    })
    const { article, etag } = await api.read('guarded')
    expect(article.version).toBe(2)
    return { api, v2: article, etag1, etag2: etag ?? '' }
  }

  it('replaces when it names the current version', async () => {
    const { api, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: etag2,
      json: articleBody({ title: 'Version three' }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(revisionTag(3))
  })

  it('answers 412 for a stale version and changes nothing', async () => {
    const { api, v2, etag1, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: etag1,
      json: articleBody({ title: 'Lost update' }),
    })
    const problem = await problemOf(res, 412)
    expect(problem.detail).toContain(etag2.slice(1, -1))
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it('never takes a bare version number for the ETag: 412', async () => {
    const { api, v2 } = await withVersion2()
    await problemOf(
      await api.send('PUT', '/api/articles/guarded', { ifMatch: '"2"', json: articleBody() }),
      412,
    )
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it('accepts a list that holds the current version', async () => {
    const { api, etag1, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: `${etag1}, ${etag2}`,
      json: articleBody(),
    })
    expect(res.status).toBe(200)
  })

  it('takes * as any existing version', async () => {
    const { api } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: '*',
      json: articleBody({ title: 'Any' }),
    })
    expect(res.status).toBe(200)
    expect((await articleOf(res)).version).toBe(3)
  })

  it('answers 412 for * or a version when the article does not exist, creating nothing', async () => {
    const api = await newApi()
    await problemOf(await api.send('PUT', '/api/articles/absent', { ifMatch: '*', json: articleBody() }), 412)
    await problemOf(
      await api.send('PUT', '/api/articles/absent', { ifMatch: '"1"', json: articleBody() }),
      412,
    )
    await problemOf(await api.send('GET', '/api/articles/absent'), 404)
  })

  it('never matches a weak tag (strong comparison): 412', async () => {
    const { api, v2, etag2 } = await withVersion2()
    await problemOf(
      await api.send('PUT', '/api/articles/guarded', { ifMatch: `W/${etag2}`, json: articleBody() }),
      412,
    )
    await problemOf(await api.send('DELETE', '/api/articles/guarded', { ifMatch: `W/${etag2}` }), 412)
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it.each(['2', '"2', 'two', '"2" junk', ''])(
    'answers 400 naming If-Match for the malformed %j',
    async (header) => {
      const { api, v2 } = await withVersion2()
      await invalidField(
        await api.send('PUT', '/api/articles/guarded', { ifMatch: header, json: articleBody() }),
        'If-Match',
      )
      await invalidField(await api.send('DELETE', '/api/articles/guarded', { ifMatch: header }), 'If-Match')
      expect((await api.read('guarded')).article).toEqual(v2)
    },
  )

  it('guards DELETE too: 412 when stale, 204 when current', async () => {
    const { api, v2, etag1, etag2 } = await withVersion2()
    await problemOf(await api.send('DELETE', '/api/articles/guarded', { ifMatch: etag1 }), 412)
    expect((await api.read('guarded')).article).toEqual(v2)
    expect((await api.send('DELETE', '/api/articles/guarded', { ifMatch: etag2 })).status).toBe(204)
  })
})

describe('DELETE /api/articles/{slug}', () => {
  it('answers 204, then the article is gone: GET 410, out of the list', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'short-lived' }))
    const kept = await api.create(articleBody({ slug: 'kept' }))
    const res = await api.send('DELETE', '/api/articles/short-lived')
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    const gone = await problemOf(await api.send('GET', '/api/articles/short-lived'), 410)
    expect(gone.detail).toContain('short-lived')
    expect((await api.list()).items).toEqual([kept])
  })

  it('answers 410 to a second delete and 404 to an unknown slug', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'twice' }))
    expect((await api.send('DELETE', '/api/articles/twice')).status).toBe(204)
    await problemOf(await api.send('DELETE', '/api/articles/twice'), 410)
    await problemOf(await api.send('DELETE', '/api/articles/never-was'), 404)
  })
})

describe('GET /api/articles', () => {
  async function withArticles(count: number) {
    const api = await newApi()
    const created: ArticleJson[] = []
    for (let i = 0; i < count; i++) {
      api.advance(1)
      created.push(await api.create(articleBody({ status: i % 3 === 0 ? 'draft' : 'published' })))
    }
    return { api, newestFirst: created.reverse() }
  }

  it('lists articles of every status, most recently created first', async () => {
    const { api, newestFirst } = await withArticles(4)
    const page = await api.list()
    expect(page.items).toEqual(newestFirst)
    expect(page.nextCursor).toBeUndefined()
  })

  it('filters by status', async () => {
    const { api, newestFirst } = await withArticles(5)
    expect((await api.list('?status=draft')).items).toEqual(newestFirst.filter((a) => a.status === 'draft'))
    expect((await api.list('?status=published')).items).toEqual(
      newestFirst.filter((a) => a.status === 'published'),
    )
  })

  it('pages with the cursor across three pages, returning every article exactly once', async () => {
    const { api, newestFirst } = await withArticles(7)
    const seen: ArticleJson[] = []
    const sizes: number[] = []
    let query = '?limit=3'
    for (let i = 0; i < 10; i++) {
      const page = await api.list(query)
      seen.push(...page.items)
      sizes.push(page.items.length)
      if (page.nextCursor === undefined) break
      query = `?limit=3&cursor=${encodeURIComponent(page.nextCursor)}`
    }
    expect(sizes).toEqual([3, 3, 1])
    expect(seen).toEqual(newestFirst)
  })

  it('pages one status with the cursor', async () => {
    const { api, newestFirst } = await withArticles(9)
    const published = newestFirst.filter((a) => a.status === 'published')
    const seen: ArticleJson[] = []
    let query = '?status=published&limit=2'
    for (let i = 0; i < 10; i++) {
      const page = await api.list(query)
      seen.push(...page.items)
      if (page.nextCursor === undefined) break
      query = `?status=published&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`
    }
    expect(seen).toEqual(published)
  })

  it.each(['0', '101', 'abc', '1.5', '-1', '', '1e1'])(
    'answers 400 naming limit for limit=%j',
    async (limit) => {
      const api = await newApi()
      await invalidField(await api.send('GET', `/api/articles?limit=${limit}`), 'limit')
    },
  )

  it('accepts the limits 1 and 100', async () => {
    const { api } = await withArticles(2)
    expect((await api.list('?limit=1')).items).toHaveLength(1)
    expect((await api.list('?limit=100')).items).toHaveLength(2)
  })

  it.each(['archived', 'Draft', ''])('answers 400 naming status for status=%j', async (status) => {
    const api = await newApi()
    await invalidField(await api.send('GET', `/api/articles?status=${status}`), 'status')
  })

  it('answers 400 naming cursor for a cursor it did not issue', async () => {
    const api = await newApi()
    await invalidField(await api.send('GET', '/api/articles?cursor=not-a-cursor'), 'cursor')
  })
})

describe('invalid requests leave what was stored untouched', () => {
  const cases: {
    name: string
    send: (body: Record<string, unknown>) => Send
    status: number
    path?: string
    title?: RegExp
  }[] = [
    {
      name: 'a missing title',
      send: ({ title: _title, ...body }) => ({ json: body }),
      status: 400,
      path: 'title',
    },
    {
      name: 'a 2 MB body',
      send: (body) => ({ json: { ...body, content: `<p>${'x'.repeat(2 * 1024 * 1024)}</p>` } }),
      status: 413,
    },
    {
      name: 'a number where a string belongs',
      send: (body) => ({ json: { ...body, title: 42 } }),
      status: 400,
      path: 'title',
    },
    {
      name: 'an impossible date',
      send: (body) => ({ json: { ...body, publishedAt: '2025-02-30T10:00:00Z' } }),
      status: 400,
      path: 'publishedAt',
    },
    {
      name: 'a date without an offset',
      send: (body) => ({ json: { ...body, publishedAt: '2025-03-11T09:19:00' } }),
      status: 400,
      path: 'publishedAt',
    },
    {
      name: 'an unknown status',
      send: (body) => ({ json: { ...body, status: 'archived' } }),
      status: 400,
      path: 'status',
    },
    {
      name: 'an unknown field',
      send: (body) => ({ json: { ...body, colour: 'red' } }),
      status: 400,
      path: 'colour',
    },
    {
      name: 'an http image',
      send: (body) => ({ json: { ...body, image: { url: 'http://img.example.com/a.jpg', alt: 'A' } } }),
      status: 400,
      path: 'image.url',
    },
    {
      name: 'eleven categories',
      send: (body) => ({ json: { ...body, categories: Array.from({ length: 11 }, (_, i) => `Cat ${i}`) } }),
      status: 400,
      path: 'categories',
    },
    { name: 'a JSON array', send: () => ({ raw: '[]' }), status: 400, path: '' },
    { name: 'JSON null', send: () => ({ raw: 'null' }), status: 400, path: '' },
    { name: 'malformed JSON', send: () => ({ raw: '{"title": "Unfinished' }), status: 400, path: '' },
    { name: 'an empty body', send: () => ({ raw: '' }), status: 400, path: '' },
    {
      name: 'a text/plain body',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'text/plain' }),
      status: 415,
    },
    {
      name: 'a form-encoded body',
      send: () => ({ raw: 'title=Hello&content=World', contentType: 'application/x-www-form-urlencoded' }),
      status: 415,
    },
    {
      name: 'JSON with malformed media-type parameters',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'application/json;;;' }),
      status: 415,
    },
    {
      name: 'JSON in another charset',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'application/json; charset=iso-8859-1' }),
      status: 415,
    },
  ]

  it.each(cases)('$name: $status on POST and PUT', async ({ send, status, path }) => {
    const api = await newApi()
    const existing = await api.create(articleBody({ slug: 'existing' }))
    const body = articleBody({ slug: 'existing', title: 'A changed title' })
    for (const [method, url] of [
      ['POST', '/api/articles'],
      ['PUT', '/api/articles/existing'],
      ['PUT', '/api/articles/brand-new'],
    ] as const) {
      const res = await api.send(method, url, send(method === 'PUT' ? body : { ...body, slug: 'brand-new' }))
      const problem = await problemOf(res, status)
      if (path !== undefined)
        expect(
          problem.errors?.map((e) => e.path),
          `${method} ${url}`,
        ).toContain(path)
    }
    expect((await api.read('existing')).article).toEqual(existing)
    expect((await api.list()).items).toEqual([existing])
  })

  it('says which date is impossible', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ publishedAt: '2025-02-30T10:00:00Z' }),
    })
    const problem = await invalidField(res, 'publishedAt')
    expect(problem.errors?.[0]?.message).toContain('2025-02-30T10:00:00Z')
  })

  it('names every invalid field at once', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: { title: '', content: 7, status: 'live', authors: [{ name: '' }] },
    })
    const problem = await problemOf(res, 400)
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      'authors.0.name',
      'content',
      'status',
      'title',
    ])
  })

  it('answers 413 saying it does not fit when the rendered article is over the item limit, storing nothing', async () => {
    const api = await newApi()
    const existing = await api.create(articleBody({ slug: 'existing' }))
    // 340 000 ampersands are within the input limit, but each escapes to `&amp;` in the rendered HTML.
    const huge = articleBody({ content: '&'.repeat(340_000) })
    const created = await problemOf(
      await api.send('POST', '/api/articles', { json: { ...huge, slug: 'huge' } }),
      413,
    )
    expect(created.detail).toMatch(/KB/)
    expect(created.detail).toMatch(/DynamoDB item|shorten/)
    const replaced = await problemOf(await api.send('PUT', '/api/articles/existing', { json: huge }), 413)
    expect(replaced.detail).toMatch(/KB/)
    await problemOf(await api.send('GET', '/api/articles/huge'), 404)
    expect((await api.read('existing')).article).toEqual(existing)
    expect((await api.list()).items).toEqual([existing])
  })

  it('answers 413 for Markdown that expands past the item limit', async () => {
    const api = await newApi()
    // A bare URL becomes a link: the address appears three times in the stored article.
    const markdown = 'https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n'.repeat(4800)
    expect(markdown.length).toBeLessThan(350_000)
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ slug: 'links', content: markdown, contentFormat: 'markdown' }),
    })
    await problemOf(res, 413)
    await problemOf(await api.send('GET', '/api/articles/links'), 404)
  })
})

describe('authentication', () => {
  const badAuthorizations: [string, string | null][] = [
    ['a wrong token', 'Bearer not-the-token-of-32-characters-xyz'],
    ['no Authorization header', null],
    ['an empty Bearer', 'Bearer '],
    ['the bare scheme', 'Bearer'],
    ['the token in other case', `Bearer ${token.toUpperCase()}`],
    ['the token with a character more', `Bearer ${token}x`],
    ['the token less its last character', `Bearer ${token.slice(0, -1)}`],
    ['the token without a scheme', token],
    ['a 10 KB token', `Bearer ${'a'.repeat(10 * 1024)}`],
    ['the Basic scheme', `Basic ${Buffer.from(`publisher:${token}`).toString('base64')}`],
    ['two tokens', `Bearer ${token} ${token}`],
  ]
  const routes: [string, string, Send][] = [
    ['POST', '/api/articles', { json: articleBody({ slug: 'intruder' }) }],
    ['GET', '/api/articles', {}],
    ['GET', '/api/articles/protected', {}],
    ['PUT', '/api/articles/protected', { json: articleBody({ title: 'Defaced' }) }],
    ['PUT', '/api/articles/intruder', { json: articleBody() }],
    ['DELETE', '/api/articles/protected', {}],
  ]

  it.each(badAuthorizations)(
    'answers 401 with WWW-Authenticate: Bearer to %s, on every route',
    async (_, auth) => {
      const api = await newApi()
      const protectedArticle = await api.create(articleBody({ slug: 'protected' }))
      for (const [method, path, options] of routes) {
        const res = await api.send(method, path, { ...options, auth })
        const problem = await problemOf(res, 401)
        expect(res.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer\b/)
        expect(problem.detail).not.toContain(token)
      }
      expect((await api.read('protected')).article).toEqual(protectedArticle)
      await problemOf(await api.send('GET', '/api/articles/intruder'), 404)
    },
  )

  it('checks the token before the body: a bad token with a 2 MB body is still 401', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      auth: 'Bearer wrong',
      json: articleBody({ content: 'x'.repeat(2 * 1024 * 1024) }),
    })
    await problemOf(res, 401)
  })

  it('takes the scheme case-insensitively, as RFC 9110 says', async () => {
    const api = await newApi()
    expect((await api.send('GET', '/api/articles', { auth: `bearer ${token}` })).status).toBe(200)
    expect((await api.send('GET', '/api/articles', { auth: `BEARER ${token}` })).status).toBe(200)
  })

  it('answers 401 on unknown /api paths too, without saying what exists', async () => {
    const api = await newApi()
    const res = await api.send('GET', '/api/secret-admin', { auth: null })
    await problemOf(res, 401)
  })

  it('accepts any of several configured tokens', async () => {
    const tableName = await dynamo.createTable()
    const store = createDynamoArticleStore({ client: dynamo.client, tableName })
    const other = 'another-token-of-32-characters-xy'
    const app = createPublishApp({ store, clock: () => start, site, tokens: async () => [token, other] })
    for (const t of [token, other]) {
      const res = await app.request('/api/articles', { headers: { Authorization: `Bearer ${t}` } })
      expect(res.status).toBe(200)
    }
    const res = await app.request('/api/articles', { headers: { Authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
  })
})

describe('GET /api/openapi.json', () => {
  it('serves the OpenAPI 3.1 document without a token: it is public documentation', async () => {
    const api = await newApi()
    for (const auth of [null, 'Bearer wrong']) {
      const res = await api.send('GET', '/api/openapi.json', { auth })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      const doc = (await res.json()) as {
        openapi: string
        servers: { url: string }[]
        paths: Record<string, Record<string, { security?: unknown[] }>>
      }
      expect(doc.openapi).toBe('3.1.0')
      expect(doc.servers).toEqual([{ url: site.url }])
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/articles', '/api/articles/{slug}', '/api/openapi.json']),
      )
      // The document says what the server does: this one operation needs no token.
      expect(doc.paths['/api/openapi.json']?.get?.security).toEqual([])
    }
  })
})

describe('sanitising through the API', () => {
  it('drops script and event handlers and keeps the paragraph', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({ slug: 'xss', content: '<script>alert(1)</script><p onclick=x>hi</p>' }),
    )
    expect(created.contentHtml).toBe('<p>hi</p>')
    expect((await api.read('xss')).article.contentHtml).toBe('<p>hi</p>')
  })

  it.each([
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<img src="javascript:alert(1)" alt="click">',
    '<iframe src="https://evil.example.com"></iframe><p>click</p>',
    '<svg onload="alert(1)"><a href="javascript:alert(1)">click</a></svg><p>click</p>',
    '<form action="https://evil.example.com"><input name="x"></form><p>click</p>',
    '<p style="background:url(javascript:alert(1))">click</p>',
  ])('stores %s without anything executable (201, made safe)', async (content) => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', { json: articleBody({ slug: 'vector', content }) })
    expect(res.status).toBe(201)
    const stored = (await api.read('vector')).article.contentHtml
    expect(stored).not.toMatch(/javascript:|data:|<script|<iframe|<svg|<form|<input|\son\w+=|style=/i)
    expect(stored).toMatch(/click/)
  })

  it('drops a javascript: link in Markdown', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        content: '# Heading\n\n[click](javascript:alert(1)) and <script>x</script>',
        contentFormat: 'markdown',
      }),
    )
    expect(created.contentHtml).not.toMatch(/javascript:|<script/i)
    expect(created.contentHtml).toContain('<h2>Heading</h2>')
    expect(created.contentHtml).toContain('click')
  })

  it('removes the characters XML forbids from title, summary and content', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        slug: 'forbidden',
        title: 'Nul\u0000l and \ufffe non\uffffchar and lone \ud800 high',
        summary: 'Bell\u0007 and \udc00 low',
        content: '<p>Body\u0000 with \ufffe and \ud800 and \u001b</p>',
        authors: [{ name: 'Desk\u0000 Report' }],
        categories: ['Wor\u0000ld'],
      }),
    )
    const stored = (await api.read('forbidden')).article
    expect(stored).toEqual(created)
    const texts = [
      stored.title,
      stored.summary,
      stored.content,
      stored.contentHtml,
      stored.authors[0]?.name ?? '',
      stored.categories[0]?.name ?? '',
    ]
    for (const text of texts) {
      for (const char of ['\u0000', '\u0007', '\u001b', '\ufffe', '\uffff']) expect(text).not.toContain(char)
      // A lone surrogate does not survive a round trip through UTF-8.
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text)
    }
    expect(stored.title).toBe('Null and nonchar and lone high')
    expect(stored.contentHtml).toBe('<p>Body with  and  and </p>')
  })

  it('keeps emoji and other valid astral characters', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ title: 'Flags 🇧🇩 and 𝄞', content: '<p>😀</p>' }))
    expect(created.title).toBe('Flags 🇧🇩 and 𝄞')
    expect(created.contentHtml).toBe('<p>😀</p>')
  })

  it('makes relative links absolute against the article permalink', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        slug: 'links',
        content: '<p><a href="/x">root</a> <a href="y">sibling</a> <img src="/i.jpg" alt="i"></p>',
      }),
    )
    expect(created.contentHtml).toContain(`<a href="${site.url}/x">root</a>`)
    expect(created.contentHtml).toContain(`<a href="${site.url}/articles/y">sibling</a>`)
    expect(created.contentHtml).toContain(`src="${site.url}/i.jpg"`)
  })
})

describe('concurrent writes', () => {
  it('lets exactly one of 20 parallel PUTs with the same If-Match win; 19 get 412', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'contested', title: 'Original' }))
    const ifMatch = (await api.read('contested')).etag ?? ''
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ title: `Edit number ${i}` }))
    const responses = await Promise.all(
      bodies.map((json) => api.send('PUT', '/api/articles/contested', { ifMatch, json })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 412)).toHaveLength(19)
    const winner = responses.findIndex((r) => r.status === 200)
    const { article, etag } = await api.read('contested')
    expect(article.title).toBe(`Edit number ${winner}`)
    expect(article.version).toBe(2)
    expect(etag).toMatch(revisionTag(2))
    for (const res of responses.filter((r) => r.status === 412)) await problemOf(res, 412)
  })

  it('applies every one of parallel PUTs without If-Match: none lost, one version each', async () => {
    const api = await newApi()
    const base = articleBody({ slug: 'busy', title: 'Base' })
    await api.create(base)
    // Each request changes a different field of the whole document.
    const changes: Record<string, unknown>[] = [
      { title: 'Changed title' },
      { summary: 'Changed summary' },
      { content: '<p>Changed content</p>' },
      { contentFormat: 'text' },
      { authors: [{ name: 'Someone Else' }] },
      { categories: ['Sport'] },
      { image: { url: 'https://img.example.com/new.jpg', alt: 'New' } },
      { status: 'draft' },
      { publishedAt: '2025-03-10T08:00:00Z' },
      { summary: '' },
    ]
    const bodies = changes.map((change) => ({ ...base, ...change }))
    const responses = await Promise.all(bodies.map((json) => api.send('PUT', '/api/articles/busy', { json })))
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 200))
    const written = await Promise.all(responses.map(articleOf))
    // Each write changed the document, so each got its own version: none overwrote another unseen.
    expect(written.map((a) => a.version).sort((a, b) => a - b)).toEqual(bodies.map((_, i) => i + 2))
    const { article } = await api.read('busy')
    expect(article.version).toBe(1 + bodies.length)
    expect(article).toEqual(written.find((a) => a.version === article.version))
  })

  it('deletes without If-Match even while parallel PUTs keep changing the article', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'doomed' }))
    const puts = Array.from({ length: 15 }, (_, i) =>
      api.send('PUT', '/api/articles/doomed', { json: articleBody({ title: `Edit ${i}` }) }),
    )
    const deletion = api.send('DELETE', '/api/articles/doomed')
    const [deleted, ...edits] = await Promise.all([deletion, ...puts])
    expect(deleted?.status).toBe(204)
    // A PUT after the delete creates the article again; none is refused.
    for (const res of edits) expect([200, 201]).toContain(res.status)
  })

  it('lets exactly one of 20 parallel POSTs of a slug create it; 19 get 409', async () => {
    const api = await newApi()
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ slug: 'race', title: `Racer ${i}` }))
    const responses = await Promise.all(bodies.map((json) => api.send('POST', '/api/articles', { json })))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    const winner = responses.findIndex((r) => r.status === 201)
    const { article } = await api.read('race')
    expect(article.title).toBe(`Racer ${winner}`)
    expect(article.version).toBe(1)
  })

  it('turns 20 parallel PUTs creating one slug into one 201 and 19 replaces, none lost', async () => {
    const api = await newApi()
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ title: `Creator ${i}` }))
    const responses = await Promise.all(
      bodies.map((json) => api.send('PUT', '/api/articles/fresh', { json })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 200)).toHaveLength(19)
    const ids = new Set(await Promise.all(responses.map(async (r) => (await articleOf(r)).id)))
    expect(ids.size).toBe(1)
    expect((await api.read('fresh')).article.version).toBe(20)
  })
})

describe('what the document declares, on the paths and methods it does not list too', () => {
  it('answers OPTIONS with 204 and the Allow the document declares, on every path', async () => {
    const api = await newApi()
    for (const [path, allow] of [
      ['/api/articles', 'GET, HEAD, POST, OPTIONS'],
      ['/api/articles/some-slug', 'GET, HEAD, PUT, DELETE, OPTIONS'],
      ['/api/openapi.json', 'GET, HEAD, OPTIONS'],
    ] as const) {
      const res = await api.send('OPTIONS', path)
      expect(res.status, path).toBe(204)
      expect(res.headers.get('allow'), path).toBe(allow)
    }
  })

  it.each([
    ['PATCH', '/api/articles'],
    ['DELETE', '/api/articles'],
    ['POST', '/api/articles/some-slug'],
    ['PATCH', '/api/articles/some-slug'],
    ['PUT', '/api/openapi.json'],
  ])(
    'answers %s %s, which no route declares, with 405 and the declared methods in Allow',
    async (method, path) => {
      const api = await newApi()
      await problemOf(await api.send(method, path), 405)
    },
  )

  it.each(['2', '"2', ''])(
    'answers 400 naming If-None-Match for the malformed %j on PUT and DELETE',
    async (header) => {
      const api = await newApi()
      const created = await api.create(articleBody({ slug: 'guarded' }))
      await invalidField(
        await api.send('PUT', '/api/articles/guarded', { ifNoneMatch: header, json: articleBody() }),
        'If-None-Match',
      )
      await invalidField(
        await api.send('DELETE', '/api/articles/guarded', { ifNoneMatch: header }),
        'If-None-Match',
      )
      expect((await api.read('guarded')).article).toEqual(created)
    },
  )

  it('answers invalid query, path and header values in our words, never the validator’s defaults', async () => {
    const api = await newApi()
    const limit = await invalidField(await api.send('GET', '/api/articles?limit=101'), 'limit')
    expect(limit.errors).toEqual([{ path: 'limit', message: 'limit must be at most 100' }])
    const status = await invalidField(await api.send('GET', '/api/articles?status=archived'), 'status')
    expect(status.errors).toEqual([
      { path: 'status', message: 'status must be one of "draft", "published", got "archived"' },
    ])
    const slug = await invalidField(
      await api.send('PUT', '/api/articles/Bad_Slug', { json: articleBody() }),
      'slug',
    )
    expect(slug.errors?.[0]?.message).toMatch(/^slug must be lowercase letters/)
    const ifMatch = await invalidField(
      await api.send('PUT', '/api/articles/fine', { ifMatch: 'two', json: articleBody() }),
      'If-Match',
    )
    expect(ifMatch.errors?.[0]?.message).toMatch(/^If-Match must be "\*" or a list of quoted entity tags/)
    for (const problem of [limit, status, slug, ifMatch]) {
      expect(JSON.stringify(problem)).not.toMatch(/Invalid input|"success"|"issues"|"code"/)
      expect(problem.title).toBe('Invalid request')
    }
  })

  it('answers 503 with Retry-After on every route, as each declares, when the store cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    })
    const app = createPublishApp({
      store: createDynamoArticleStore({ client, tableName: 'unreachable' }),
      clock: () => start,
      site,
      tokens: () => [token],
    })
    const doc = await documentOf(app)
    const json = { 'Content-Type': 'application/json' }
    for (const [method, path, body] of [
      ['POST', '/api/articles', articleBody()],
      ['GET', '/api/articles', undefined],
      ['GET', '/api/articles/somewhere', undefined],
      ['PUT', '/api/articles/somewhere', articleBody()],
      ['DELETE', '/api/articles/somewhere', undefined],
    ] as const) {
      const res = await app.request(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && json) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
      await problemOf(res, 503)
      expect(res.headers.get('retry-after'), `${method} ${path}`).toMatch(/^\d+$/)
      expect(undeclaredAnswer(doc, method, path, res)).toBeUndefined()
    }
    client.destroy()
  })

  it('answers 500 without internals, as every route declares, when something unexpected fails', async () => {
    const tableName = await dynamo.createTable()
    const logged: unknown[] = []
    const app = createPublishApp({
      store: createDynamoArticleStore({ client: dynamo.client, tableName }),
      clock: () => start,
      site,
      tokens: () => {
        throw new Error('the token source broke at /srv/tokens.ts:12')
      },
      logger: { request: () => {}, error: (error) => logged.push(error) },
    })
    const doc = await documentOf(app)
    for (const [method, path] of [
      ['GET', '/api/articles'],
      ['GET', '/api/articles/somewhere'],
      ['DELETE', '/api/articles/somewhere'],
      ['OPTIONS', '/api/articles'],
    ] as const) {
      const res = await app.request(path, { method, headers: { Authorization: `Bearer ${token}` } })
      const problem = await problemOf(res, 500)
      expect(JSON.stringify(problem)).not.toMatch(internals)
      expect(undeclaredAnswer(doc, method, path, res)).toBeUndefined()
    }
    expect(logged).toHaveLength(4)
  })
})
