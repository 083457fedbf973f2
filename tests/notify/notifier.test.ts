import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { createNotifier, type Notifier } from '../../lib/notify/notifier.ts'
import { signWebhook } from '../../lib/notify/sign-webhook.ts'
import { makeArticle } from '../support/make-article.ts'
import { recordingLogger } from '../support/recording-logger.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'

const site = {
  url: 'https://news.example.com',
  title: 'News',
  description: 'd',
  language: 'en',
  author: 'Desk',
}
const secret = `whsec_${randomBytes(32).toString('base64')}`

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close()
})

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver()
  open.push(r)
  return r
}

function notifier(options: Partial<Parameters<typeof createNotifier>[0]>): Notifier {
  const n = createNotifier({
    site,
    websubHubs: [],
    webhookUrls: [],
    logger: recordingLogger().logger,
    retryDelaysMs: [10, 20, 30],
    ...options,
  })
  open.push(n)
  return n
}

const event = (type: 'article.published' | 'article.updated' | 'article.deleted') => ({
  type,
  article: makeArticle({ slug: 'harbour', title: 'Harbour reopens' }),
  timestamp: '2025-03-11T10:00:00.000Z',
  key: `urn:uuid:1#2#${type}`,
})

describe('the notifier', () => {
  it('pings a hub with one form POST naming every feed', async () => {
    const hub = await receiver()
    await notifier({ websubHubs: [hub.url] }).announce({
      feedUrls: [`${site.url}/rss.xml`, `${site.url}/categories/caf%C3%A9/feed.json`],
      events: [],
    })
    expect(hub.received).toHaveLength(1)
    const [ping] = hub.received
    expect(ping?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = new URLSearchParams(ping?.body)
    expect(form.get('hub.mode')).toBe('publish')
    expect(form.getAll('hub.url')).toEqual([
      `${site.url}/rss.xml`,
      `${site.url}/categories/caf%C3%A9/feed.json`,
    ])
  })

  it('signs each webhook so that the standardwebhooks package verifies it, and a wrong secret does not', async () => {
    const endpoint = await receiver()
    await notifier({ webhookUrls: [endpoint.url], webhookSecret: secret }).announce({
      feedUrls: [],
      events: [event('article.updated')],
    })
    const [hook] = endpoint.received
    const headers = {
      'webhook-id': String(hook?.headers['webhook-id']),
      'webhook-timestamp': String(hook?.headers['webhook-timestamp']),
      'webhook-signature': String(hook?.headers['webhook-signature']),
    }
    expect(new Webhook(secret).verify(hook?.body ?? '', headers)).toMatchObject({
      type: 'article.updated',
      timestamp: '2025-03-11T10:00:00.000Z',
      data: { slug: 'harbour', title: 'Harbour reopens', url: `${site.url}/articles/harbour` },
    })
    const other = `whsec_${randomBytes(32).toString('base64')}`
    expect(() => new Webhook(other).verify(hook?.body ?? '', headers)).toThrow()
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60)
  })

  it('asks a secret function at each announcement, so a rotated secret signs the next batch', async () => {
    const endpoint = await receiver()
    const rotated = `whsec_${randomBytes(32).toString('base64')}`
    let current = secret
    let reads = 0
    const n = notifier({
      webhookUrls: [endpoint.url],
      webhookSecret: async () => {
        reads += 1
        return current
      },
    })
    await n.announce({ feedUrls: [], events: [event('article.updated')] })
    current = rotated
    await n.announce({ feedUrls: [], events: [event('article.deleted')] })
    expect(reads).toBe(2)
    const [first, second] = endpoint.received.map((hook) => ({
      body: hook.body,
      headers: {
        'webhook-id': String(hook.headers['webhook-id']),
        'webhook-timestamp': String(hook.headers['webhook-timestamp']),
        'webhook-signature': String(hook.headers['webhook-signature']),
      },
    }))
    expect(new Webhook(secret).verify(first?.body ?? '', first?.headers ?? {})).toMatchObject({
      type: 'article.updated',
    })
    expect(new Webhook(rotated).verify(second?.body ?? '', second?.headers ?? {})).toMatchObject({
      type: 'article.deleted',
    })
    expect(() => new Webhook(secret).verify(second?.body ?? '', second?.headers ?? {})).toThrow()
  })

  it('sends nothing and rejects when the secret function cannot answer, so the batch is retried', async () => {
    const endpoint = await receiver()
    const n = notifier({
      webhookUrls: [endpoint.url],
      webhookSecret: () => Promise.reject(new Error('Secrets Manager unreachable')),
    })
    await expect(n.announce({ feedUrls: [], events: [event('article.updated')] })).rejects.toThrow(
      'Secrets Manager unreachable',
    )
    expect(endpoint.received).toHaveLength(0)
  })

  it('matches the signature of the specification’s worked example', () => {
    // From the Standard Webhooks specification's example (key, id, timestamp and body as published there).
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('retries a 500 and a 429 until the endpoint answers 2xx, with the same webhook id and a fresh signature each time', async () => {
    const endpoint = await receiver()
    endpoint.answerWith([500, 500, 429, 202])
    const log = recordingLogger()
    await notifier({
      webhookUrls: [endpoint.url],
      webhookSecret: secret,
      logger: log.logger,
      retryDelaysMs: [10, 10, 10],
    }).announce({ feedUrls: [], events: [event('article.published')] })
    expect(endpoint.received).toHaveLength(4)
    expect(new Set(endpoint.received.map((h) => h.headers['webhook-id'])).size).toBe(1)
    for (const hook of endpoint.received) {
      expect(() =>
        new Webhook(secret).verify(hook.body, {
          'webhook-id': String(hook.headers['webhook-id']),
          'webhook-timestamp': String(hook.headers['webhook-timestamp']),
          'webhook-signature': String(hook.headers['webhook-signature']),
        }),
      ).not.toThrow()
    }
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(3)
    expect(log.lines.at(-1)).toMatchObject({
      message: 'notify: delivered',
      fields: { attempts: 4, status: 202 },
    })
  })

  it('gives up at once on a 4xx other than 408 and 429, and on a redirect, which it does not follow', async () => {
    const endpoint = await receiver()
    endpoint.answerWith(410)
    const log = recordingLogger()
    await notifier({ websubHubs: [endpoint.url], logger: log.logger }).announce({
      feedUrls: [`${site.url}/rss.xml`],
      events: [],
    })
    expect(endpoint.received).toHaveLength(1)

    const target = await receiver()
    const redirecting = createServer((_request, response) => {
      response.writeHead(307, { Location: target.url }).end()
    })
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve))
    open.push({ close: () => new Promise<void>((resolve) => redirecting.close(() => resolve())) })
    const redirectUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/hook?key=private`
    await notifier({ websubHubs: [redirectUrl], logger: log.logger }).announce({
      feedUrls: [`${site.url}/rss.xml`],
      events: [],
    })
    expect(target.received).toHaveLength(0)
    const failures = log.lines.filter((l) => l.message === 'notify: delivery failed')
    expect(failures.map((f) => [f.fields.problem, f.fields.attempts])).toEqual([
      ['HTTP 410', 1],
      ['HTTP 307', 1],
    ])
    // The log names where, never a query that may hold a token.
    expect(JSON.stringify(log.lines)).not.toContain('key=private')
  })

  it('logs a delivery as failed after the last retry, and stops retrying when closed', async () => {
    const endpoint = await receiver()
    endpoint.answerWith(503)
    const log = recordingLogger()
    await notifier({ websubHubs: [endpoint.url], logger: log.logger, retryDelaysMs: [5, 5] }).announce({
      feedUrls: [`${site.url}/rss.xml`],
      events: [],
    })
    expect(endpoint.received).toHaveLength(3)
    expect(log.lines.at(-1)).toMatchObject({
      level: 'error',
      message: 'notify: delivery failed',
      fields: { attempts: 3, problem: 'HTTP 503' },
    })

    const slow = notifier({ websubHubs: [endpoint.url], logger: log.logger, retryDelaysMs: [60_000] })
    const sending = slow.announce({ feedUrls: [`${site.url}/rss.xml`], events: [] })
    await expect.poll(() => endpoint.received.length).toBe(4)
    await slow.close()
    await sending
    expect(endpoint.received).toHaveLength(4)
  })

  it('lets any number of deliveries wait to retry at once without a listener-leak warning', async () => {
    const endpoint = await receiver()
    endpoint.answerWith(503)
    const warnings: Error[] = []
    const warned = (warning: Error) => warnings.push(warning)
    process.on('warning', warned)
    try {
      const slow = notifier({
        webhookUrls: [endpoint.url],
        webhookSecret: secret,
        retryDelaysMs: [60_000],
      })
      const events = Array.from({ length: 12 }, (_, n) => ({ ...event('article.updated'), key: `k${n}` }))
      const sending = slow.announce({ feedUrls: [], events })
      await expect.poll(() => endpoint.received.length).toBe(12)
      // Node emits the warning on the next tick after the eleventh listener.
      await new Promise((resolve) => setImmediate(resolve))
      await slow.close()
      await sending
    } finally {
      process.off('warning', warned)
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning')
  })
})
