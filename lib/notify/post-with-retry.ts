import { boundedFetch } from '../net/bounded-fetch.ts'
import type { NotifyLogger } from './notify-logger.ts'

/**
 * After the first attempt, wait this long before each retry: five attempts over about a minute,
 * which outlasts a deploy or a restart of the receiving end without holding a batch for long.
 */
export const defaultRetryDelaysMs: readonly number[] = [1_000, 4_000, 15_000, 40_000]

/** One attempt may take this long before it counts as failed: connect, headers and body. */
export const defaultAttemptTimeoutMs = 10_000

/** Of a receiver's answer only the status counts: at most this much of its body is read, the rest cancelled. */
export const maxAnswerBytes = 4096

export interface RetryOptions {
  readonly delaysMs: readonly number[]
  readonly attemptTimeoutMs: number
  /** Aborts waits and requests in flight: the process is stopping. */
  readonly signal: AbortSignal
  readonly logger: NotifyLogger
  readonly fetch: typeof fetch
}

export interface Delivery {
  /** `websub` or `webhook`, for the log. */
  readonly kind: string
  /** Where it goes. Only its origin and path are logged: a query may hold a token. */
  readonly url: string
  /** The request of one attempt; built anew each time (a webhook is signed with the attempt's time). */
  readonly request: () => RequestInit
  /** Logged with the outcome. */
  readonly fields?: Readonly<Record<string, unknown>>
}

export interface DeliveryOutcome {
  readonly delivered: boolean
  readonly attempts: number
}

/**
 * POSTs `delivery` until the receiver answers 2xx, retrying on network errors, timeouts, 5xx, 408
 * and 429 after each of `delaysMs` (with ±20 % jitter so that retries from many batches spread
 * out). Another answer (a 4xx, or a redirect, which is not followed) fails at once: asking again
 * would get the same. Never throws: the outcome is returned and logged.
 */
export async function postWithRetry(delivery: Delivery, options: RetryOptions): Promise<DeliveryOutcome> {
  const target = loggedUrl(delivery.url)
  let lastProblem = ''
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) break
    let retryable = true
    try {
      // Nothing in the answer but its status is needed: a few KB are read (which lets a short answer
      // free the connection for reuse), the rest cancelled, all within the attempt's deadline.
      const response = await boundedFetch(
        delivery.url,
        { ...delivery.request(), method: 'POST', redirect: 'manual' },
        {
          timeoutMs: options.attemptTimeoutMs,
          maxBytes: maxAnswerBytes,
          beyond: 'truncate',
          signal: options.signal,
          fetch: options.fetch,
        },
      )
      if (response.status >= 200 && response.status < 300) {
        options.logger.info('notify: delivered', {
          kind: delivery.kind,
          target,
          status: response.status,
          attempts: attempt,
          ...delivery.fields,
        })
        return { delivered: true, attempts: attempt }
      }
      lastProblem = `HTTP ${response.status}`
      retryable = response.status >= 500 || response.status === 408 || response.status === 429
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    }
    const delay = options.delaysMs[attempt - 1]
    if (!retryable || delay === undefined || options.signal.aborted) {
      options.logger.error('notify: delivery failed', {
        kind: delivery.kind,
        target,
        attempts: attempt,
        problem: lastProblem,
        ...delivery.fields,
      })
      return { delivered: false, attempts: attempt }
    }
    options.logger.warn('notify: delivery will be retried', {
      kind: delivery.kind,
      target,
      attempt,
      problem: lastProblem,
    })
    await sleep(delay * (0.8 + 0.4 * Math.random()), options.signal)
  }
  options.logger.error('notify: delivery abandoned: stopping', { kind: delivery.kind, target })
  return { delivered: false, attempts: 0 }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, Math.max(0, ms))
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** The URL without its query, credentials or fragment: what a log may keep. */
export function loggedUrl(url: string): string {
  try {
    const { origin, pathname } = new URL(url)
    return `${origin}${pathname}`
  } catch {
    return '(invalid URL)'
  }
}
