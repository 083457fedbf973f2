import { describe, expect, it } from 'vitest'
import { allowRoutedMethods, createBaseApp } from '../../lib/http/app-base.ts'

/** An app with two routes whose `Allow` table counts how often it reads `app.routes`. */
function countingApp() {
  const app = createBaseApp(undefined)
  app.get('/feed.xml', (c) => c.text('feed'))
  app.get('/items/:id', (c) => c.text(c.req.param('id')))
  app.post('/items/:id', (c) => c.text('posted'))
  let reads = 0
  const routes = app.routes
  Object.defineProperty(app, 'routes', {
    get() {
      reads += 1
      return routes
    },
  })
  allowRoutedMethods(app)
  return { app, reads: () => reads }
}

describe('the Allow table of allowRoutedMethods', () => {
  it('is not derived while the routes answer: a cold start and its first feed never walk the routes', async () => {
    const { app, reads } = countingApp()
    expect(reads()).toBe(0)
    expect((await app.request('/feed.xml')).status).toBe(200)
    expect((await app.request('/items/a', { method: 'POST' })).status).toBe(200)
    expect(reads()).toBe(0)
  })

  it('is derived once, on the first request no route answers, and answers 405 and OPTIONS from it', async () => {
    const { app, reads } = countingApp()
    const refused = await app.request('/feed.xml', { method: 'PUT' })
    expect(refused.status).toBe(405)
    expect(refused.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    const options = await app.request('/items/b', { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS')
    expect((await app.request('/nowhere')).status).toBe(404)
    expect(reads()).toBe(1)
  })
})
