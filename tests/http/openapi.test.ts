import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { undeclaredAnswer } from '../support/declared-statuses.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

const site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'The news.',
  language: 'en',
  author: 'Desk',
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Follows a dotted path of object keys, failing the test when a step is missing. */
function at(value: unknown, ...keys: string[]): Json {
  let current = value
  for (const key of keys) {
    if (!isObject(current) || !(key in current)) throw new Error(`missing ${keys.join(' > ')} (at ${key})`)
    current = current[key]
  }
  if (!isObject(current)) throw new Error(`${keys.join(' > ')} is not an object`)
  return current
}

/** Every `$ref` in the document. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs)
  if (!isObject(value)) return []
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refs(v),
  )
}

let dynamo: EmbeddedDynamo
let doc: Json

beforeAll(async () => {
  dynamo = await startDynalite()
  const store = createDynamoArticleStore({ client: dynamo.client, tableName: await dynamo.createTable() })
  const app = createPublishApp({
    store,
    clock: () => new Date(),
    site,
    tokens: () => ['a-token-of-32-characters-abcdefgh'],
  })
  // The document as clients get it: served by the app whose routes it describes.
  doc = at(await (await app.request('/api/openapi.json')).json())
})

afterAll(async () => {
  await dynamo?.close()
})

describe('the OpenAPI document of the publish API', () => {
  it('is OpenAPI 3.1.0 and points at the site', () => {
    expect(at(doc)).toMatchObject({ openapi: '3.1.0', servers: [{ url: 'https://news.example.com' }] })
    expect(at(doc, 'info').title).toContain('Example News')
  })

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('describes every route of the publish API, and the OPTIONS each path answers', () => {
    const paths = at(doc, 'paths')
    expect(Object.keys(paths).sort()).toEqual([
      '/api/article-batches',
      '/api/articles',
      '/api/articles/{slug}',
      '/api/authors/{slug}',
      '/api/openapi.json',
      '/api/subscribers',
    ])
    expect(Object.keys(at(paths, '/api/article-batches')).sort()).toEqual(['options', 'post'])
    expect(Object.keys(at(paths, '/api/articles')).sort()).toEqual(['get', 'options', 'post'])
    expect(Object.keys(at(paths, '/api/articles/{slug}')).sort()).toEqual(['delete', 'get', 'options', 'put'])
    expect(Object.keys(at(paths, '/api/authors/{slug}')).sort()).toEqual(['get', 'options', 'put'])
    expect(Object.keys(at(paths, '/api/openapi.json')).sort()).toEqual(['get', 'options'])
    expect(Object.keys(at(paths, '/api/subscribers')).sort()).toEqual(['get', 'options'])
    expect(at(paths, '/api/articles', 'options', 'responses', '204', 'headers')).toEqual({
      Allow: { $ref: '#/components/headers/Allow' },
    })
  })

  it('secures the API with a bearer token', () => {
    expect(at(doc, 'components', 'securitySchemes', 'bearerAuth')).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    })
    expect(at(doc).security).toEqual([{ bearerAuth: [] }])
  })

  it('takes the article input schema for request bodies, requiring title and content', () => {
    const post = at(doc, 'paths', '/api/articles', 'post')
    expect(at(post, 'requestBody', 'content', 'application/json', 'schema')).toEqual({
      $ref: '#/components/schemas/ArticleInput',
    })
    const input = at(doc, 'components', 'schemas', 'ArticleInput')
    expect(input.required).toEqual(['title', 'content'])
    expect(input.additionalProperties).toBe(false)
    expect(at(input, 'properties', 'status')).toMatchObject({
      enum: ['draft', 'published'],
      default: 'draft',
    })
    expect(at(input, 'properties', 'title').description).toEqual(expect.any(String))
    expect(at(input, 'properties', 'publishedAt')).toMatchObject({ type: 'string', format: 'date-time' })
    expect(input).not.toHaveProperty('$schema')
  })

  it('describes the article response with its server-assigned fields', () => {
    const article = at(doc, 'components', 'schemas', 'Article')
    expect(article.required).toEqual(
      expect.arrayContaining(['id', 'slug', 'url', 'contentHtml', 'createdAt', 'updatedAt', 'version']),
    )
    const created = at(doc, 'paths', '/api/articles', 'post', 'responses', '201')
    expect(at(created, 'headers')).toEqual({
      ETag: { $ref: '#/components/headers/ETag' },
      Location: { $ref: '#/components/headers/Location' },
    })
  })

  it('answers errors with an RFC 9457 problem', () => {
    const problem = at(doc, 'components', 'schemas', 'Problem')
    expect(Object.keys(at(problem, 'properties')).sort()).toEqual([
      'detail',
      'errors',
      'instance',
      'status',
      'title',
      'type',
    ])
    for (const status of ['400', '401', '404', '405', '409', '410', '412', '413', '415', '500', '503']) {
      expect(at(doc, 'components', 'responses', `Problem${status}`, 'content')).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      })
    }
    expect(at(doc, 'paths', '/api/articles/{slug}', 'put', 'responses', '412')).toEqual({
      $ref: '#/components/responses/Problem412',
    })
    expect(at(doc, 'components', 'responses', 'Problem405', 'headers')).toEqual({
      Allow: { $ref: '#/components/headers/Allow' },
    })
  })

  it('declares 410 where a deleted article answers it: GET and DELETE', () => {
    for (const method of ['get', 'delete']) {
      expect(at(doc, 'paths', '/api/articles/{slug}', method, 'responses', '410')).toEqual({
        $ref: '#/components/responses/Problem410',
      })
    }
  })

  it('takes If-Match and If-None-Match on PUT and DELETE', () => {
    for (const method of ['put', 'delete']) {
      const parameters = at(doc, 'paths', '/api/articles/{slug}', method).parameters
      expect(parameters).toContainEqual({ $ref: '#/components/parameters/IfMatch' })
      expect(parameters).toContainEqual({ $ref: '#/components/parameters/IfNoneMatch' })
    }
    expect(at(doc, 'components', 'parameters', 'IfMatch')).toMatchObject({ name: 'If-Match', in: 'header' })
    expect(at(doc, 'components', 'parameters', 'IfNoneMatch')).toMatchObject({
      name: 'If-None-Match',
      in: 'header',
    })
  })

  it('declares the list parameters as the route checks them: limit a whole number from 1 to 100', () => {
    const parameters = at(doc, 'paths', '/api/articles', 'get').parameters
    expect(parameters).toContainEqual(
      expect.objectContaining({
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 20 }),
      }),
    )
    expect(parameters).toContainEqual(
      expect.objectContaining({
        name: 'status',
        schema: expect.objectContaining({ enum: ['draft', 'published'] }),
      }),
    )
  })

  it('has no dangling $ref', () => {
    for (const ref of refs(doc)) {
      const keys = ref.replace(/^#\//, '').split('/')
      expect(() => at(doc, ...keys), ref).not.toThrow()
    }
  })

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc)
  })
})

describe('undeclaredAnswer, the check every publish-app test request goes through', () => {
  const answer = (status: number, headers: Record<string, string> = {}) =>
    new Response(status === 204 ? null : '{}', { status, headers })

  it('passes a status the route declares, and HEAD as GET', () => {
    expect(undeclaredAnswer(doc, 'GET', '/api/articles/some-slug', answer(410))).toBeUndefined()
    expect(undeclaredAnswer(doc, 'HEAD', '/api/articles?limit=3', answer(200))).toBeUndefined()
  })

  it('names a status the route does not declare', () => {
    expect(undeclaredAnswer(doc, 'GET', '/api/articles/some-slug', answer(409))).toMatch(/409.*not declare/)
    expect(undeclaredAnswer(doc, 'POST', '/api/articles', answer(412))).toMatch(/412/)
  })

  it('wants 405 with the declared methods in Allow for a method the path does not declare', () => {
    const allow = { Allow: 'GET, HEAD, POST, OPTIONS' }
    expect(undeclaredAnswer(doc, 'PATCH', '/api/articles', answer(405, allow))).toBeUndefined()
    expect(undeclaredAnswer(doc, 'PATCH', '/api/articles', answer(404))).toMatch(/instead of 405/)
    expect(undeclaredAnswer(doc, 'PATCH', '/api/articles', answer(405, { Allow: 'GET, POST' }))).toMatch(
      /Allow/,
    )
  })
})
