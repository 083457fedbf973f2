import { afterEach, describe, expect, it } from 'vitest'
import { boundedFetch, ResponseTooLargeError } from '../../lib/net/bounded-fetch.ts'
import { silentNotifyLogger } from '../../lib/notify/notify-logger.ts'
import { maxAnswerBytes, postWithRetry } from '../../lib/notify/post-with-retry.ts'
import { type HostileAnswer, type HostileServer, startHostileServer } from '../support/hostile-server.ts'

/*
 * Issue 19.2: a hub or webhook receiver that answers with an endless body, or stalls after its
 * headers, costs a few KB and one attempt's deadline, never gigabytes or a hung delivery.
 */

const servers: HostileServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function hostile(answer: HostileAnswer, status = 200): Promise<HostileServer> {
  const server = await startHostileServer(answer, status)
  servers.push(server)
  return server
}

const retry = (attemptTimeoutMs: number) => ({
  delaysMs: [],
  attemptTimeoutMs,
  signal: new AbortController().signal,
  logger: silentNotifyLogger,
  fetch,
})

describe('deliveries to receivers that answer without end', () => {
  it('reads a few KB of an endless 2xx answer, hangs up, and counts it delivered', async () => {
    const server = await hostile('endless')
    const outcome = await postWithRetry(
      { kind: 'webhook', url: server.url, request: () => ({ body: '{}' }) },
      retry(30_000),
    )
    expect(outcome).toEqual({ delivered: true, attempts: 1 })
    await server.hungUp()
    // Socket buffers hold a few MB at most; the old full read took gigabytes until the deadline.
    expect(server.sent()).toBeLessThan(32 * 1024 * 1024)
  }, 60_000)

  it('reads a few KB of an endless 5xx answer and fails the attempt on its status', async () => {
    const server = await hostile('endless', 503)
    const outcome = await postWithRetry(
      { kind: 'websub', url: server.url, request: () => ({ body: 'hub.mode=publish' }) },
      retry(30_000),
    )
    expect(outcome).toEqual({ delivered: false, attempts: 1 })
    await server.hungUp()
    expect(server.sent()).toBeLessThan(32 * 1024 * 1024)
  }, 60_000)

  it('ends an answer that stalls after its headers at the attempt deadline', async () => {
    const server = await hostile('stall-after-headers', 503)
    const started = Date.now()
    const outcome = await postWithRetry(
      { kind: 'webhook', url: server.url, request: () => ({ body: '{}' }) },
      retry(500),
    )
    expect(outcome.delivered).toBe(false)
    await server.hungUp()
    // Generous: the point is that it ends, not when; the old read waited for the body forever.
    expect(Date.now() - started).toBeLessThan(20_000)
  }, 60_000)
})

describe('boundedFetch', () => {
  it(`keeps at most maxBytes (${maxAnswerBytes}) of a glanced-at answer`, async () => {
    const server = await hostile('endless')
    const res = await boundedFetch(
      server.url,
      {},
      { timeoutMs: 30_000, maxBytes: maxAnswerBytes, beyond: 'truncate' },
    )
    expect(res.status).toBe(200)
    expect(res.truncated).toBe(true)
    expect(res.body.byteLength).toBe(maxAnswerBytes)
    await server.hungUp()
  }, 60_000)

  it('refuses an endless body past maxBytes, and a declared Content-Length past it before reading', async () => {
    const endless = await hostile('endless')
    await expect(
      boundedFetch(endless.url, {}, { timeoutMs: 30_000, maxBytes: 1024 * 1024, beyond: 'refuse' }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError)
    await endless.hungUp()
    const declared = await hostile('declared-huge')
    await expect(
      boundedFetch(declared.url, {}, { timeoutMs: 30_000, maxBytes: 1024 * 1024, beyond: 'refuse' }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError)
  }, 60_000)

  it('lets one deadline cover the body: a stall after the headers ends in a TimeoutError', async () => {
    const server = await hostile('stall-after-headers')
    await expect(
      boundedFetch(server.url, {}, { timeoutMs: 500, maxBytes: 1024, beyond: 'refuse' }),
    ).rejects.toMatchObject({ name: 'TimeoutError' })
    await server.hungUp()
  }, 60_000)
})
