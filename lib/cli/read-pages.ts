import { constants } from 'node:buffer'
import { stat } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { CliError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { type ParsedExport, type ParsedFeed, parseSource, type SourceItem } from './parse-source.ts'
import { type PieceOptions, readRssPieces } from './read-rss-pieces.ts'
import { fetchSource, localPath, readSource, type SourceDocument } from './read-source.ts'

export interface PageOptions {
  /** `--follow`: walk the next pages too. */
  readonly follow: boolean
  /** `--max-pages`: of one source, at most. */
  readonly maxPages: number
  /**
   * A file larger than this many bytes is read in pieces (`read-rss-pieces.ts`); default V8's longest
   * string, 2^29 − 24 characters, which a file of no more bytes never exceeds.
   */
  readonly piecesFrom?: number
  readonly pieces?: PieceOptions
}

const formatNames = {
  rss: 'RSS feed',
  atom: 'Atom feed',
  json: 'JSON Feed',
  rdf: 'RSS 1.0 feed',
  wxr: 'WordPress export (WXR)',
  ghost: 'Ghost export',
} as const

/** A source and, with --follow, every page after it. Throws on the first that cannot be read. */
export async function readPages(
  source: string,
  io: CliIo,
  options: PageOptions,
  log: (line: string) => void,
): Promise<(ParsedFeed | ParsedExport)[]> {
  const reading = {
    cwd: io.cwd,
    ...(io.fetch && { fetch: io.fetch }),
    ...(io.signal && { signal: io.signal }),
  }
  const pages: (ParsedFeed | ParsedExport)[] = []
  const visited = new Set<string>()
  const large = await largeFile(source, io.cwd, options.piecesFrom ?? constants.MAX_STRING_LENGTH)
  let doc: SourceDocument | undefined
  if (large !== undefined) pages.push(await readInPieces(source, large, options.pieces))
  else doc = await readSource(source, reading)
  for (; doc !== undefined; ) {
    visited.add(doc.url)
    const parsed = parseSource(doc)
    pages.push(parsed)
    if (parsed.kind === 'export' || !options.follow || parsed.next === undefined) break
    if (visited.has(parsed.next)) break
    if (pages.length >= options.maxPages) {
      log(`${source}: stopped after ${options.maxPages} pages (--max-pages); the rest is not imported`)
      break
    }
    const label = `${source} page ${pages.length + 1} (${parsed.next})`
    if (/^https?:/i.test(parsed.next)) doc = await fetchSource(parsed.next, label, reading)
    // A feed from the web never leads to this machine's files; a local one may lead to the next file.
    else if (parsed.next.startsWith('file:') && doc.url.startsWith('file:'))
      doc = await readSource(parsed.next, reading)
    else throw new CliError(`${label}: cannot follow a next page there`)
  }
  log(readLine(source, pages))
  return pages
}

function readLine(source: string, pages: readonly (ParsedFeed | ParsedExport)[]): string {
  const items = pages.reduce((n, p) => n + (p.kind === 'export' ? p.articles.length : p.items.length), 0)
  const first = pages[0]
  const kind = first?.kind === 'feed' ? formatNames[first.format] : 'newsfeed export'
  const ignored = first?.kind === 'feed' && first.ignored !== undefined ? ` (${first.ignored})` : ''
  return `read ${source}: ${kind}, ${items} items${pages.length > 1 ? ` in ${pages.length} pages` : ''}${ignored}`
}

/** The file `source` names when it is larger than `limit` bytes. */
async function largeFile(source: string, cwd: string, limit: number): Promise<string | URL | undefined> {
  const path = localPath(source, cwd)
  if (path === undefined) return undefined
  const size = await stat(path).then(
    (s) => s.size,
    () => 0, // readSource tells why it cannot be read
  )
  return size > limit ? path : undefined
}

/** A file too large to be one string, as one feed: its pieces parsed one by one, their items in order. */
async function readInPieces(source: string, path: string | URL, options?: PieceOptions): Promise<ParsedFeed> {
  const url = typeof path === 'string' ? pathToFileURL(path).href : path.href
  let feed: ParsedFeed | undefined
  const items: SourceItem[] = []
  for await (const piece of readRssPieces(path, { label: source, url }, options)) {
    const parsed = parseSource(piece)
    if (parsed.kind !== 'feed') throw new CliError(`${source}: a piece of it is not RSS`)
    for (const item of parsed.items) items.push(item)
    // The channel's own fields are in every piece; a `rel="next"` after the items is in the last.
    feed = parsed.next === undefined && feed?.next !== undefined ? { ...parsed, next: feed.next } : parsed
  }
  if (feed === undefined) throw new CliError(`${source} holds no RSS items`)
  return { ...feed, items }
}
