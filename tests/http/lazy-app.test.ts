import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { ConflictError } from '../../lib/articles/errors.ts'
import { type AppEnv, createBaseApp } from '../../lib/http/app-base.ts'
import { lazyApp } from '../../lib/http/lazy-app.ts'

/* A route group built on its first request answers as if it had been mounted at start. */

function outerWith(load: () => Promise<Hono>) {
  const app = createBaseApp(undefined, { notFoundCacheControl: 'no-store' })
  app.use(async (c, next) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Set-Before', 'outer')
    await next()
    c.res.headers.set('X-Outer', 'ran')
  })
  const group = lazyApp(load)
  app.all('/group', group)
  app.all('/group/*', group)
  return app
}

function group(): Hono {
  const inner = new Hono()
  inner.get('/group/hello', (c) => c.text('hello', 200, { 'X-Set-Before': 'group' }))
  inner.get('/group/conflict', () => {
    throw new ConflictError('taken')
  })
  inner.get('/group/missing', (c) => c.notFound())
  inner.post('/group/echo', async (c) => c.text(await c.req.text()))
  return inner
}

describe('a lazily built route group', () => {
  it('is built once, on the first request to it, however many requests race for it', async () => {
    let loads = 0
    const app: Hono<AppEnv> = outerWith(async () => {
      loads += 1
      return group()
    })
    await app.request('/elsewhere')
    expect(loads).toBe(0)
    const answers = await Promise.all([1, 2, 3].map(() => app.request('/group/hello')))
    expect(await Promise.all(answers.map((res) => res.text()))).toEqual(['hello', 'hello', 'hello'])
    expect(answers[0]?.headers.get('x-outer')).toBe('ran')
    // What the outer middleware set before the group answered stays, unless the group set it too.
    expect(answers[0]?.headers.get('cache-control')).toBe('no-store')
    expect(answers[0]?.headers.get('x-set-before')).toBe('group')
    const echoed = await app.request('/group/echo', { method: 'POST', body: 'a body' })
    expect(await echoed.text()).toBe('a body')
    expect(loads).toBe(1)
  })

  it("hands its errors to the outer app's onError: problem JSON, not Hono's default 500", async () => {
    const res = await outerWith(async () => group()).request('/group/conflict')
    expect(res.status).toBe(409)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ status: 409, detail: 'taken' })
  })

  it("answers what it does not route, and its own c.notFound(), with the outer app's 404", async () => {
    const app = outerWith(async () => group())
    for (const path of ['/group/unknown', '/group/missing', '/group']) {
      const res = await app.request(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.json()).toMatchObject({ status: 404, detail: `Nothing lives at ${path}.` })
    }
  })

  it('tries the load again after it failed, answering the failure as a 500 problem', async () => {
    let loads = 0
    const app = outerWith(async () => {
      loads += 1
      if (loads === 1) throw new Error('chunk unreadable')
      return group()
    })
    const failed = await app.request('/group/hello')
    expect(failed.status).toBe(500)
    expect(failed.headers.get('content-type')).toBe('application/problem+json')
    expect(await (await app.request('/group/hello')).text()).toBe('hello')
    expect(loads).toBe(2)
  })
})
