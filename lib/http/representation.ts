import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Context } from 'hono'

/**
 * One rendered body with its validators, compressed lazily at most once per encoding. Kept in the
 * feed cache, so a repeat request or a revalidation never renders or compresses again.
 */
export class Representation {
  readonly body: Uint8Array
  readonly contentType: string
  /** Strong ETag of the identity encoding, e.g. `"q1w2e3…"`. */
  readonly etag: string
  /** An HTTP date; absent where no exact one exists (later feed pages). */
  readonly lastModified?: string
  #gzip?: Uint8Array
  #br?: Uint8Array
  /** The header records last built, for the `extra` headers object they were built with. */
  #headers?: { readonly extra: object; readonly byEncoding: Map<string, BuiltHeaders> }

  constructor(body: string, contentType: string, lastModified?: string) {
    this.body = new TextEncoder().encode(body)
    this.contentType = contentType
    this.etag = `"${createHash('sha256').update(this.body).digest('base64url').slice(0, 32)}"`
    if (lastModified !== undefined) this.lastModified = lastModified
  }

  /** The body and every coding made of it so far, bytes. */
  get bytes(): number {
    return this.body.byteLength + (this.#gzip?.byteLength ?? 0) + (this.#br?.byteLength ?? 0)
  }

  encoded(encoding: 'br' | 'gzip'): Uint8Array {
    if (encoding === 'br') {
      this.#br ??= brotliCompressSync(this.body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: this.body.length },
      })
      return this.#br
    }
    this.#gzip ??= gzipSync(this.body, { level: 6 })
    return this.#gzip
  }

  /**
   * The headers of a 304 in `encoding`, with `extra` added: validators, no content headers. Built
   * once per `extra` object, so a caller that passes the same object again (interned
   * Cache-Control) gets the same record back, and no body is compressed for a 304.
   */
  notModifiedHeaders(
    encoding: 'br' | 'gzip' | undefined,
    extra: Readonly<Record<string, string>>,
  ): Readonly<Record<string, string>> {
    const built = this.#built(encoding, extra)
    if (!built.notModified) {
      built.notModified = { ...extra, ETag: etagFor(this, encoding), Vary: 'Accept-Encoding' }
      if (this.lastModified !== undefined) built.notModified['Last-Modified'] = this.lastModified
    }
    return built.notModified
  }

  /** The body in `encoding` and the headers of a full answer, built once like `notModifiedHeaders`. */
  full(
    encoding: 'br' | 'gzip' | undefined,
    extra: Readonly<Record<string, string>>,
  ): { readonly body: Uint8Array; readonly headers: Readonly<Record<string, string>> } {
    const built = this.#built(encoding, extra)
    if (!built.full) {
      const body = encoding === undefined ? this.body : this.encoded(encoding)
      const headers: Record<string, string> = {
        ...this.notModifiedHeaders(encoding, extra),
        'Content-Type': this.contentType,
        'Content-Length': String(body.length),
      }
      if (encoding) headers['Content-Encoding'] = encoding
      built.full = { body, headers }
    }
    return built.full
  }

  #built(encoding: 'br' | 'gzip' | undefined, extra: object): BuiltHeaders {
    if (this.#headers?.extra !== extra) this.#headers = { extra, byEncoding: new Map() }
    const key = encoding ?? 'identity'
    let built = this.#headers.byEncoding.get(key)
    if (!built) {
      built = {}
      this.#headers.byEncoding.set(key, built)
    }
    return built
  }
}

/** Header records of one content coding; each is never mutated once handed out. */
interface BuiltHeaders {
  notModified?: Record<string, string>
  full?: { readonly body: Uint8Array; readonly headers: Readonly<Record<string, string>> }
}

/**
 * The `Last-Modified` of content last changed at `modified` (RFC 3339) and read from the store at
 * `readAtMs`, or undefined while the date cannot be trusted. HTTP dates count whole seconds, so a
 * second change within the same second would keep the date, and `If-Modified-Since` would then
 * call stale content fresh: the date is only given once the content was read after its second
 * ended, when no later change within it can be missing (RFC 9110 §8.8.2.2). The ETag validates
 * meanwhile.
 */
export function stableLastModified(modified: string, readAtMs: number): string | undefined {
  const modifiedMs = Date.parse(modified)
  if (Number.isNaN(modifiedMs) || Math.floor(readAtMs / 1000) <= Math.floor(modifiedMs / 1000))
    return undefined
  return new Date(modifiedMs).toUTCString()
}

/** Each content coding is its own representation, so it gets its own strong ETag. */
function etagFor(rep: Representation, encoding: 'br' | 'gzip' | undefined): string {
  return encoding === undefined ? rep.etag : `${rep.etag.slice(0, -1)}-${encoding}"`
}

/** RFC 9110 weak comparison for If-None-Match, where any coding of the same body matches. */
export function noneMatch(header: string, rep: Representation): boolean {
  if (header.trim() === '*') return true
  const base = rep.etag.slice(1, -1)
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '')
    if (!tag.startsWith('"') || !tag.endsWith('"')) return false
    const opaque = tag.slice(1, -1)
    // A base64url digest may itself end in `-br`: compare as sent before taking a coding suffix off.
    return opaque === base || opaque.replace(/-(gzip|br)$/, '') === base
  })
}

/** Node's own parsed request headers, as `@hono/node-server` hands them to an app in `c.env`. */
interface NodeBindings {
  readonly incoming?: { readonly headers?: Readonly<Record<string, string | string[] | undefined>> }
}

/**
 * A request header, from Node's parsed headers when the app runs on `@hono/node-server` (`npm
 * start`): `c.req.header` would first copy every header into a `Headers` object, which costs more
 * than the rest of a 304. Elsewhere (Lambda), from the request.
 */
function requestHeader(c: Context, name: string): string | undefined {
  const headers = (c.env as NodeBindings | undefined)?.incoming?.headers
  if (headers === undefined) return c.req.header(name)
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

export function isNotModified(c: Context, rep: Representation): boolean {
  const inm = requestHeader(c, 'if-none-match')
  if (inm !== undefined) return noneMatch(inm, rep) // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
  const ims = requestHeader(c, 'if-modified-since')
  if (ims === undefined || rep.lastModified === undefined) return false
  const since = Date.parse(ims)
  return Number.isFinite(since) && Date.parse(rep.lastModified) <= since
}

function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1)
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return undefined
}

/**
 * Sends `rep` with its validators: 304 when the client has it, compressed when asked. Header
 * records are plain objects built once per representation and `headers` object (pass the same one
 * again to reuse them): the Node server writes them as they are, and most of a feed's traffic is
 * this 304, where building a `Headers` would cost more than everything else.
 */
export function sendRepresentation(
  c: Context,
  rep: Representation,
  status: 200 | 404 | 410,
  headers: Readonly<Record<string, string>>,
): Response {
  // Tiny bodies don't gain from compression.
  const encoding = rep.body.length >= 512 ? chooseEncoding(requestHeader(c, 'accept-encoding')) : undefined
  if (status === 200 && isNotModified(c, rep)) {
    return new Response(null, { status: 304, headers: rep.notModifiedHeaders(encoding, headers) })
  }
  const full = rep.full(encoding, headers)
  return new Response(full.body as Uint8Array<ArrayBuffer>, { status, headers: full.headers })
}
