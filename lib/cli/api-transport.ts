import type * as z from 'zod'
import { backoff, networkReason, requestTimeoutMs, retryAfterMs, sleep } from './api-retry.ts'
import { InterruptedError, SiteFailedError, SiteUnreachableError, TokenRefusedError } from './cli-error.ts'

export interface ApiTransportOptions {
  /** The site's base URL, e.g. `https://news.example.com` (no `/api`). */
  readonly url: string
  readonly token: string
  readonly fetch?: typeof fetch
  /** Ctrl-C: ends a wait before a retry. A request under way is let finish, so its answer is not lost. */
  readonly signal?: AbortSignal
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Attempts per request when the site answers 429/502/503/504 or the connection fails; default 6. */
  readonly attempts?: number
  /** Told about each retry, for the progress display. */
  readonly onRetry?: (reason: string, delayMs: number) => void
}

/** Retry-After longer than this is not waited out: the run stops and can be resumed later. */
const maxRetryAfterMs = 120_000
/** Answers worth another attempt: overload and gateway errors. */
const retryStatuses = new Set([429, 502, 503, 504])

/**
 * Requests to a site's publish API, and what every one of them shares: the token, no redirects
 * followed, a deadline, retries of overload (429/503 with `Retry-After`), gateway errors and
 * dropped connections, and the errors that end a run (a refused token, an unreachable site, a 5xx
 * that persists, a body that is not the API's).
 */
export class ApiTransport {
  readonly #base: string
  readonly #token: string
  readonly #fetch: typeof fetch
  readonly #signal: AbortSignal | undefined
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #attempts: number
  readonly #onRetry: ((reason: string, delayMs: number) => void) | undefined

  constructor(options: ApiTransportOptions) {
    this.#base = options.url.replace(/\/+$/, '')
    this.#token = options.token
    this.#fetch = options.fetch ?? fetch
    this.#signal = options.signal
    this.#sleep = options.sleep ?? sleep
    this.#attempts = options.attempts ?? 6
    this.#onRetry = options.onRetry
  }

  /** The site's base URL, without a trailing slash. */
  get url(): string {
    return this.#base
  }

  /** The JSON body of `res` as `schema` says, or a {@link SiteFailedError}. */
  async parse<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
    const what = `${res.status} to ${new URL(res.url || this.#base).pathname}`
    let body: unknown
    try {
      body = await res.json()
    } catch {
      throw new SiteFailedError(
        `${this.#base} answered ${what} with a body that is not JSON: is it a newsfeed site?`,
      )
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new SiteFailedError(`${this.#base} answered ${what} with JSON that is not the publish API's`)
    }
    return parsed.data
  }

  /** `method path` with `body` as JSON: the answer, once it is not one to retry nor one that ends the run. */
  async send(
    method: string,
    path: string,
    body?: Readonly<Record<string, unknown>>,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const url = `${this.#base}${path}`
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#token}`,
      Accept: 'application/json',
      ...extra,
    }
    const payload = body === undefined ? undefined : JSON.stringify(body)
    if (payload !== undefined) headers['Content-Type'] = 'application/json'
    for (let attempt = 1; ; attempt++) {
      let res: Response
      try {
        res = await this.#fetch(url, {
          method,
          headers,
          ...(payload !== undefined && { body: payload }),
          // A followed 301 turns a POST into a GET: say where the API is instead.
          redirect: 'manual',
          signal: AbortSignal.timeout(requestTimeoutMs),
        })
      } catch (error) {
        const reason = networkReason(error)
        if (attempt >= this.#attempts) throw new SiteUnreachableError(`cannot reach ${this.#base}: ${reason}`)
        await this.#wait(backoff(attempt), reason)
        continue
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel()
        const location = res.headers.get('location') ?? 'elsewhere'
        throw new SiteFailedError(
          `${this.#base} redirects ${method} ${path} to ${location}: give the site's own URL as --url`,
        )
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel()
        throw new TokenRefusedError(
          `${this.#base} refused the token (${res.status} ${res.statusText || 'Unauthorized'}): check --token, NEWSFEED_TOKEN or PUBLISH_TOKEN`,
        )
      }
      if (retryStatuses.has(res.status)) {
        const reason = `${method} ${path} answered ${res.status}`
        const delay = retryAfterMs(res.headers.get('retry-after')) ?? backoff(attempt)
        await res.body?.cancel()
        if (attempt >= this.#attempts || delay > maxRetryAfterMs) {
          throw new SiteFailedError(
            `${this.#base} is not answering: ${reason} ${attempt} times; try again later`,
          )
        }
        await this.#wait(delay, reason)
        continue
      }
      if (res.status >= 500) {
        await res.body?.cancel()
        throw new SiteFailedError(`${this.#base} failed: ${method} ${path} answered ${res.status}`)
      }
      return res
    }
  }

  async #wait(ms: number, reason: string): Promise<void> {
    this.#onRetry?.(reason, ms)
    await this.#sleep(ms, this.#signal)
    if (this.#signal?.aborted) throw new InterruptedError(`interrupted while waiting to retry (${reason})`)
  }
}
