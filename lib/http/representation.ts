import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Context } from 'hono'
import { parseEntityTags } from './parse-entity-tags.ts'
import { base64Bodies } from './text-bodies.ts'

/**
 * One rendered body with its validators, compressed lazily at most once per encoding. Kept in the
 * feed cache, so a repeat request or a revalidation never renders, hashes or compresses again.
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
  #base64?: { br?: string; gzip?: string }
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

  /** `encoded(encoding)` as base64, made once. */
  base64(encoding: 'br' | 'gzip'): string {
    this.#base64 ??= {}
    this.#base64[encoding] ??= Buffer.from(this.encoded(encoding)).toString('base64')
    return this.#base64[encoding]
  }
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

/**
 * RFC 9110 weak comparison for If-None-Match, where any coding of the same body matches. The list is
 * read by the parser the write preconditions use; a header that is not one never matches.
 */
export function noneMatch(header: string, rep: Representation): boolean {
  if (header.trim() === '*') return true
  const tags = parseEntityTags(header, false)
  if (!Array.isArray(tags)) return false
  const base = rep.etag.slice(1, -1)
  // A base64url digest may itself end in `-br`: compare as sent before taking a coding suffix off.
  return tags.some((opaque) => opaque === base || opaque.replace(/-(gzip|br)$/, '') === base)
}

export function isNotModified(c: Context, rep: Representation): boolean {
  const inm = c.req.header('if-none-match')
  if (inm !== undefined) return noneMatch(inm, rep) // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
  const ims = c.req.header('if-modified-since')
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

/** Sends `rep` with its validators and `headers`: 304 when the client has it, compressed when asked. */
export function sendRepresentation(
  c: Context,
  rep: Representation,
  status: 200 | 404 | 410,
  headers: Readonly<Record<string, string>>,
): Response {
  // Tiny bodies don't gain from compression.
  const encoding = rep.body.length >= 512 ? chooseEncoding(c.req.header('accept-encoding')) : undefined
  const responseHeaders: Record<string, string> = {
    ...headers,
    ETag: etagFor(rep, encoding),
    Vary: 'Accept-Encoding',
  }
  if (rep.lastModified !== undefined) responseHeaders['Last-Modified'] = rep.lastModified
  if (status === 200 && isNotModified(c, rep))
    return new Response(null, { status: 304, headers: responseHeaders })
  const body = encoding === undefined ? rep.body : rep.encoded(encoding)
  responseHeaders['Content-Type'] = rep.contentType
  responseHeaders['Content-Length'] = String(body.length)
  if (encoding !== undefined) responseHeaders['Content-Encoding'] = encoding
  const response = new Response(body as Uint8Array<ArrayBuffer>, { status, headers: responseHeaders })
  if (encoding !== undefined) base64Bodies.set(response, () => rep.base64(encoding))
  return response
}
