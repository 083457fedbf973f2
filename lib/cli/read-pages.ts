import { CliError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { type ParsedExport, type ParsedFeed, parseSource } from './parse-source.ts'
import { fetchSource, readSource, type SourceDocument } from './read-source.ts'

export interface PageOptions {
  /** `--follow`: walk the next pages too. */
  readonly follow: boolean
  /** `--max-pages`: of one source, at most. */
  readonly maxPages: number
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
  let doc: SourceDocument = await readSource(source, reading)
  for (;;) {
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
  const items = pages.reduce((n, p) => n + (p.kind === 'export' ? p.articles.length : p.items.length), 0)
  const first = pages[0]
  const kind = first?.kind === 'feed' ? formatNames[first.format] : 'newsfeed export'
  const ignored = first?.kind === 'feed' && first.ignored !== undefined ? ` (${first.ignored})` : ''
  log(
    `read ${source}: ${kind}, ${items} items${pages.length > 1 ? ` in ${pages.length} pages` : ''}${ignored}`,
  )
  return pages
}
