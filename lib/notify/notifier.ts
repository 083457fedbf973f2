import { createHash } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type { Article } from '../articles/article.ts'
import { toPublicArticle } from '../http/article-resource.ts'
import type { Site } from '../site.ts'
import type { WebhookEventType } from './change-effects.ts'
import type { NotifyLogger } from './notify-logger.ts'
import {
  type Delivery,
  defaultAttemptTimeoutMs,
  defaultRetryDelaysMs,
  postWithRetry,
} from './post-with-retry.ts'
import { signWebhook } from './sign-webhook.ts'

/** One webhook event: `type` of `article`, which happened at `timestamp`. */
export interface NotifyEvent {
  readonly type: WebhookEventType
  readonly article: Article
  /** RFC 3339: when the change happened (or the article fell due). */
  readonly timestamp: string
  /** The same for every delivery of the same change, retries and replays alike. */
  readonly key: string
}

/** What one batch of changes tells the world. */
export interface Announcement {
  /** Every feed whose first page changed: one WebSub ping per hub names them all. */
  readonly feedUrls: readonly string[]
  /** One webhook per event and endpoint. */
  readonly events: readonly NotifyEvent[]
}

export interface NotifierOptions {
  readonly site: Site
  readonly websubHubs: readonly string[]
  readonly webhookUrls: readonly string[]
  /**
   * `whsec_<base64>`, or a function answering it (read again at each announcement, so a rotated
   * secret signs from the next batch on: the shape the publish app takes its tokens in); required
   * when `webhookUrls` has any.
   */
  readonly webhookSecret?: string | (() => Promise<string> | string)
  readonly logger: NotifyLogger
  /** Retry waits after the first attempt; default {@link defaultRetryDelaysMs}. */
  readonly retryDelaysMs?: readonly number[]
  readonly attemptTimeoutMs?: number
  readonly clock?: () => Date
  readonly fetch?: typeof fetch
}

export interface Notifier {
  /**
   * Sends the pings and webhooks of `announcement`, each retried on its own; resolves when every
   * one was delivered or given up (and logged). Rejects only when the webhook secret cannot be read.
   */
  announce(announcement: Announcement): Promise<void>
  /** Stops retrying, aborts what is in flight, and waits for the pending deliveries to end. */
  close(): Promise<void>
}

/** Pings WebSub hubs and sends signed Standard Webhooks for changes readers can see. */
export function createNotifier(options: NotifierOptions): Notifier {
  const { site, websubHubs, webhookUrls, logger } = options
  const secret = options.webhookSecret
  if (webhookUrls.length > 0 && secret === undefined) {
    throw new Error('webhook URLs need a webhook secret to sign with')
  }
  const clock = options.clock ?? (() => new Date())
  const stopping = new AbortController()
  // Every delivery waiting to retry listens for the stop (`sleep`), and drops its listener when the
  // wait ends: eleven endpoints down at once are not a leak, and Node's warning at ten would say so.
  setMaxListeners(0, stopping.signal)
  const pending = new Set<Promise<unknown>>()
  const retry = {
    delaysMs: options.retryDelaysMs ?? defaultRetryDelaysMs,
    attemptTimeoutMs: options.attemptTimeoutMs ?? defaultAttemptTimeoutMs,
    signal: stopping.signal,
    logger,
    fetch: options.fetch ?? fetch,
  }
  const userAgent = `newsfeed-publisher (+${site.url}/)`

  function send(delivery: Delivery): Promise<unknown> {
    const running = postWithRetry(delivery, retry)
    pending.add(running)
    void running.finally(() => pending.delete(running))
    return running
  }

  function ping(hub: string, feedUrls: readonly string[]): Delivery {
    const body = new URLSearchParams({ 'hub.mode': 'publish' })
    for (const url of feedUrls) body.append('hub.url', url)
    return {
      kind: 'websub',
      url: hub,
      request: () => ({
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': userAgent },
        body: body.toString(),
      }),
      fields: { feeds: feedUrls.length },
    }
  }

  function webhook(url: string, event: NotifyEvent, signingSecret: string): Delivery {
    const id = webhookId(event.key)
    const body = JSON.stringify({
      type: event.type,
      timestamp: event.timestamp,
      data: toPublicArticle(event.article, site),
    })
    return {
      kind: 'webhook',
      url,
      // Signed anew at each attempt: receivers refuse a timestamp more than minutes old.
      request: () => {
        const timestamp = Math.floor(clock().getTime() / 1000)
        return {
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': userAgent,
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(signingSecret, id, timestamp, body),
          },
          body,
        }
      },
      fields: { type: event.type, slug: event.article.slug, webhookId: id },
    }
  }

  return {
    async announce(announcement) {
      if (stopping.signal.aborted) return
      const deliveries: Delivery[] = []
      if (announcement.feedUrls.length > 0) {
        for (const hub of websubHubs) deliveries.push(ping(hub, announcement.feedUrls))
      }
      if (secret !== undefined && webhookUrls.length > 0 && announcement.events.length > 0) {
        // A secret that cannot be read rejects here, before anything is sent: the batch is retried.
        const signingSecret = typeof secret === 'string' ? secret : await secret()
        for (const event of announcement.events) {
          for (const url of webhookUrls) deliveries.push(webhook(url, event, signingSecret))
        }
      }
      await Promise.all(deliveries.map(send))
    },
    async close() {
      stopping.abort()
      await Promise.allSettled([...pending])
    },
  }
}

/** `msg_` and 128 bits of the event's key: the same id for every delivery of one change. */
export function webhookId(key: string): string {
  return `msg_${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`
}
