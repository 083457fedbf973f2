import type { ArticleStore } from '../articles/article-store.ts'
import type { PublicReads } from '../articles/public-reads.ts'
import type { DeskDeps } from '../desk/create-desk-app.ts'
import type { Site } from '../site.ts'
import type { SubscriberCounts } from '../subscribers/subscriber-counts.ts'

/** One line per request; never a token or a body. */
export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly requestId?: string
}

/**
 * The message of the log line of a stale serve on Lambda: the stack's metric filter counts lines
 * with exactly this message, and an alarm watches the count.
 */
export const staleServedLogMessage = 'stale feed served'

/** A feed or front page answered from the instance cache because the store could not be reached. */
export interface StaleServeEntry {
  readonly path: string
  /** How long ago the served copy was read from the store. */
  readonly ageSeconds: number
}

export interface AppLogger {
  request(entry: RequestLogEntry): void
  /** Once per stale answer: the stack counts these lines (a metric filter) and alarms on them. */
  staleServed?(entry: StaleServeEntry): void
  /** An unexpected error, logged once with its stack. */
  error(
    error: unknown,
    context: { readonly method: string; readonly path: string; readonly requestId?: string },
  ): void
}

export interface PublicAppDeps {
  /** The store's read side: the public app writes nothing. */
  readonly store: PublicReads
  readonly clock: () => Date
  readonly site: Site
  /** Items per feed page, 1–100. */
  readonly feedPageSize: number
  /** Signs the feeds' page cursors (at least 32 characters): the same on every instance, and kept across deploys. */
  readonly cursorKey: string
  /** WebSub hubs (`WEBSUB_HUBS`) every feed names, in its body and its `Link` header; none when absent. */
  readonly websubHubs?: readonly string[]
  readonly logger?: AppLogger
}

export interface PublishAppDeps {
  /** The store's write side, with the finders the use cases need. */
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly site: Site
  /** The accepted bearer tokens; asked on every request, so the caller caches (Secrets Manager). */
  readonly tokens: () => Promise<readonly string[]> | readonly string[]
  /**
   * Lets in only requests that came through CloudFront: it adds `header` with the secret value on
   * the way to the function, and a request without it (the Function URL called directly) gets 403
   * before the token is looked at. Unset under `npm start`, where there is no CloudFront.
   */
  readonly originVerify?: {
    readonly header: string
    readonly value: () => Promise<string> | string
  }
  /** Largest accepted request body in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number
  readonly logger?: AppLogger
  /** The editors' desk (`/desk/`) and `/api/editors`; absent: neither is served. */
  readonly desk?: Pick<DeskDeps, 'listing' | 'editors' | 'key' | 'timeZone' | 'signInLimiter'>
  /** What `GET /api/subscribers` reads (docs/subscribers.md); absent: it answers an empty day. */
  readonly subscribers?: SubscriberCounts
}
