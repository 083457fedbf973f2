import { createHmac, randomBytes } from 'node:crypto'
import { feedPathOf } from './feed-path.ts'
import { parseAggregatorAgent } from './parse-aggregator-agent.ts'

/** One answered request, as a log gives it: the client address is only ever hashed, in memory. */
export interface FeedRequest {
  /** When it was answered (ISO 8601, UTC); its first ten characters are the day. */
  readonly time: string
  readonly method: string
  /** The path as requested, without the query. */
  readonly path: string
  /** The query string without `?`, or empty. */
  readonly query: string
  readonly status: number
  readonly userAgent?: string | undefined
  readonly clientIp?: string | undefined
  /** The request was a revalidation (`If-None-Match`/`If-Modified-Since`); a 304 always is one. */
  readonly conditional?: boolean
}

export interface AggregatorCount {
  readonly name: string
  /** The latest figure it reported that day, summed over its distinct subscriptions (feed ids, formats). */
  readonly subscribers: number
}

export interface FeedSubscribers {
  /** The feed with its variants folded: `/`, `/categories/{slug}/`, `/authors/{slug}/`. */
  readonly path: string
  readonly aggregators: readonly AggregatorCount[]
  /**
   * Distinct clients that revalidated the feed that day and reported no figure (an estimate); null
   * when the log names no client (CloudFront's, as the stack keeps it: docs/subscribers.md).
   */
  readonly directReaders: number | null
}

export interface DaySubscribers {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string
  readonly feeds: readonly FeedSubscribers[]
}

export interface SubscriberTallyLimits {
  /** Days kept; the oldest goes first. */
  readonly maxDays: number
  /** Feeds per day; requests for more are not counted. */
  readonly maxFeedsPerDay: number
  /** Distinct subscriptions and distinct clients per feed and day; past it, new ones are not counted. */
  readonly maxKeysPerFeed: number
}

export const defaultTallyLimits: SubscriberTallyLimits = {
  maxDays: 8,
  maxFeedsPerDay: 1000,
  maxKeysPerFeed: 100_000,
}

interface FeedTally {
  /** `{aggregator}\n{feed id or variant}` → the latest report. */
  readonly reports: Map<string, { readonly aggregator: string; subscribers: number; time: string }>
  /** Salted hashes of (address prefix, agent), never the address. */
  readonly clients: Set<string>
}

/**
 * Counts per feed and UTC day: the latest figure each aggregator reported, and the distinct clients
 * that revalidate. A client is a keyed hash (HMAC with a salt made here and never kept) of its
 * address prefix (/24 for IPv4, /48 for IPv6) and agent: nothing that names a client is stored.
 * Bounded in days, feeds and keys per feed.
 */
export function createSubscriberTally(
  options: { readonly limits?: Partial<SubscriberTallyLimits>; readonly salt?: Uint8Array } = {},
) {
  const limits = { ...defaultTallyLimits, ...options.limits }
  const salt = options.salt ?? randomBytes(32)
  const days = new Map<string, Map<string, FeedTally>>()
  /** Whether any request recorded named its client: only then are direct readers counted. */
  let clientsNamed = false

  function feedTally(day: string, path: string): FeedTally | undefined {
    let feeds = days.get(day)
    if (!feeds) {
      if (days.size >= limits.maxDays) {
        const oldest = [...days.keys()].sort()[0]
        if (oldest !== undefined && oldest > day) return undefined
        if (oldest !== undefined) days.delete(oldest)
      }
      feeds = new Map()
      days.set(day, feeds)
    }
    let feed = feeds.get(path)
    if (!feed) {
      if (feeds.size >= limits.maxFeedsPerDay) return undefined
      feed = { reports: new Map(), clients: new Set() }
      feeds.set(path, feed)
    }
    return feed
  }

  return {
    record(request: FeedRequest): void {
      if (request.method !== 'GET' && request.method !== 'HEAD') return
      if (!(request.status >= 200 && request.status < 300) && request.status !== 304) return
      const path = feedPathOf(request.path)
      const day = utcDay(request.time)
      if (path === undefined || day === undefined) return
      if (request.clientIp !== undefined) clientsNamed = true
      const report = parseAggregatorAgent(request.userAgent)
      if (report) {
        const feed = feedTally(day, path)
        if (!feed) return
        const key = `${report.aggregator}\n${report.feedId ?? variantOf(request)}`
        const last = feed.reports.get(key)
        if (last) {
          if (request.time >= last.time) {
            last.subscribers = report.subscribers
            last.time = request.time
          }
        } else if (feed.reports.size < limits.maxKeysPerFeed) {
          feed.reports.set(key, {
            aggregator: report.aggregator,
            subscribers: report.subscribers,
            time: request.time,
          })
        }
        return
      }
      if (!(request.conditional === true || request.status === 304)) return
      if (request.clientIp === undefined) return
      const feed = feedTally(day, path)
      if (!feed || feed.clients.size >= limits.maxKeysPerFeed) return
      feed.clients.add(
        createHmac('sha256', salt)
          .update(`${addressPrefix(request.clientIp)}\n${(request.userAgent ?? '').slice(0, 512)}`)
          .digest('base64url')
          .slice(0, 22),
      )
    },

    /** The days counted, newest first. */
    days(): string[] {
      return [...days.keys()].sort().reverse()
    },

    summary(day: string): DaySubscribers | undefined {
      const feeds = days.get(day)
      if (!feeds) return undefined
      return {
        day,
        feeds: [...feeds]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([path, feed]) => {
            const totals = new Map<string, number>()
            for (const r of feed.reports.values())
              totals.set(r.aggregator, (totals.get(r.aggregator) ?? 0) + r.subscribers)
            return {
              path,
              aggregators: [...totals]
                .map(([name, subscribers]) => ({ name, subscribers }))
                .sort((a, b) => b.subscribers - a.subscribers || (a.name < b.name ? -1 : 1)),
              directReaders: clientsNamed ? feed.clients.size : null,
            }
          }),
      }
    },
  }
}

export type SubscriberTally = ReturnType<typeof createSubscriberTally>

/** Which variant of a feed a subscription reads: its file and, for summaries, the content setting. */
function variantOf(request: FeedRequest): string {
  const file = request.path.endsWith('/') ? request.path.slice(0, -1) : request.path
  const summary = new URLSearchParams(request.query.slice(0, 2048)).get('content') === 'summary'
  return `${file.slice(file.lastIndexOf('/') + 1)}${summary ? '?content=summary' : ''}`
}

function utcDay(time: string): string | undefined {
  const day = time.slice(0, 10)
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined
}

/** The /24 of an IPv4 address or the /48 of an IPv6 one: a household or an office, not a device. */
function addressPrefix(ip: string): string {
  const address = ip.slice(0, 64).replace(/^::ffff:(?=\d+\.)/i, '')
  if (address.includes('.')) return address.split('.').slice(0, 3).join('.')
  return address.toLowerCase().split(':').slice(0, 3).join(':')
}
