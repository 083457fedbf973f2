import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import LinkHeader from 'http-link-header'

/**
 * A WebSub hub on loopback, after the W3C WebSub Recommendation (2018): subscribers POST
 * `hub.mode=subscribe` with `hub.topic` and `hub.callback` (202), the hub verifies their intent with
 * a GET carrying `hub.challenge` that the callback must echo, and on a publisher's ping
 * (`hub.mode=publish`, `hub.url`…) fetches each topic and POSTs its content to every verified
 * subscriber with `Link: <hub>; rel="hub", <topic>; rel="self"` and, when the subscriber gave a
 * secret, `X-Hub-Signature: sha256=<HMAC of the body>`.
 */

export interface Ping {
  readonly urls: readonly string[]
  readonly contentType: string
  readonly receivedAt: number
}

export interface WebSubHub {
  readonly url: string
  /** Every publish ping received, in order, whatever the hub answered. */
  readonly pings: Ping[]
  /** The status the hub answers pings with from now on (default 204). */
  answerPingsWith(status: number): void
  /** Holds ping requests unanswered until the returned function is called. */
  holdPings(): () => void
  /** Resolves with the first ping (past or future) naming `url`; rejects after `timeoutMs`. */
  waitForPing(url: string, timeoutMs: number): Promise<Ping>
  close(): Promise<void>
}

interface Subscription {
  readonly callback: string
  readonly secret?: string
}

export async function startWebSubHub(): Promise<WebSubHub> {
  const pings: Ping[] = []
  const subscriptions = new Map<string, Subscription[]>()
  const waiters = new Set<() => void>()
  let pingStatus = 204
  let held: Promise<void> | undefined

  async function verifyIntent(mode: string, topic: string, subscription: Subscription) {
    const challenge = randomBytes(16).toString('hex')
    const url = new URL(subscription.callback)
    url.searchParams.set('hub.mode', mode)
    url.searchParams.set('hub.topic', topic)
    url.searchParams.set('hub.challenge', challenge)
    url.searchParams.set('hub.lease_seconds', '3600')
    const response = await fetch(url)
    const body = await response.text()
    if (response.ok && body === challenge) {
      const list = (subscriptions.get(topic) ?? []).filter((s) => s.callback !== subscription.callback)
      if (mode === 'subscribe') list.push(subscription)
      subscriptions.set(topic, list)
    }
  }

  async function distribute(topic: string) {
    const subscribers = subscriptions.get(topic) ?? []
    if (subscribers.length === 0) return
    const content = await fetch(topic)
    const body = Buffer.from(await content.arrayBuffer())
    if (!content.ok) return
    await Promise.all(
      subscribers.map((s) =>
        fetch(s.callback, {
          method: 'POST',
          headers: {
            'Content-Type': content.headers.get('content-type') ?? 'application/octet-stream',
            Link: `<${hub.url}>; rel="hub", <${topic}>; rel="self"`,
            ...(s.secret !== undefined
              ? { 'X-Hub-Signature': `sha256=${createHmac('sha256', s.secret).update(body).digest('hex')}` }
              : {}),
          },
          body,
        }).then((r) => r.arrayBuffer()),
      ),
    )
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request)
    const contentType = request.headers['content-type'] ?? ''
    const form = new URLSearchParams(body)
    const mode = form.get('hub.mode')
    if (request.method !== 'POST' || !contentType.startsWith('application/x-www-form-urlencoded')) {
      response.writeHead(400).end('expected a form POST')
      return
    }
    if (mode === 'subscribe' || mode === 'unsubscribe') {
      const topic = form.get('hub.topic')
      const callback = form.get('hub.callback')
      if (!topic || !callback) {
        response.writeHead(400).end('hub.topic and hub.callback are required')
        return
      }
      const secret = form.get('hub.secret') ?? undefined
      response.writeHead(202).end()
      void verifyIntent(mode, topic, { callback, ...(secret !== undefined ? { secret } : {}) })
      return
    }
    if (mode === 'publish') {
      const urls = form.getAll('hub.url')
      pings.push({ urls, contentType, receivedAt: performance.now() })
      for (const wake of waiters) wake()
      if (held) await held
      response.writeHead(urls.length === 0 ? 400 : pingStatus).end()
      if (pingStatus < 300) for (const topic of urls) void distribute(topic).catch(() => undefined)
      return
    }
    response.writeHead(400).end('unknown hub.mode')
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const hub = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    pings,
    answerPingsWith(status: number) {
      pingStatus = status
    },
    holdPings() {
      let release = () => {}
      held = new Promise<void>((resolve) => {
        release = resolve
      })
      return () => {
        held = undefined
        release()
      }
    },
    waitForPing(url: string, timeoutMs: number) {
      return waitFor(waiters, () => pings.find((p) => p.urls.includes(url)), timeoutMs, `a ping for ${url}`)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return hub
}

export interface Delivered {
  readonly topic: string
  readonly contentType: string
  readonly body: string
  readonly receivedAt: number
}

/** What discovery found: the hubs to subscribe at, and the topic URL to subscribe to. */
export interface Discovered {
  readonly hubs: readonly string[]
  readonly topic: string
}

/**
 * WebSub discovery (§4): GET the resource, take `Link: <…>; rel="hub"` and `rel="self"` from the
 * response, and only when those are absent look in the body (an Atom or RSS `atom:link`, a JSON
 * Feed's `hubs` and `feed_url`). `via` forces one source, to check each on its own.
 */
export async function discover(url: string, via?: 'header' | 'body'): Promise<Discovered> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`discovery: ${url} answered ${response.status}`)
  const body = await response.text()
  if (via !== 'body') {
    const link = LinkHeader.parse(response.headers.get('link') ?? '')
    const hubs = link.rel('hub').map((ref) => ref.uri)
    const [self] = link.rel('self')
    if (hubs.length > 0 && self !== undefined) return { hubs, topic: self.uri }
    if (via === 'header') throw new Error(`discovery: ${url} has no Link header naming a hub and itself`)
  }
  const type = response.headers.get('content-type') ?? ''
  if (type.startsWith('application/feed+json')) {
    const feed = parseJsonFeed(body)
    const hubs = (feed.hubs ?? []).flatMap((hub) => (hub.type === 'WebSub' && hub.url ? [hub.url] : []))
    if (hubs.length === 0 || !feed.feed_url) throw new Error(`discovery: ${url} names no WebSub hub`)
    return { hubs, topic: feed.feed_url }
  }
  const links = type.startsWith('application/rss+xml')
    ? (parseRssFeed(body).atom?.links ?? [])
    : (parseAtomFeed(body).links ?? [])
  const hubs = links.flatMap((link) => (link.rel === 'hub' && link.href ? [link.href] : []))
  const topic = links.find((link) => link.rel === 'self')?.href
  if (hubs.length === 0 || topic === undefined) throw new Error(`discovery: ${url} names no hub and self`)
  return { hubs, topic }
}

