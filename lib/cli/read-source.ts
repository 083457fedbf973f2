import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BoundedResponse, boundedFetch, ResponseTooLargeError } from '../net/bounded-fetch.ts'
import { CliError, InterruptedError } from './cli-error.ts'

/** A document read from a file or fetched from an http(s) URL. */
export interface SourceDocument {
  /** As the user named it: a path or a URL. */
  readonly label: string
  /** Where it came from: `https:…` or `file:…`; relative links in it resolve against this. */
  readonly url: string
  readonly text: string
  /** Items before this document in its file, when it is a piece of one (`read-rss-pieces.ts`). */
  readonly firstItem?: number
}

export interface ReadSourceOptions {
  readonly cwd: string
  readonly fetch?: typeof fetch
  readonly signal?: AbortSignal
}

/** One fetched feed or export may take this long, connect, headers and body together. */
const fetchTimeoutMs = 60_000

/**
 * The largest feed or export fetched from a URL: 64 MiB, several times a 10,000-post WordPress
 * export. A larger one is refused, never read into memory; save it to a file and import that.
 */
export const maxSourceBytes = 64 * 1024 * 1024

/** Reads `source` (a path, `file:` URL or http(s) URL), decoding it by its declared charset. */
export async function readSource(source: string, options: ReadSourceOptions): Promise<SourceDocument> {
  const path = localPath(source, options.cwd)
  if (path === undefined) return fetchSource(source, source, options)
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new CliError(`cannot read ${source}: ${fileReason(error)}`, { cause: error })
  }
  const url = typeof path === 'string' ? pathToFileURL(path).href : path.href
  return { label: source, url, text: decode(bytes, undefined) }
}

/** The file `source` names (a path or `file:` URL), or undefined for an http(s) URL. */
export function localPath(source: string, cwd: string): string | URL | undefined {
  if (/^https?:\/\//i.test(source)) return undefined
  return source.startsWith('file:') ? new URL(source) : resolve(cwd, source)
}

/** Fetches `url`; `label` names it in messages (the source the user gave, for a next page). */
export async function fetchSource(
  url: string,
  label: string,
  options: ReadSourceOptions,
): Promise<SourceDocument> {
  let res: BoundedResponse
  try {
    res = await boundedFetch(
      url,
      {
        headers: {
          Accept:
            'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.9, text/xml;q=0.8, */*;q=0.5',
        },
      },
      {
        timeoutMs: fetchTimeoutMs,
        maxBytes: maxSourceBytes,
        beyond: 'refuse',
        ...(options.signal && { signal: options.signal }),
        ...(options.fetch && { fetch: options.fetch }),
      },
    )
  } catch (error) {
    if (options.signal?.aborted) throw new InterruptedError(`interrupted while fetching ${label}`)
    if (error instanceof ResponseTooLargeError) {
      throw new CliError(
        `cannot fetch ${label}: it is larger than ${maxSourceBytes / 1024 / 1024} MiB, the most the import fetches; save it to a file and import the file`,
        { cause: error },
      )
    }
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new CliError(`cannot fetch ${label}: no complete answer within ${fetchTimeoutMs / 1000} s`, {
        cause: error,
      })
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    throw new CliError(`cannot fetch ${label}: ${cause}`, { cause: error })
  }
  if (!res.ok) {
    throw new CliError(`cannot fetch ${label}: it answered ${res.status} ${res.statusText}`.trim())
  }
  return { label, url: res.url, text: decode(res.body, res.headers.get('content-type') ?? undefined) }
}

function fileReason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

/**
 * Text from bytes: a byte-order mark wins, then the charset of the Content-Type, then an XML
 * declaration's `encoding`; UTF-8 otherwise. Old feeds still come in ISO-8859-1 or Windows-1252.
 */
export function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const { decoder, skip } = decoderFor(bytes, contentType)
  return decoder.decode(bytes.subarray(skip))
}

/** The decoder {@link decode} uses for a document that starts with `head`, and the bytes of its byte-order mark. */
export function decoderFor(
  head: Uint8Array,
  contentType: string | undefined,
): { readonly decoder: InstanceType<typeof TextDecoder>; readonly skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: utf8(), skip: 3 }
  if (head[0] === 0xff && head[1] === 0xfe) return { decoder: new TextDecoder('utf-16le'), skip: 2 }
  if (head[0] === 0xfe && head[1] === 0xff) return { decoder: new TextDecoder('utf-16be'), skip: 2 }
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(
      new TextDecoder('latin1').decode(head.subarray(0, 300)),
    )?.[1]
  if (declared !== undefined) {
    try {
      return { decoder: new TextDecoder(declared), skip: 0 }
    } catch {
      // An unknown label: read it as UTF-8, which most such feeds really are.
    }
  }
  return { decoder: utf8(), skip: 0 }
}

function utf8(): InstanceType<typeof TextDecoder> {
  return new TextDecoder('utf-8')
}
