import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStack } from '../../bin/local-stack.ts'
import { freePort } from '../support/free-port.ts'
import { stackApi as api, startStackOnFreePort } from '../support/local-stack-harness.ts'
import { recordingLogger } from '../support/recording-logger.ts'
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'
import {
  discover,
  startWebSubHub,
  startWebSubSubscriber,
  type WebSubHub,
  type WebSubSubscriber,
} from '../support/websub-hub.ts'

/**
 * `npm start`'s notifier end to end on loopback: the publish API, the in-process notifier, a WebSub
 * hub that fetches the feed and delivers it to a subscriber, and a webhook endpoint whose requests
 * are checked with the `standardwebhooks` package. The issue's deadline: a ping within 2 s.
 */

const deadlineMs = 2_000
const secret = `whsec_${randomBytes(32).toString('base64')}`

interface WebhookPayload {
  readonly type: string
  readonly timestamp: string
  readonly data: Record<string, unknown>
}

/** Verifies `hook` with the Standard Webhooks reference library; throws when the signature is wrong. */
function verified(hook: ReceivedWebhook): WebhookPayload {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(hook.headers))
    if (typeof value === 'string') headers[name] = value
  const payload = new Webhook(secret).verify(hook.body, headers)
  if (typeof payload !== 'object' || payload === null || !('type' in payload) || !('data' in payload)) {
    throw new Error(`not a webhook payload: ${hook.body.slice(0, 200)}`)
  }
  return JSON.parse(hook.body) as WebhookPayload
}

function isEvent(type: string, slug: string) {
  return (hook: ReceivedWebhook) => {
    const payload = JSON.parse(hook.body) as WebhookPayload
    return payload.type === type && payload.data.slug === slug
  }
}

const article = (title: string, categories: string[], extra: Record<string, unknown> = {}) => ({
  title,
  summary: 'A short standfirst.',
  content: `<p>${title}: the body.</p>`,
  categories,
  status: 'published',
  ...extra,
})