export interface WebSubSubscriber {
  /** Content the hub delivered, each checked against the subscription's secret. */
  readonly deliveries: Delivered[]
  /** Subscribes to `topic` at `hubUrl` and resolves once the hub verified the intent. */
  subscribe(hubUrl: string, topic: string): Promise<void>
  /** Resolves with the first delivery of `topic` whose body passes `test`. */
  waitForContent(topic: string, test: (body: string) => boolean, timeoutMs: number): Promise<Delivered>
  close(): Promise<void>
}

/** A subscriber with one callback URL per topic and a secret per subscription. */
export async function startWebSubSubscriber(): Promise<WebSubSubscriber> {
  const deliveries: Delivered[] = []
  const topics = new Map<string, { secret: string; verified: () => void }>()
  const waiters = new Set<() => void>()
  const callbackTopic = (url: URL) => decodeURIComponent(url.pathname.slice('/callback/'.length))

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const topic = callbackTopic(url)
    const wanted = topics.get(topic)
    if (request.method === 'GET') {
      // Verification of intent: confirm only what we asked for.
      const challenge = url.searchParams.get('hub.challenge')
      if (!wanted || url.searchParams.get('hub.topic') !== topic || !challenge) {
        response.writeHead(404).end()
        return
      }
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end(challenge)
      wanted.verified()
      return
    }
    const body = Buffer.from(await readBody(request), 'utf8')
    const expected = wanted ? `sha256=${createHmac('sha256', wanted.secret).update(body).digest('hex')}` : ''
    // A delivery that fails the signature is acknowledged and ignored, as the Recommendation asks.
    response.writeHead(202).end()
    if (!wanted || request.headers['x-hub-signature'] !== expected) return
    const link = String(request.headers.link ?? '')
    if (!link.includes(`<${topic}>; rel="self"`)) return
    deliveries.push({
      topic,
      contentType: String(request.headers['content-type'] ?? ''),
      body: body.toString('utf8'),
      receivedAt: performance.now(),
    })
    for (const wake of waiters) wake()
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    deliveries,
    async subscribe(hubUrl, topic) {
      const verified = new Promise<void>((resolve) => {
        topics.set(topic, { secret: randomBytes(16).toString('hex'), verified: resolve })
      })
      const secret = topics.get(topic)?.secret ?? ''
      const response = await fetch(hubUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          'hub.mode': 'subscribe',
          'hub.topic': topic,
          'hub.callback': `${base}/callback/${encodeURIComponent(topic)}`,
          'hub.secret': secret,
        }).toString(),
      })
      if (response.status !== 202) throw new Error(`the hub refused the subscription: ${response.status}`)
      await verified
    },
    waitForContent(topic, test, timeoutMs) {
      return waitFor(
        waiters,
        () => deliveries.find((d) => d.topic === topic && test(d.body)),
        timeoutMs,
        `content of ${topic}`,
      )
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

/** Resolves with `find()` once it finds something, checked now and whenever a waiter is woken. */
export function waitFor<T>(
  waiters: Set<() => void>,
  find: () => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find()
      if (found === undefined) return
      clearTimeout(timer)
      waiters.delete(check)
      resolve(found)
    }
    const timer = setTimeout(() => {
      waiters.delete(check)
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
    }, timeoutMs)
    waiters.add(check)
    check()
  })
}
