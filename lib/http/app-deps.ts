import type { ArticleStore } from '../articles/article-store.ts'
import type { Site } from '../site.ts'

/** One line per request; never a token or a body. */
export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly requestId?: string
}

export interface AppLogger {
  request(entry: RequestLogEntry): void
  /** An unexpected error, logged once with its stack. */
  error(
    error: unknown,
    context: { readonly method: string; readonly path: string; readonly requestId?: string },
  ): void
}

export interface PublicAppDeps {
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly site: Site
  /** Items per feed page, 1–100. */
  readonly feedPageSize: number
  /** Signs the feeds' page cursors (at least 32 characters): the same on every instance, and kept across deploys. */
  readonly cursorKey: string
  readonly logger?: AppLogger
}

export interface PublishAppDeps {
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly site: Site
  /** The accepted bearer tokens; asked on every request, so the caller caches (Secrets Manager). */
  readonly tokens: () => Promise<readonly string[]> | readonly string[]
  /** Largest accepted request body in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number
  readonly logger?: AppLogger
}