describe('instant delivery under npm start', () => {
  let hub: WebSubHub
  let subscriber: WebSubSubscriber
  let receiver: WebhookReceiver
  let stack: LocalStack
  let site: string
  const log = recordingLogger()

  beforeAll(async () => {
    ;[hub, subscriber, receiver] = await Promise.all([
      startWebSubHub(),
      startWebSubSubscriber(),
      startWebhookReceiver(),
    ])
    ;({ stack, site } = await startStackOnFreePort(
      { WEBSUB_HUBS: hub.url, WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: secret },
      { seed: false, notifyLogger: log.logger },
    ))
    // As a WebSub subscriber does: the hub and the topic URL come from the feed itself.
    const found = await discover(`${site}/rss.xml`)
    expect(found).toEqual({ hubs: [hub.url], topic: `${site}/rss.xml` })
    await subscriber.subscribe(found.hubs[0] ?? '', found.topic)
  })

  afterAll(async () => {
    await stack?.close()
    await Promise.all([hub?.close(), subscriber?.close(), receiver?.close()])
  })

  it('pings the hub within 2 s of a publish, naming every feed the article shows in, and the subscriber gets the new feed', async () => {
    const created = await api(stack, 'POST', '/api/articles', article('Harbour reopens', ['World', 'Ports']))
    expect(created.status).toBe(201)
    const answeredAt = performance.now()
    const { slug } = (await created.json()) as { slug: string }

    const ping = await hub.waitForPing(`${site}/categories/ports/rss.xml`, deadlineMs)
    expect(ping.receivedAt - answeredAt).toBeLessThan(deadlineMs)
    expect(ping.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect([...ping.urls].sort()).toEqual(
      // The author's feeds too: the API names the site's desk when the article names nobody.
      ['', '/categories/world', '/categories/ports', '/authors/newsroom-desk']
        .flatMap((scope) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${site}${scope}/${f}`))
        .sort(),
    )
    const delivered = await subscriber.waitForContent(
      `${site}/rss.xml`,
      (body) => body.includes('Harbour reopens'),
      5_000,
    )
    expect(delivered.contentType).toBe('application/rss+xml; charset=utf-8')
    expect(delivered.body).toContain(`${site}/articles/${slug}`)

    const hook = await receiver.waitFor(isEvent('article.published', slug), deadlineMs)
    const payload = verified(hook)
    expect(payload.data).toMatchObject({ slug, title: 'Harbour reopens', url: `${site}/articles/${slug}` })
    // The public article, never the source the publisher sent nor the editorial record.
    expect(payload.data).not.toHaveProperty('content')
    expect(payload.data).not.toHaveProperty('status')
    expect(hook.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]+$/)
  })

  it('pings for an update and a delete, and sends article.updated and article.deleted, each signed', async () => {
    const created = await api(stack, 'POST', '/api/articles', article('Bridge closed', ['Transport']))
    const { slug } = (await created.json()) as { slug: string }
    await receiver.waitFor(isEvent('article.published', slug), deadlineMs)
    const categoryFeed = `${site}/categories/transport/atom.xml`

    const pingsBefore = hub.pings.length
    const updated = await api(
      stack,
      'PUT',
      `/api/articles/${slug}`,
      article('Bridge reopened', ['Transport']),
    )
    expect(updated.status).toBe(200)
    const updatedAt = performance.now()
    const updateHook = await receiver.waitFor(isEvent('article.updated', slug), deadlineMs)
    expect(verified(updateHook).data).toMatchObject({ title: 'Bridge reopened' })
    await subscriber.waitForContent(`${site}/rss.xml`, (body) => body.includes('Bridge reopened'), 5_000)
    const updatePing = hub.pings.slice(pingsBefore).find((p) => p.urls.includes(categoryFeed))
    expect(updatePing).toBeDefined()
    expect((updatePing?.receivedAt ?? Number.POSITIVE_INFINITY) - updatedAt).toBeLessThan(deadlineMs)

    const pingsBeforeDelete = hub.pings.length
    const deleted = await api(stack, 'DELETE', `/api/articles/${slug}`)
    expect(deleted.status).toBe(204)
    const deletedAt = performance.now()
    const deleteHook = await receiver.waitFor(isEvent('article.deleted', slug), deadlineMs)
    expect(verified(deleteHook).data).toMatchObject({ slug, title: 'Bridge reopened' })
    await subscriber.waitForContent(`${site}/rss.xml`, (body) => !body.includes(`/articles/${slug}<`), 5_000)
    const deletePing = hub.pings.slice(pingsBeforeDelete).find((p) => p.urls.includes(categoryFeed))
    expect(deletePing).toBeDefined()
    expect((deletePing?.receivedAt ?? Number.POSITIVE_INFINITY) - deletedAt).toBeLessThan(deadlineMs)
    expect(new Set([updateHook, deleteHook].map((h) => h.headers['webhook-id'])).size).toBe(2)
  })

  it('announces a scheduled article once it falls due, within 2 s, and never before', async () => {
    const dueMs = Math.ceil((Date.now() + 3_000) / 1000) * 1000
    const dueAtPerf = performance.now() + (dueMs - Date.now())
    const publishedAt = new Date(dueMs).toISOString().replace('.000Z', 'Z')
    const categoryFeed = `${site}/categories/embargoed/rss.xml`
    await subscriber.subscribe(hub.url, categoryFeed)
    const created = await api(
      stack,
      'POST',
      '/api/articles',
      article('Embargo lifted', ['Embargoed'], { publishedAt }),
    )
    expect(created.status).toBe(201)
    const { slug } = (await created.json()) as { slug: string }

    const ping = await hub.waitForPing(categoryFeed, dueMs - Date.now() + deadlineMs)
    expect(ping.receivedAt).toBeGreaterThanOrEqual(dueAtPerf)
    expect(ping.receivedAt - dueAtPerf).toBeLessThan(deadlineMs)
    expect(hub.pings.filter((p) => p.urls.includes(categoryFeed))).toHaveLength(1)
    const delivered = await subscriber.waitForContent(
      categoryFeed,
      (b) => b.includes('Embargo lifted'),
      5_000,
    )
    expect(delivered.receivedAt).toBeGreaterThanOrEqual(dueAtPerf)

    const hook = await receiver.waitFor(isEvent('article.published', slug), deadlineMs)
    expect(hook.receivedAt).toBeGreaterThanOrEqual(dueAtPerf)
    expect(verified(hook)).toMatchObject({
      type: 'article.published',
      timestamp: new Date(dueMs).toISOString(),
    })
    expect(receiver.received.filter((h) => h.body.includes(`"slug":"${slug}"`))).toHaveLength(1)
  })

  it.each(['rss.xml', 'atom.xml', 'feed.json', 'categories/discovery/atom.xml'])(
    'lets a subscriber discover the hub and the topic of /%s from its Link header and from its body alike',
    async (path) => {
      // The category feed exists once an article is in it.
      await api(stack, 'PUT', '/api/articles/discovery-desk', article('Discovery desk', ['Discovery']))
      const url = `${site}/${path}`
      const expected = { hubs: [hub.url], topic: url }
      expect(await discover(url, 'header')).toEqual(expected)
      expect(await discover(url, 'body')).toEqual(expected)
    },
  )

  it('announces nothing of a draft and its edits', async () => {
    const draft = await api(stack, 'POST', '/api/articles', {
      ...article('Draft only', ['Drafts-desk']),
      status: 'draft',
    })
    const { slug } = (await draft.json()) as { slug: string }
    await api(stack, 'PUT', `/api/articles/${slug}`, {
      ...article('Draft, edited', ['Drafts-desk']),
      status: 'draft',
    })
    // Writes are announced in order: once a later publish is heard, the draft's turn has passed.
    const marker = await api(stack, 'POST', '/api/articles', article('After the draft', ['Markers']))
    const { slug: markerSlug } = (await marker.json()) as { slug: string }
    await hub.waitForPing(`${site}/categories/markers/rss.xml`, deadlineMs)
    await receiver.waitFor(isEvent('article.published', markerSlug), deadlineMs)
    expect(hub.pings.some((p) => p.urls.some((u) => u.includes('drafts-desk')))).toBe(false)
    expect(receiver.received.some((h) => h.body.includes(`"slug":"${slug}"`))).toBe(false)
  })
})

describe('a hub that fails', () => {
  let hub: WebSubHub
  let stack: LocalStack
  let site: string
  const log = recordingLogger()

  beforeAll(async () => {
    hub = await startWebSubHub()
    // A second hub nobody listens on: every attempt is refused.
    const deadHub = `http://127.0.0.1:${await freePort()}/hub`
    ;({ stack, site } = await startStackOnFreePort(
      { WEBSUB_HUBS: `${hub.url},${deadHub}` },
      { seed: false, notifyLogger: log.logger, notifyRetryDelaysMs: [50, 100, 200] },
    ))
  })

  afterAll(async () => {
    await stack?.close()
    await hub?.close()
  })

  it('answers the publish while the ping is still unanswered, retries after 500s, and loses nothing', async () => {
    hub.answerPingsWith(500)
    const release = hub.holdPings()
    const created = await api(stack, 'POST', '/api/articles', article('Held ping', ['Held']))
    // The publish is answered although the hub has not answered the first ping (or not yet got it).
    expect(created.status).toBe(201)
    const { slug } = (await created.json()) as { slug: string }
    const first = await hub.waitForPing(`${site}/categories/held/rss.xml`, deadlineMs)
    expect(hub.pings.filter((p) => p.urls.includes(`${site}/categories/held/rss.xml`))).toEqual([first])
    release()

    const retried = () => hub.pings.filter((p) => p.urls.includes(`${site}/categories/held/rss.xml`)).length
    await expect.poll(retried, { timeout: 5_000 }).toBeGreaterThanOrEqual(3)
    hub.answerPingsWith(204)
    await expect
      .poll(() => log.lines.some((l) => l.message === 'notify: delivered' && l.fields.target === hub.url))
      .toBe(true)

    const stored = await api(stack, 'GET', `/api/articles/${slug}`)
    expect(stored.status).toBe(200)
    const feed = await fetch(`${site}/rss.xml`)
    expect(await feed.text()).toContain('Held ping')
  })

  it('logs a delivery given up after the last retry, and the article stays published', async () => {
    const created = await api(stack, 'POST', '/api/articles', article('Dead hub', ['Dead']))
    expect(created.status).toBe(201)
    await expect
      .poll(
        () =>
          log.lines.find(
            (l) => l.level === 'error' && l.message === 'notify: delivery failed' && l.fields.attempts === 4,
          ),
        { timeout: 5_000 },
      )
      .toBeDefined()
    const failure = log.lines.find((l) => l.message === 'notify: delivery failed')
    expect(String(failure?.fields.target)).toMatch(/\/hub$/)
    const { slug } = (await created.json()) as { slug: string }
    expect((await fetch(`${site}/articles/${slug}.json`)).status).toBe(200)
  })
})
