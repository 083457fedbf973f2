import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.ts'
import type { CliIo } from '../../lib/cli/cli-io.ts'
import type { ParsedFeed } from '../../lib/cli/parse-source.ts'
import { readPages } from '../../lib/cli/read-pages.ts'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rss-pieces-'))
  dirs.push(dir)
  await writeFile(join(dir, name), text)
  return dir
}

/**
 * `count` items of about 2 KB, each with what a cut at `</item>` must not fall for: the tag inside a
 * CDATA section and inside a comment, and characters of 2, 3 and 4 bytes in UTF-8 that the file's
 * 1 MiB reads split anywhere.
 */
function rss(count: number, header = ''): string {
  const items = Array.from(
    { length: count },
    (_, n) => `<item><title>Story ${n}: Zoë, 東京, 🎉</title><link>https://x.example/${n}</link>
  <guid isPermaLink="false">id-${n}</guid><pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate>
  <category>World</category>${n % 3 === 0 ? '<!-- not the end: </item> -->' : ''}
  <description><![CDATA[<p>${'Ünïcødé words and more. '.repeat(60 + (n % 17))}</p><pre></item></pre>]]></description>
</item>`,
  ).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" ${header}><channel><title>Pieces</title><link>https://x.example/</link>
<description>d</description>
${items}
<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="next" href="https://x.example/page/2"/>
</channel></rss>
`
}

async function read(
  cwd: string,
  options: { piecesFrom?: number; pieceChars?: number; maxItemChars?: number },
) {
  const io = { cwd } as CliIo
  const lines: string[] = []
  const pages = await readPages(
    'feed.xml',
    io,
    {
      follow: false,
      maxPages: 1,
      ...(options.piecesFrom !== undefined && { piecesFrom: options.piecesFrom }),
      pieces: {
        ...(options.pieceChars !== undefined && { pieceChars: options.pieceChars }),
        ...(options.maxItemChars !== undefined && { maxItemChars: options.maxItemChars }),
      },
    },
    (line) => lines.push(line),
  )
  return { pages, lines }
}

describe('a file too large to be one string', () => {
  it('is read in pieces cut at item boundaries, giving the items, origins and read line of a whole read', async () => {
    // About 2.5 MB: three of the reader's 1 MiB reads, and pieces of some 40 items each.
    const cwd = await file('feed.xml', rss(1_000))
    const whole = await read(cwd, {})
    const pieces = await read(cwd, { piecesFrom: 0, pieceChars: 100_000 })
    expect(pieces.pages).toHaveLength(1)
    const [feed] = pieces.pages as ParsedFeed[]
    expect(feed?.items).toHaveLength(1_000)
    expect(feed?.items[999]?.origin).toBe('feed.xml item 1000')
    expect(feed?.items[500]?.title).toBe('Story 500: Zoë, 東京, 🎉')
    expect(pieces.pages).toEqual(whole.pages)
    expect(pieces.lines).toEqual(whole.lines)
    expect(pieces.lines).toEqual(['read feed.xml: RSS feed, 1000 items'])
  })

  it('refuses an item larger than the bound, naming it, and a WordPress export, which it does not cut', async () => {
    const cwd = await file('feed.xml', rss(30))
    await expect(read(cwd, { piecesFrom: 0, maxItemChars: 1_000 })).rejects.toThrow(
      /feed\.xml: item 1 is larger than/,
    )
    const wxr = await file('feed.xml', rss(3, 'xmlns:wp="http://wordpress.org/export/1.2/"'))
    const refused = read(wxr, { piecesFrom: 0 })
    await expect(refused).rejects.toBeInstanceOf(CliError)
    await expect(refused).rejects.toThrow(/too large to read whole; only an RSS feed/)
  })
})
