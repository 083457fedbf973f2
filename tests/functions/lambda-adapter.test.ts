import { randomBytes } from 'node:crypto'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { Hono } from 'hono'
import { handle, type LambdaEvent } from 'hono/aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { toLambdaHandler } from '../../functions/lambda-adapter.ts'
import type { AppEnv } from '../../lib/http/app-base.ts'
import { Representation, sendRepresentation } from '../../lib/http/representation.ts'
import { functionUrlEvent } from '../support/function-url-event.ts'

const feedText = `<rss>${'<item>café ✓ news</item>'.repeat(400)}</rss>`
const compressed = new Uint8Array(brotliCompressSync(feedText))
const binary = new Uint8Array(randomBytes(3000))

/** An app answering each kind of response the public app sends, and one it never does (a cookie). */
function makeApp() {
  const app = new Hono<AppEnv>()
  app.get('/br', (c) =>
    c.body(compressed, 200, {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      'Content-Encoding': 'br',
      ETag: '"abc-br"',
    }),
  )
  app.get('/plain', (c) => c.body(feedText, 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }))
  app.get('/binary', (c) => c.body(binary, 200, { 'Content-Type': 'image/png' }))
  app.get('/not-modified', () => new Response(null, { status: 304, headers: { ETag: '"abc"' } }))
  app.get('/cookie', (c) => c.text('hi', 200, { 'Set-Cookie': 'a=1; Secure' }))
  return app
}

/** A Function URL event (payload 2.0) with a query string, asking for compression. */
function event(path: string, method = 'GET'): LambdaEvent {
  return functionUrlEvent(path, { 'accept-encoding': 'br,gzip' }, method, { before: 'x' })
}

describe('toLambdaHandler', () => {
  it.each(['/br', '/plain', '/binary', '/not-modified', '/cookie', '/missing'])(
    'answers %s exactly as hono/aws-lambda does',
    async (path) => {
      const app = makeApp()
      expect(await toLambdaHandler(app)(event(path))).toEqual(await handle(app)(event(path)))
    },
  )

  it('answers HEAD of a compressed body exactly as hono/aws-lambda does', async () => {
    const app = makeApp()
    expect(await toLambdaHandler(app)(event('/br', 'HEAD'))).toEqual(await handle(app)(event('/br', 'HEAD')))
  })

  it('sends a compressed body as its bytes in base64, marked so', async () => {
    const result = await toLambdaHandler(makeApp())(event('/br'))
    expect(result.isBase64Encoded).toBe(true)
    expect(result.headers?.['content-encoding']).toBe('br')
    expect(brotliDecompressSync(Buffer.from(result.body, 'base64')).toString('utf8')).toBe(feedText)
  })

  it('keeps each invocation’s body to itself when one handler answers many events', async () => {
    const handler = toLambdaHandler(makeApp())
    const [first, second, plain] = await Promise.all([
      handler(event('/br')),
      handler(event('/binary')),
      handler(event('/plain')),
    ])
    expect(Buffer.from(first?.body ?? '', 'base64')).toEqual(Buffer.from(compressed))
    expect(Buffer.from(second?.body ?? '', 'base64')).toEqual(Buffer.from(binary))
    expect(plain?.body).toBe(feedText)
  })

  it('sends a cached representation’s compressed body as the base64 it keeps, the text hono/aws-lambda sends', async () => {
    const rep = new Representation(feedText, 'application/rss+xml; charset=utf-8')
    const app = new Hono<AppEnv>()
    app.get('/feed', (c) => sendRepresentation(c, rep, 200, {}))
    const base64 = vi.spyOn(rep, 'base64')
    const handler = toLambdaHandler(app)
    const [first, second] = [await handler(event('/feed')), await handler(event('/feed'))]
    const reference = await handle(app)(event('/feed'))
    expect(first).toEqual(reference)
    expect(second).toEqual(reference)
    // Taken from the representation on each invocation (encoded there once), not read from the response.
    expect(base64.mock.calls).toEqual([['br'], ['br']])
  })
})
