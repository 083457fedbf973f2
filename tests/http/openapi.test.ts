import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../lib/http/openapi.ts'

const site = { url: 'https://news.example.com', title: 'Example News' }

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

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument(site)

  it('is OpenAPI 3.1.0 and points at the site', () => {
    expect(at(doc)).toMatchObject({ openapi: '3.1.0', servers: [{ url: 'https://news.example.com' }] })
    expect(at(doc, 'info').title).toContain('Example News')
  })

  it('describes every route of the publish API', () => {
    const paths = at(doc, 'paths')
    expect(Object.keys(paths).sort()).toEqual(['/api/articles', '/api/articles/{slug}', '/api/openapi.json'])
    expect(Object.keys(at(paths, '/api/articles')).sort()).toEqual(['get', 'post'])
    expect(Object.keys(at(paths, '/api/articles/{slug}')).sort()).toEqual([
      'delete',
      'get',
      'parameters',
      'put',
    ])
    expect(Object.keys(at(paths, '/api/openapi.json'))).toEqual(['get'])
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
    for (const status of ['400', '401', '404', '409', '412', '413', '415', '503']) {
      expect(at(doc, 'components', 'responses', `Problem${status}`, 'content')).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      })
    }
    expect(at(doc, 'paths', '/api/articles/{slug}', 'put', 'responses', '412')).toEqual({
      $ref: '#/components/responses/Problem412',
    })
  })

  it('takes If-Match on PUT and DELETE', () => {
    for (const method of ['put', 'delete']) {
      expect(at(doc, 'paths', '/api/articles/{slug}', method).parameters).toEqual([
        { $ref: '#/components/parameters/IfMatch' },
      ])
    }
    expect(at(doc, 'components', 'parameters', 'IfMatch')).toMatchObject({ name: 'If-Match', in: 'header' })
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
