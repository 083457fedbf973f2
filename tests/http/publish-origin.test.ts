import { describe, expect, it } from 'vitest'
import { UnavailableError } from '../../lib/articles/errors.ts'
import type { PublishAppDeps } from '../../lib/http/app-deps.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { undeclaredAnswer } from '../support/declared-statuses.ts'
import { useDynalite } from '../support/dynalite.ts'
import { site } from '../support/public-app-harness.ts'
import { token } from '../support/publish-api-harness.ts'

const originSecret = 'origin-secret-0123456789abcdefghij'

const dynamo = useDynalite()

async function publishApp(extra: { originVerify?: PublishAppDeps['originVerify'] | null } = {}) {
  const store = createDynamoArticleStore({ client: dynamo().client, tableName: await dynamo().createTable() })
  let tokenReads = 0
  const app = createPublishApp({
    store,
    clock: () => new Date('2025-03-12T12:00:00Z'),
    site,
    tokens: () => {
      tokenReads += 1
      return [token]
    },
    ...(extra.originVerify === null
      ? {}
      : {
          originVerify: extra.originVerify ?? {
            header: 'X-Origin-Verify',
            value: () => Promise.resolve(originSecret),
          },
        }),
  })
  return { app, tokenReads: () => tokenReads }
}

const post = (headers: Record<string, string>) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ title: 'Through CloudFront', content: '<p>Hello.</p>', status: 'published' }),
})

/** The document the app serves (asked with the origin header), to hold the 403 against. */
let document: Parameters<typeof undeclaredAnswer>[0] | undefined

async function expectForbidden(response: Response, method = 'POST', path = '/api/articles') {
  document ??= (await (
    await (
      await publishApp()
    ).app.request('/api/openapi.json', { headers: { 'x-origin-verify': originSecret } })
  ).json()) as Parameters<typeof undeclaredAnswer>[0]
  expect(undeclaredAnswer(document, method, path, response.clone())).toBeUndefined()
  expect(response.status).toBe(403)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  const problem = (await response.json()) as { status: number; title: string; detail: string }
  expect(problem).toMatchObject({ status: 403, title: 'Forbidden' })
  expect(problem.detail).not.toContain(originSecret)
}

describe('the publish app behind CloudFront (originVerify)', () => {
  it('answers 403 problem JSON to a request without the origin header, before it looks at the token', async () => {
    const { app, tokenReads } = await publishApp()
    await expectForbidden(await app.request('/api/articles', post({})))
    await expectForbidden(await app.request('/api/openapi.json'), 'GET', '/api/openapi.json')
    expect(tokenReads()).toBe(0)
  })

  it('answers 403 to a wrong origin header value, however close', async () => {
    const { app } = await publishApp()
    for (const value of ['', originSecret.slice(0, -1), `${originSecret}x`, originSecret.toUpperCase()]) {
      await expectForbidden(await app.request('/api/articles', post({ 'x-origin-verify': value })))
    }
  })

  it('lets a request with the header through to the token check and the route', async () => {
    const { app } = await publishApp()
    const created = await app.request('/api/articles', post({ 'x-origin-verify': originSecret }))
    expect(created.status).toBe(201)
    const noToken = await app.request('/api/articles', {
      headers: { 'x-origin-verify': originSecret },
    })
    expect(noToken.status).toBe(401)
  })

  it('answers 503 with Retry-After, not 500, when the origin secret cannot be read', async () => {
    const { app } = await publishApp({
      originVerify: {
        header: 'X-Origin-Verify',
        value: () => Promise.reject(new UnavailableError('the origin secret could not be read')),
      },
    })
    const response = await app.request('/api/articles', post({ 'x-origin-verify': originSecret }))
    expect(response.status).toBe(503)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('needs no header without the option, as under npm start', async () => {
    const { app } = await publishApp({ originVerify: null })
    expect((await app.request('/api/articles', post({}))).status).toBe(201)
  })
})
