import { describe, expect, it } from 'vitest'
import { articleBody, problemOf, type Send, token, usePublishApi } from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

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
    const other = 'another-token-of-32-characters-xy'
    const { app } = await newApi({ tokens: async () => [token, other] })
    for (const t of [token, other]) {
      const res = await app.request('/api/articles', { headers: { Authorization: `Bearer ${t}` } })
      expect(res.status).toBe(200)
    }
    const res = await app.request('/api/articles', { headers: { Authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
  })
})
