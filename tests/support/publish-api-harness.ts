import { expect } from 'vitest'
import type { toArticleResource } from '../../lib/http/article-resource.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import type { Site } from '../../lib/site.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { undeclaredAnswer } from './declared-statuses.ts'
import { type EmbeddedDynamo, useDynalite } from './dynalite.ts'

/** The bearer token every publish app of these suites accepts. */
export const token = 'a-token-of-32-characters-abcdefgh'

export const site: Site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'The news, as it is published.',
  language: 'en',
  author: 'Newsroom Desk',
}

/** Where a publish app's clock starts. */
export const start = new Date('2025-03-12T12:00:00.000Z')

export type ArticleJson = ReturnType<typeof toArticleResource>

export interface ProblemJson {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: { path: string; message: string }[]
}

/** The ETag of an article at `version`: the version, then a digest of the article's id. */
export function revisionTag(version: number): RegExp {
  return new RegExp(`^"${version}-[A-Za-z0-9_-]{16}"$`)
}

/** What a stack trace or an internal location looks like in a body. */
export const internals = /\n\s+at\s|\bat [\w.<>]+ \(|\.ts:\d+|node_modules|file:\/\//

export interface Send {
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

/**
 * `send(method, path, body?, headers?)` to `app` with the bearer token, as a publisher's client
 * sends: a string body goes as it is, anything else as JSON; no check on the answer.
 */
export function bearerSend(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  bearer = token,
) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    })
}

/** The OpenAPI document `app` serves, which every answer in these tests must keep to. */
export async function documentOf(app: { request: (path: string) => Response | Promise<Response> }) {
  const doc: unknown = await (await app.request('/api/openapi.json')).json()
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('no OpenAPI document')
  return Object.fromEntries(Object.entries(doc))
}

/** What `createPublishApp` takes. */
type PublishAppDeps = Parameters<typeof createPublishApp>[0]

export type PublishApi = Awaited<ReturnType<typeof newPublishApi>>

/** A publish app on a fresh table of `dynamo`, with a clock the test moves. */
async function newPublishApi(dynamo: EmbeddedDynamo, deps: Partial<PublishAppDeps> = {}) {
  const tableName = await dynamo.createTable()
  const store = createDynamoArticleStore({ client: dynamo.client, tableName })
  let now = start
  const logged: unknown[] = []
  const app = createPublishApp({
    store,
    clock: () => now,
    site,
    tokens: () => [token],
    logger: { request: () => {}, error: (error) => logged.push(error) },
    ...deps,
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
    doc,
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

/**
 * The hooks a publish-API suite needs: one dynalite for the file (`useDynalite`). Call at the top of
 * a test file; `newApi()` gives a test a publish app on a table of its own, which checks every
 * answer (no 5xx, nothing logged, no internals, only declared statuses); `deps` replace the app's.
 */
export function usePublishApi(): {
  newApi(deps?: Partial<PublishAppDeps>): Promise<PublishApi>
  dynamo(): EmbeddedDynamo
} {
  const dynamo = useDynalite()
  return { newApi: (deps) => newPublishApi(dynamo(), deps), dynamo }
}

export async function articleOf(res: Response): Promise<ArticleJson> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return (await res.json()) as ArticleJson
}

/** Asserts an RFC 9457 problem response with `status`, and returns its body. */
export async function problemOf(res: Response, status: number): Promise<ProblemJson> {
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
export async function invalidField(res: Response, path: string): Promise<ProblemJson> {
  const problem = await problemOf(res, 400)
  expect(problem.errors?.map((e) => e.path)).toContain(path)
  for (const error of problem.errors ?? []) expect(error.message).not.toBe('')
  return problem
}

let sequence = 0

/** A valid article body; each call gets its own title, hence its own derived slug. */
export function articleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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
