import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFeed } from '@rowanmanning/feed-parser'
import Parser from 'rss-parser'
import { afterAll, describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import type { FeedDocument } from '../../lib/feeds/feed-document.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { hostileArticles } from '../support/make-article.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'
import { withoutForbiddenChars } from '../support/parse-xml.ts'

// Real readers, fed the hostile corpus: no entry dropped, no title mangled.
const items: readonly Article[] = hostileArticles()
const doc: FeedDocument = makeFeedDocument({ items })
const formats = [
  ['RSS', renderRss(doc)],
  ['Atom', renderAtom(doc)],
] as const
const expectedTitles = items.map((article) => withoutForbiddenChars(article.title))
const expectedIds = items.map((article) => article.id)

describe.each(formats)('%s read by rss-parser', (_, xml) => {
  it('yields every item with its id and exact title', async () => {
    const feed = await new Parser().parseString(xml)
    expect(feed.title).toBe('Example News')
    expect(feed.items.map((item) => item.title)).toEqual(expectedTitles)
    expect(feed.items.map((item) => item.guid ?? item.id)).toEqual(expectedIds)
  })
})

describe.each(formats)('%s read by @rowanmanning/feed-parser', (_, xml) => {
  it('yields every item with its id, exact title, authors and the image with its type', () => {
    const feed = parseFeed(xml)
    expect(feed.title).toBe('Example News')
    expect(feed.items.map((item) => item.title)).toEqual(expectedTitles)
    expect(feed.items.map((item) => item.id)).toEqual(expectedIds)
    const index = items.findIndex((article) => article.slug === 'comparison')
    expect(feed.items[index]?.media.map((media) => [media.url, media.mimeType])).toEqual([
      ['https://media.example.com/episode.mp3', 'audio/mpeg'],
    ])
    const rtl = items.findIndex((article) => article.slug === 'right-to-left')
    expect(feed.items[rtl]?.authors.map((author) => author.name)).toEqual(['كاتب', 'סופר'])
  })
})

// Python's feedparser, the library behind many aggregators: the Debian package python3-feedparser.
// /usr/bin/python3 on purpose, as `python3` on PATH may be another interpreter without it.
const python = '/usr/bin/python3'
const hasFeedparser = spawnSync(python, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0
const feedparserScript = `
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": int(bool(d.bozo)),
  "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version,
  "title": d.feed.get("title"),
  "titles": [e.get("title") for e in d.entries],
  "ids": [e.get("id") for e in d.entries],
}))
`

interface FeedparserResult {
  readonly bozo: number
  readonly bozo_exception: string
  readonly version: string
  readonly title: string
  readonly titles: readonly string[]
  readonly ids: readonly string[]
}

const workDir = mkdtempSync(join(tmpdir(), 'feeds-feedparser-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

function feedparser(xml: string, name: string): FeedparserResult {
  const file = join(workDir, name)
  writeFileSync(file, xml)
  const run = spawnSync(python, ['-c', feedparserScript, file], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`feedparser failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as FeedparserResult
}

describe.skipIf(!hasFeedparser)(
  `Python feedparser (needs ${python} with feedparser: apt-get install python3-feedparser)`,
  () => {
    it.each(formats)('reads the %s corpus without complaint, every entry and title intact', (format, xml) => {
      const result = feedparser(xml, `corpus.${format}.xml`)
      expect(result.bozo_exception).toBe('')
      expect(result.bozo).toBe(0)
      expect(result.version).toBe(format === 'RSS' ? 'rss20' : 'atom10')
      expect(result.titles).toEqual(expectedTitles)
      expect(result.ids).toEqual(expectedIds)
    })

    it.each([
      ['RSS', renderRss],
      ['Atom', renderAtom],
    ] as const)(
      'reads an author feed in %s as it reads a category feed, titled with the author',
      (format, render) => {
        const author = { slug: 'zoe-angstrom', name: 'Zoë Ångström' }
        const result = feedparser(render(makeFeedDocument({ items, author })), `author.${format}.xml`)
        expect(result.bozo_exception).toBe('')
        expect(result.version).toBe(format === 'RSS' ? 'rss20' : 'atom10')
        expect(result.title).toBe('Example News — Zoë Ångström')
        expect(result.ids).toEqual(expectedIds)
      },
    )

    it('does flag an ill-formed feed, so a pass above means something', () => {
      const broken = renderRss(doc).replace('<title>Why 1 &#x3C; 2', '<title>Why 1 < 2')
      expect(feedparser(broken, 'broken.xml').bozo).toBe(1)
    })
  },
)

// newsboat, a terminal feed reader (Debian package newsboat): an `exec:` feed hands it the file
// as it would a download; what it stored is read back from its SQLite cache.
const hasNewsboat =
  spawnSync('newsboat', ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync(python, ['-c', 'import sqlite3'], { stdio: 'ignore' }).status === 0
const newsboatCacheScript = `
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select guid, title from rss_item").fetchall()
print(json.dumps({"ids": [r[0] for r in rows], "titles": [r[1] for r in rows]}))
`

function newsboat(xml: string, name: string): { readonly ids: string[]; readonly titles: string[] } {
  const dir = mkdtempSync(join(workDir, `newsboat-${name}-`))
  const feed = join(dir, 'feed.xml')
  writeFileSync(feed, xml)
  writeFileSync(join(dir, 'urls'), `"exec:cat ${feed}"\n`)
  writeFileSync(join(dir, 'config'), '')
  const cache = join(dir, 'cache.db')
  const run = spawnSync(
    'newsboat',
    ['-u', join(dir, 'urls'), '-c', cache, '-C', join(dir, 'config'), '-x', 'reload'],
    { encoding: 'utf8', env: { ...process.env, HOME: dir }, timeout: 30_000 },
  )
  if (run.status !== 0) throw new Error(`newsboat failed: ${run.stderr}`)
  const read = spawnSync(python, ['-c', newsboatCacheScript, cache], { encoding: 'utf8' })
  if (read.status !== 0) throw new Error(`reading newsboat's cache failed: ${read.stderr}`)
  return JSON.parse(read.stdout) as { ids: string[]; titles: string[] }
}

describe.skipIf(!hasNewsboat)('newsboat (apt-get install newsboat)', () => {
  it.each(formats)('stores every %s entry once, with its id and exact title', (format, xml) => {
    const stored = newsboat(xml, format)
    expect(stored.ids.length).toBe(expectedIds.length)
    expect(new Set(stored.ids)).toEqual(new Set(expectedIds))
    const titleById = new Map(stored.ids.map((id, i) => [id, stored.titles[i]]))
    // newsboat shows a title on one line: it turns each line break into a space, nothing else.
    const oneLine = expectedTitles.map((title) => title.replace(/[\n\r]/g, ' '))
    expect(expectedIds.map((id) => titleById.get(id))).toEqual(oneLine)
  })
})
