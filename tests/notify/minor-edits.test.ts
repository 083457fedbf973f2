import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStack } from '../../bin/local-stack.ts'
import { stackApi as api, startStackOnFreePort } from '../support/local-stack-harness.ts'
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/webhook-receiver.ts'
import { startWebSubHub, type WebSubHub } from '../support/websub-hub.ts'

/**
 * Minor edits under `npm start`, end to end: the publish API, the in-process notifier, a WebSub hub
 * and a webhook endpoint on loopback. A minor edit changes the content in every feed and nothing
 * else, and announces nothing; a significant one moves `updated` and is announced.
 */

const deadlineMs = 5_000

function isEvent(type: string, slug: string) {
  return (hook: ReceivedWebhook) => {
    const payload = JSON.parse(hook.body) as { type: string; data: { slug?: string } }
    return payload.type === type && payload.data.slug === slug
  }
}

const feedPaths = (category: string) =>
  ['', `/categories/${category}`].flatMap((scope) =>
    ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${scope}/${file}`),
  )

/** Every feed the article shows in, by path: body, ETag and Last-Modified. */
async function readFeeds(site: string, category: string) {
  const feeds = new Map<string, { body: string; etag: string | null; lastModified: string | null }>()
  for (const path of feedPaths(category)) {
    const response = await fetch(`${site}${path}`)
    expect(response.status).toBe(200)
    feeds.set(path, {
      body: await response.text(),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    })
  }
  return feeds
}

interface ApiArticle {
  slug: string
  updatedAt: string
  editedAt?: string
  version: number
}

describe('minor edits under npm start', () => {
  let hub: WebSubHub
  let receiver: WebhookReceiver
  let stack: LocalStack
  let site: string
  let now = Date.parse('2026-03-01T10:00:00Z')

  beforeAll(async () => {
    ;[hub, receiver] = await Promise.all([startWebSubHub(), startWebhookReceiver()])
    const secret = `whsec_${randomBytes(32).toString('base64')}`
    // A clock the test moves, so that each write happens in a later second than the one before.
    ;({ stack, site } = await startStackOnFreePort(
      { WEBSUB_HUBS: hub.url, WEBHOOK_URLS: receiver.url, WEBHOOK_SECRET: secret },
      { seed: false, clock: () => new Date(now) },
    ))
  })

  afterAll(async () => {
    await stack?.close()
    await Promise.all([hub?.close(), receiver?.close()])
  })

  const article = (content: string, extra: Record<string, unknown> = {}) => ({
    title: 'Harbour reopens after the storm',
    content,
    categories: ['Ports'],
    authors: [{ name: 'Desk Report' }],
    status: 'published',
    publishedAt: '2026-03-01T09:00:00+01:00',
    ...extra,
  })

  it('leaves every feed byte-identical apart from the content, keeps updatedAt, and announces nothing', async () => {
    const created = await api(
      stack,
      'PUT',
      '/api/articles/harbour',
      article('<p>The harbour recieved ships.</p>'),
    )
    expect(created.status).toBe(201)
    const first = (await created.json()) as ApiArticle
    await receiver.waitFor(isEvent('article.published', 'harbour'), deadlineMs)
    await hub.waitForPing(`${site}/categories/ports/rss.xml`, deadlineMs)
    // HTTP dates count whole seconds: Last-Modified is given once the second of the write is over.
    now += 1_000
    const before = await readFeeds(site, 'ports')
    const pageBefore = await fetch(`${site}/articles/harbour`)
    await pageBefore.arrayBuffer()
    const pingsBefore = hub.pings.length
    const hooksBefore = receiver.received.length

    now += 60_000
    const edited = await api(stack, 'PUT', '/api/articles/harbour', {
      ...article('<p>The harbour received ships.</p>'),
      minor: true,
    })
    expect(edited.status).toBe(200)
    const second = (await edited.json()) as ApiArticle
    expect(second.version).toBe(first.version + 1)
    expect(second.updatedAt).toBe(first.updatedAt)
    expect(second.editedAt).toBe(new Date(now).toISOString())

    now += 1_000
    const after = await readFeeds(site, 'ports')
    for (const path of feedPaths('ports')) {
      const old = before.get(path)
      const fresh = after.get(path)
      // The fix, and only the fix (the summary derived from the content included).
      expect(fresh?.body, path).not.toBe(old?.body)
      expect(fresh?.body, path).toBe(old?.body.replaceAll('recieved', 'received'))
      // Caches still learn of the new body: both validators move.
      expect(fresh?.etag, path).not.toBe(old?.etag)
      expect(fresh?.lastModified, path).toBe(new Date(now - 1_000).toUTCString())
      expect(old?.lastModified, path).not.toBe(fresh?.lastModified)
    }
    const pageAfter = await fetch(`${site}/articles/harbour`)
    expect(await pageAfter.text()).toContain('The harbour received ships.')
    expect(pageAfter.headers.get('etag')).not.toBe(pageBefore.headers.get('etag'))
    expect(pageAfter.headers.get('last-modified')).not.toBe(pageBefore.headers.get('last-modified'))

    // Writes are announced in order: once a later, significant edit is heard, the minor one's turn has passed.
    now += 60_000
    const significant = await api(
      stack,
      'PUT',
      '/api/articles/harbour',
      article('<p>The harbour received ten ships.</p>'),
    )
    const third = (await significant.json()) as ApiArticle
    expect(third.updatedAt).toBe(new Date(now).toISOString())
    expect(third.editedAt).toBeUndefined()
    await receiver.waitFor(isEvent('article.updated', 'harbour'), deadlineMs)
    await expect
      .poll(
        () => hub.pings.slice(pingsBefore).some((p) => p.urls.includes(`${site}/categories/ports/rss.xml`)),
        {
          timeout: deadlineMs,
        },
      )
      .toBe(true)
    const hooks = receiver.received.slice(hooksBefore).filter(isEvent('article.updated', 'harbour'))
    expect(hooks).toHaveLength(1)
    expect(hooks[0]?.body).toContain('ten ships')
    expect(hub.pings.slice(pingsBefore)).toHaveLength(1)

    const atom = await (await fetch(`${site}/atom.xml`)).text()
    expect(atom).toContain(`<updated>${new Date(now).toISOString().replace('.000Z', 'Z')}</updated>`)
  })

  it('refuses a minor edit that moves a public article (another category), naming "minor"', async () => {
    await api(stack, 'PUT', '/api/articles/quay', article('<p>Quay news.</p>'))
    now += 60_000
    const moved = await api(stack, 'PUT', '/api/articles/quay', {
      ...article('<p>Quay news.</p>', { categories: ['Ports', 'Weather'] }),
      minor: true,
    })
    expect(moved.status).toBe(400)
    expect(moved.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const problem = (await moved.json()) as { errors: { path: string; message: string }[] }
    expect(problem.errors.map((e) => e.path)).toEqual(['minor'])
    const stored = (await (await api(stack, 'GET', '/api/articles/quay')).json()) as ApiArticle & {
      categories: { slug: string }[]
    }
    expect(stored.categories.map((c) => c.slug)).toEqual(['ports'])
  })

  it('creates as usual (and announces) when a minor PUT finds no article', async () => {
    now += 60_000
    const created = await api(stack, 'PUT', '/api/articles/pier', { ...article('<p>Pier.</p>'), minor: true })
    expect(created.status).toBe(201)
    const body = (await created.json()) as ApiArticle
    expect(body.updatedAt).toBe(new Date(now).toISOString())
    expect(body.editedAt).toBeUndefined()
    await receiver.waitFor(isEvent('article.published', 'pier'), deadlineMs)
  })

  it('refuses "minor" on POST, which only ever creates', async () => {
    const posted = await api(stack, 'POST', '/api/articles', { ...article('<p>Post.</p>'), minor: true })
    expect(posted.status).toBe(400)
    const problem = (await posted.json()) as { errors: { path: string }[] }
    expect(problem.errors.map((e) => e.path)).toEqual(['minor'])
  })
})
