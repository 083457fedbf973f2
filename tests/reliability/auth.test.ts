import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  listAllArticles,
  startTestStack,
  type TestStack,
  token,
} from '../support/reliability-support.ts'

/** Authorization headers that must all be refused; `undefined` sends none. */
const refused: readonly (readonly [string, string | undefined])[] = [
  ['missing', undefined],
  ['empty', ''],
  ['empty bearer', 'Bearer '],
  ['bearer without a space', `Bearer${token}`],
  ['wrong token', 'Bearer reliability-Token-0123456789abcdeX'],
  ['oversized (8 KB)', `Bearer ${token}${'a'.repeat(8 * 1024)}`],
  ['oversized (15 KB, under Node’s 16 KB header limit)', `Bearer ${token}${'a'.repeat(15 * 1024)}`],
  ['oversized (16 KB)', `Bearer ${'a'.repeat(16 * 1024)}`],
  ['token upper-cased', `Bearer ${token.toUpperCase()}`],
  ['token lower-cased', `Bearer ${token.toLowerCase()}`],
  ['Basic scheme', `Basic ${Buffer.from(`publisher:${token}`).toString('base64')}`],
  ['Basic scheme with the raw token', `Basic ${token}`],
  ['token as the scheme', token],
  ['token with a suffix', `Bearer ${token}x`],
  ['token with a prefix', `Bearer x${token}`],
  ['token with a second word', `Bearer ${token} extra`],
  ['token twice', `Bearer ${token},${token}`],
  ['token in quotes', `Bearer "${token}"`],
  ['a prefix before the scheme', `xBearer ${token}`],
  ['token truncated', `Bearer ${token.slice(0, -1)}`],
  ['token base64-encoded', `Bearer ${Buffer.from(token).toString('base64')}`],
]

const routes = [
  { method: 'POST', path: '/api/articles', body: true },
  { method: 'PUT', path: '/api/articles/x', body: true },
  { method: 'PUT', path: '/api/articles/guarded', body: true },
  { method: 'DELETE', path: '/api/articles/x', body: false },
  { method: 'DELETE', path: '/api/articles/guarded', body: false },
  { method: 'GET', path: '/api/articles', body: false },
  { method: 'GET', path: '/api/articles/guarded', body: false },
] as const

const input = {
  title: 'Written without a valid token',
  content: '<p>Must never be stored.</p>',
  status: 'published',
}

describe('the publish API refuses every request without the right bearer token', () => {
  let stack: TestStack
  let before: string

  beforeAll(async () => {
    stack = await startTestStack()
    const guarded = await api(stack, 'PUT', '/api/articles/guarded', {
      title: 'Guarded',
      content: '<p>Only the right token may change or delete this.</p>',
      status: 'published',
    })
    expect(guarded.status).toBe(201)
    before = JSON.stringify(await listAllArticles(stack))
  })

  afterAll(async () => {
    await stack?.close()
  })

  it.each(refused)('refuses a %s Authorization header on every route', async (_name, authorization) => {
    for (const route of routes) {
      const headers: Record<string, string> = {}
      if (authorization !== undefined) headers.authorization = authorization
      if (route.body) headers['content-type'] = 'application/json'
      const response = await fetch(`${stack.url}${route.path}`, {
        method: route.method,
        headers,
        ...(route.body ? { body: JSON.stringify(input) } : {}),
      })
      const what = `${route.method} ${route.path}`
      const text = await response.text()
      if (response.status === 431) {
        // Node's HTTP server turns away a request whose headers pass its 16 KB limit before the app
        // sees it: refused all the same, nothing written.
        expect(authorization?.length ?? 0, what).toBeGreaterThan(8 * 1024)
        continue
      }
      expect(response.status, what).toBe(401)
      expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer /)
      expect(response.headers.get('content-type'), what).toMatch(/^application\/problem\+json/)
      expect(JSON.parse(text), what).toMatchObject({ status: 401 })
      expect(text, what).not.toContain(token)
    }
  })

  it('accepts the right token with the scheme in any case and wrote nothing for the refused ones', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const response = await fetch(`${stack.url}/api/articles`, {
        headers: { authorization: `${scheme} ${token}` },
      })
      expect(response.status, scheme).toBe(200)
    }
    expect(JSON.stringify(await listAllArticles(stack))).toBe(before)
    expect((await api(stack, 'GET', '/api/articles/written-without-a-valid-token')).status).toBe(404)
    expect((await api(stack, 'GET', '/api/articles/x')).status).toBe(404)
    expect((await fetch(`${stack.url}/articles/guarded`)).status).toBe(200)
    expect(stack.loggedErrors).toEqual([])
  })
})
