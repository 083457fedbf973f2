import { describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { undeclaredAnswer } from '../support/declared-statuses.ts'
import { localClient } from '../support/dynalite.ts'
import { freePort } from '../support/free-port.ts'
import {
  articleBody,
  documentOf,
  internals,
  invalidField,
  problemOf,
  site,
  start,
  token,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

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
    const client = localClient(`http://127.0.0.1:${await freePort()}`, { maxAttempts: 1 })
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
    const logged: unknown[] = []
    const { app, doc } = await newApi({
      tokens: () => {
        throw new Error('the token source broke at /srv/tokens.ts:12')
      },
      logger: { request: () => {}, error: (error) => logged.push(error) },
    })
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
