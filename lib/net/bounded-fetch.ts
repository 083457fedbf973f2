/**
 * What another server sends back is hostile too: an endless body, or one that stalls after its
 * headers. Every outbound request the product makes goes through {@link boundedFetch}: one deadline
 * over the whole exchange (connect, headers and body), and at most `maxBytes` of the body read, the
 * rest cancelled. No module here imports the other layers, so lib/notify and lib/cli both can.
 */

export interface BoundedFetchOptions {
  /** The whole exchange: connect, headers and body. */
  readonly timeoutMs: number
  /** The most of the body that is read; the rest is cancelled. */
  readonly maxBytes: number
  /**
   * `truncate`: the answer is its status, the body a glance: the first `maxBytes`, or what came before
   * the body failed or stalled past the deadline. `refuse`: the body is the point, so a larger one
   * throws {@link ResponseTooLargeError}, and a failure or the deadline throws too.
   */
  readonly beyond: 'truncate' | 'refuse'
  /** Aborts the exchange early (the process is stopping). */
  readonly signal?: AbortSignal
  readonly fetch?: typeof fetch
}

export interface BoundedResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly headers: Headers
  /** After redirects. */
  readonly url: string
  readonly body: Uint8Array
  /** The body went on past `maxBytes` and was cut there. */
  readonly truncated: boolean
}

/** The body is larger than `maxBytes` and `beyond` is `refuse`. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError'
  readonly maxBytes: number
  constructor(maxBytes: number) {
    super(`the response is larger than ${maxBytes} bytes`)
    this.maxBytes = maxBytes
  }
}

/**
 * `fetch(url, init)` with {@link BoundedFetchOptions}: the deadline's signal is the request's, so it
 * cancels a connect, a wait for headers and a stalled body alike (a `TimeoutError`; an abort of
 * `signal` gives its reason). A declared `Content-Length` past the bound is refused before a byte is
 * read.
 */
export async function boundedFetch(
  url: string,
  init: RequestInit,
  options: BoundedFetchOptions,
): Promise<BoundedResponse> {
  const deadline = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
  const response = await (options.fetch ?? fetch)(url, { ...init, signal })
  if (!response.ok) {
    // An error answer is only glanced at, whatever the mode: its status is the news.
    const glance = await readAtMost(
      response,
      { ...options, maxBytes: Math.min(options.maxBytes, 4096), beyond: 'truncate' },
      signal,
    )
    return { ...answer(response, url), ...glance }
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (options.beyond === 'refuse' && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new ResponseTooLargeError(options.maxBytes)
  }
  const { body, truncated } = await readAtMost(response, options, signal)
  if (truncated && options.beyond === 'refuse') throw new ResponseTooLargeError(options.maxBytes)
  return { ...answer(response, url), body, truncated }
}

function answer(response: Response, url: string) {
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    url: response.url || url,
  }
}

/** Up to `maxBytes` of the body; what follows is cancelled, never read. */
async function readAtMost(
  response: Response,
  { maxBytes, beyond }: BoundedFetchOptions,
  signal: AbortSignal,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (response.body === null) return { body: new Uint8Array(0), truncated: false }
  const reader = response.body.getReader()
  // A fetch whose body does not follow the request's signal still stops at the deadline.
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined)
  signal.addEventListener('abort', stop, { once: true })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      // A cancel by the deadline ends the stream as if it were complete: it is not.
      if (signal.aborted) throw signal.reason
      if (done) return { body: concat(chunks, size), truncated: false }
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size))
        await reader.cancel().catch(() => undefined)
        return { body: concat(chunks, maxBytes), truncated: true }
      }
      chunks.push(value)
      size += value.byteLength
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined)
    if (beyond === 'truncate') return { body: concat(chunks, size), truncated: true }
    throw signal.aborted ? signal.reason : error
  } finally {
    signal.removeEventListener('abort', stop)
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
