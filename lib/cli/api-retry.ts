/** When and how long the command line's API client waits before it asks again. */

/** How long one request may take before it counts as a network failure. */
export const requestTimeoutMs = 60_000

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), as a delay in ms. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // Every HTTP date form starts with the day's name (`Tue, 11 Mar 2025 …`, `Tuesday, 11-Mar-25 …`).
  if (!/^[A-Za-z]{3}/.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** 0.5 s, 1 s, 2 s… up to 30 s, with jitter so that parallel workers do not retry in step. */
export function backoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1))
  return Math.round(base / 2 + (Math.random() * base) / 2)
}

export function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (error.name === 'TimeoutError') return `no answer within ${requestTimeoutMs / 1000} s`
  const cause: unknown = error.cause
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined
    return code !== undefined && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message
  }
  return error.message
}

/** Waits `ms`, or until `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
