import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  api,
  folderWith,
  newsfeed,
  startSite,
  storedArticles,
  target,
  tempFolder,
  token,
} from '../support/cli-harness.ts'
import { useDynalite } from '../support/dynalite.ts'
import { fixtureItems, jsonFeed, wordpressRss } from '../support/fixture-feeds.ts'
import { freePort } from '../support/free-port.ts'
import { serveHttp, TcpProxy } from '../support/http-servers.ts'

const dynamo = useDynalite()

/** A fetch that records what it sends and lets a test act on each answer. */
/** Articles a POST created: one for POST /api/articles, each 201 result of a batch. */
async function createdBy(method: string, res: Response): Promise<number> {
  if (method !== 'POST') return 0
  if (res.status === 201) return 1
  if (res.status !== 200 || !res.url.endsWith('/api/article-batches')) return 0
  const body = (await res.clone().json()) as { results: { status: number }[] }
  return body.results.filter((r) => r.status === 201).length
}

function watchedFetch(onAnswer: (method: string, res: Response) => void | Promise<void> = () => {}) {
  const methods: string[] = []
  const wrapped: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET'
    methods.push(method)
    const res = await fetch(input, init)
    await onAnswer(method, res)
    return res
  }
  return { fetch: wrapped, methods }
}

function rssItem(fields: string): string {
  return `<item>${fields}</item>`
}

function rss(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Odd items</title><link>https://odd.example.net/</link><description>d</description>
${items.join('\n')}
</channel></rss>`
}

describe('newsfeed import: following pages', () => {
  it.each([
    ['RSS rel="next"', wordpressRss, 'application/rss+xml'],
    ['JSON Feed next_url', jsonFeed, 'application/feed+json'],
  ] as const)(
    'walks %s pages with --follow, every item once',
    async (_, render, type) => {
      // Pages of 10 whose boundaries overlap by one item, as when a new post shifts a live feed. (The
      // walk is what is tested: pages of 30 proved no more, at three times the imports.)
      const items = fixtureItems(30)
      const pages = [items.slice(0, 10), items.slice(9, 20), items.slice(20)]
      const source = await serveHttp((req, res, base) => {
        const page = Number(new URL(req.url ?? '/', base).searchParams.get('page') ?? '1')
        const links = {
          self: `${base}/feed?page=${page}`,
          ...(page < 3 && { next: `/feed?page=${page + 1}` }),
        }
        res.setHeader('Content-Type', `${type}; charset=utf-8`)
        res.end(render(pages[page - 1] ?? [], links))
      })

      const site = await startSite()
      const first = await newsfeed(['import', `${source.url}/feed`, '--no-state', ...target(site)])
      expect(first.stderr).toContain('10 imported')
      expect(await storedArticles(site)).toHaveLength(10)

      const run = await newsfeed(['import', `${source.url}/feed`, '--follow', '--no-state', ...target(site)])
      expect(run.stderr).toContain(`read ${source.url}/feed: `)
      expect(run.stderr).toContain('31 items in 3 pages')
      expect(run.stderr).toContain(
        '20 imported, 0 updated, 10 unchanged, 1 repeated in the sources, imported once',
      )
      expect(run.code).toBe(0)
      const stored = await storedArticles(site)
      expect(stored.map((a) => a.id).sort()).toEqual(items.map((i) => i.guid).sort())
      expect(source.requests).toContain('GET /feed?page=3')
    },
    60_000,
  )

  it("imports another newsfeed site's own RSS with --follow, keeping its ids, slugs and dates", async () => {
    const port = await freePort()
    const origin = await startSite({
      PORT: String(port),
      SITE_URL: `http://127.0.0.1:${port}`,
      FEED_PAGE_SIZE: '10',
    })
    for (let i = 1; i <= 35; i++) {
      const res = await api(origin, 'POST', '/api/articles', {
        title: `Story number ${i} from the old site`,
        content: `Some **Markdown** with a [link](/about) number ${i}.`,
        contentFormat: 'markdown',
        authors: [{ name: 'Desk Report' }, { name: 'Zoë' }],
        categories: ['World', 'Économie'],
        status: 'published',
        publishedAt: `2024-05-${String((i % 28) + 1).padStart(2, '0')}T08:${String(i).padStart(2, '0')}:00+02:00`,
      })
      expect(res.status).toBe(201)
    }
    const site = await startSite()
    const run = await newsfeed(['import', `${origin.url}/rss.xml`, '--follow', '--no-state', ...target(site)])
    expect(run.stderr).toContain('35 items in 4 pages')
    expect(run.stderr).toContain('35 imported, 0 updated, 0 unchanged, 0 skipped')
    const before = await storedArticles(origin)
    const after = await storedArticles(site)
    // The origin's RSS writes dates in UTC: the same instants, in its offset.
    const pick = (a: (typeof after)[number]) => [
      a.id,
      a.slug,
      a.title,
      Date.parse(a.publishedAt ?? ''),
      a.categories.map((c) => c.name),
    ]
    expect(after.map(pick).sort()).toEqual(before.map(pick).sort())
    expect(after.every((a) => a.contentHtml.includes(`href="${origin.url}/about"`))).toBe(true)
  }, 60_000)
})

describe('newsfeed import: a busy or failing site', () => {
  it('waits out a store outage as its 503 Retry-After says, then finishes every item once', async () => {
    const proxy = new TcpProxy(Number(new URL(dynamo().endpoint).port))
    await proxy.start()
    const site = await startSite({ AWS_ENDPOINT_URL_DYNAMODB: proxy.url, TABLE_NAME: 'outage' })
    const items = fixtureItems(30)
    const folder = await folderWith('feed.xml', wordpressRss(items))
    let created = 0
    const retryAfter: number[] = []
    const watched = watchedFetch(async (method, res) => {
      const before = created
      created += await createdBy(method, res)
      if (before < 10 && created >= 10) await proxy.stop()
      if (res.status === 503) retryAfter.push(Number(res.headers.get('retry-after')))
    })
    const delays: number[] = []
    // Batches of 5: the outage comes between batches and within one, whose retry meets what it stored.
    const run = await newsfeed(
      ['import', 'feed.xml', '--concurrency', '2', '--batch-size', '5', ...target(site)],
      {
        cwd: folder,
        fetch: watched.fetch,
        sleep: async (ms) => {
          delays.push(ms)
          await proxy.start()
        },
      },
    )
    expect(retryAfter.length).toBeGreaterThan(0)
    expect(retryAfter[0]).toBeGreaterThan(0)
    expect(delays).toContain((retryAfter[0] ?? 0) * 1000)
    expect(run.stderr).toMatch(/, 0 skipped/)
    expect(run.code).toBe(0)
    const stored = await storedArticles(site)
    expect(stored.map((a) => a.id).sort()).toEqual(items.map((i) => i.guid).sort())
  }, 60_000)

  it('waits out a 429 whose Retry-After is an HTTP date, as a gateway in front of the site sends', async () => {
    const site = await startSite()
    let refused = 0
    const gateway = await serveHttp(async (req, res) => {
      if (req.method === 'POST' && refused < 3) {
        refused++
        res.writeHead(429, { 'Retry-After': new Date(Date.now() + 10_000).toUTCString() })
        res.end('Too Many Requests')
        return
      }
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(Buffer.from(chunk))
      const upstream = await fetch(`${site.url}${req.url}`, {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) =>
            typeof v === 'string' && k !== 'host' ? [[k, v]] : [],
          ),
        ),
        ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
      })
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers))
      res.end(Buffer.from(await upstream.arrayBuffer()))
    })
    const folder = await folderWith('feed.json', jsonFeed(fixtureItems(8)))
    const delays: number[] = []
    const run = await newsfeed(
      ['import', 'feed.json', '--concurrency', '1', '--url', gateway.url, '--token', token],
      {
        cwd: folder,
        sleep: async (ms) => {
          delays.push(ms)
        },
      },
    )
    expect(run.stderr).toContain('8 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    expect(delays).toHaveLength(3)
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(8_000)
      expect(delay).toBeLessThanOrEqual(10_000)
    }
    expect(await storedArticles(site)).toHaveLength(8)
  }, 60_000)

  it('resumes an interrupted run: the rerun writes only what is missing, every item once', async () => {
    const site = await startSite()
    const items = fixtureItems(60)
    const folder = await folderWith('feed.xml', wordpressRss(items))
    const interrupt = new AbortController()
    let created = 0
    const first = watchedFetch(async (method, res) => {
      const before = created
      created += await createdBy(method, res)
      if (before < 25 && created >= 25) interrupt.abort()
    })
    const stopped = await newsfeed(
      ['import', 'feed.xml', '--concurrency', '4', '--batch-size', '5', ...target(site)],
      {
        cwd: folder,
        fetch: first.fetch,
        signal: interrupt.signal,
      },
    )
    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toMatch(/interrupted: \d+ items not done; run the same command again to go on/)
    const partial = await storedArticles(site)
    expect(partial.length).toBeGreaterThanOrEqual(25)
    expect(partial.length).toBeLessThan(60)
    const state = JSON.parse(await readFile(join(folder, 'newsfeed-import-state.json'), 'utf8')) as {
      sites: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(state.sites[site.url] ?? {}).sort()).toEqual(partial.map((a) => a.id).sort())

    const second = watchedFetch()
    const rerun = await newsfeed(['import', 'feed.xml', '--concurrency', '4', ...target(site)], {
      cwd: folder,
      fetch: second.fetch,
    })
    expect(rerun.stderr).toContain(`${60 - partial.length} imported, 0 updated, ${partial.length} unchanged`)
    expect(rerun.code).toBe(0)
    // What the state knew was checked with one GET each and not written again; the rest went in one batch.
    expect(second.methods.filter((m) => m === 'PUT')).toEqual([])
    expect(second.methods.filter((m) => m === 'POST')).toHaveLength(1)
    const stored = await storedArticles(site)
    expect(stored.map((a) => a.id).sort()).toEqual(items.map((i) => i.guid).sort())
  }, 60_000)
})

describe('newsfeed import: the bulk endpoint’s answer', () => {
  it.each(['minimal', 'full'] as const)(
    'keeps each created article’s slug, version and url from a %s answer',
    async (answer) => {
      const site = await startSite()
      const items = fixtureItems(6)
      const folder = await folderWith('feed.xml', wordpressRss(items))
      const asked: (string | null)[] = []
      const applied: (string | null)[] = []
      // A site that ignores the preference (an older one) answers each created article in full.
      const siteFetch: typeof fetch = async (input, init) => {
        const headers = new Headers(init?.headers)
        const batch = String(input).endsWith('/api/article-batches')
        if (batch) asked.push(headers.get('prefer'))
        if (answer === 'full') headers.delete('prefer')
        const res = await fetch(input, { ...init, headers })
        if (batch) applied.push(res.headers.get('preference-applied'))
        return res
      }
      const run = await newsfeed(['import', 'feed.xml', '--verbose', ...target(site)], {
        cwd: folder,
        fetch: siteFetch,
      })
      expect(run.stderr).toContain('6 imported, 0 updated, 0 unchanged')
      expect(run.code).toBe(0)
      expect(asked).toEqual(['return=minimal'])
      expect(applied).toEqual([answer === 'minimal' ? 'return=minimal' : null])
      const stored = await storedArticles(site)
      for (const article of stored) expect(run.stderr).toContain(`created ${article.url}\n`)
      const state = JSON.parse(await readFile(join(folder, 'newsfeed-import-state.json'), 'utf8')) as {
        sites: Record<string, Record<string, { slug: string; version: number }>>
      }
      const kept = state.sites[site.url] ?? {}
      expect(stored.map((a) => [a.id, kept[a.id]?.slug, kept[a.id]?.version])).toEqual(
        stored.map((a) => [a.id, a.slug, a.version]),
      )
    },
    60_000,
  )
})

describe('newsfeed import: bad input stores nothing', () => {
  it('exits 1 with one line naming a missing file, even beside a good one', async () => {
    const site = await startSite()
    const folder = await folderWith('good.xml', wordpressRss(fixtureItems(5)))
    const run = await newsfeed(['import', 'good.xml', 'missing.xml', ...target(site)], { cwd: folder })
    expect(run.code).toBe(1)
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('newsfeed: cannot read missing.xml: no such file')
    expect(await storedArticles(site)).toEqual([])
    expect(existsSync(join(folder, 'newsfeed-import-state.json'))).toBe(false)
  })

  it('exits 1 for a document that is not a feed, and for a source URL that answers 404', async () => {
    const site = await startSite()
    const folder = await folderWith('page.html', '<!doctype html><html><body><p>Not a feed</p></body></html>')
    const html = await newsfeed(['import', 'page.html', ...target(site)], { cwd: folder })
    expect(html.code).toBe(1)
    expect(html.stderr).toBe('newsfeed: page.html is not an RSS, Atom or JSON feed, nor a newsfeed export\n')
    const source = await serveHttp((_, res) => {
      res.statusCode = 404
      res.end('no')
    })
    const gone = await newsfeed(['import', `${source.url}/feed`, ...target(site)], { cwd: folder })
    expect(gone.code).toBe(1)
    expect(gone.stderr).toBe(`newsfeed: cannot fetch ${source.url}/feed: it answered 404 Not Found\n`)
    expect(await storedArticles(site)).toEqual([])
  })

  it('never follows a feed from the web to a file of this machine', async () => {
    const site = await startSite()
    const source = await serveHttp((_, res) => {
      res.setHeader('Content-Type', 'application/rss+xml')
      res.end(wordpressRss(fixtureItems(3), { next: 'file:///etc/passwd' }))
    })
    const run = await newsfeed(['import', `${source.url}/feed`, '--follow', ...target(site)])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `newsfeed: ${source.url}/feed page 2 (file:///etc/passwd): cannot follow a next page there\n`,
    )
    expect(await storedArticles(site)).toEqual([])
  })

  it('exits 1 when the token is refused or the site cannot be reached, before writing anything', async () => {
    const site = await startSite()
    const folder = await folderWith('feed.xml', wordpressRss(fixtureItems(5)))
    const refused = await newsfeed(
      ['import', 'feed.xml', '--url', site.url, '--token', 'wrong-token-0123456789'],
      {
        cwd: folder,
      },
    )
    expect(refused.code).toBe(1)
    expect(refused.stderr.trimEnd().split('\n').at(-1)).toBe(
      `newsfeed: ${site.url} refused the token (401 Unauthorized): check --token, NEWSFEED_TOKEN or PUBLISH_TOKEN`,
    )
    const closed = `http://127.0.0.1:${await freePort()}`
    const unreachable = await newsfeed(['import', 'feed.xml', '--url', closed, '--token', token], {
      cwd: folder,
    })
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^newsfeed: cannot reach ${closed}: .*ECONNREFUSED`),
    )
    expect(await storedArticles(site)).toEqual([])
    expect(existsSync(join(folder, 'newsfeed-import-state.json'))).toBe(false)
  })

  it('writes nothing with --dry-run, and tells what it would do', async () => {
    const site = await startSite()
    const folder = await folderWith('feed.xml', wordpressRss(fixtureItems(12)))
    const run = await newsfeed(['import', 'feed.xml', '--dry-run', ...target(site)], { cwd: folder })
    expect(run.stderr).toContain('dry run, nothing written: 12 would be imported')
    expect(run.code).toBe(0)
    expect(await storedArticles(site)).toEqual([])
    expect(existsSync(join(folder, 'newsfeed-import-state.json'))).toBe(false)
  })
})

describe('newsfeed import: odd items', () => {
  it('skips what cannot be known, keeps a date the site would refuse as a draft with a note, and exits 3', async () => {
    const site = await startSite()
    const folder = await tempFolder()
    const good = Array.from({ length: 5 }, (_, i) =>
      rssItem(
        `<title>Good ${i}</title><link>https://odd.example.net/good-${i}</link><guid>https://odd.example.net/?p=${i}</guid><pubDate>Mon, 01 Jul 2024 10:00:00 +0000</pubDate><description>Text ${i}</description>`,
      ),
    )
    const odd = [
      rssItem(
        '<title>Moon landing</title><link>https://odd.example.net/moon</link><pubDate>Sun, 20 Jul 1969 20:17:00 +0000</pubDate><description>One small step.</description>',
      ),
      rssItem('<title>Nameless</title><description>Neither guid nor link.</description>'),
    ]
    await writeFile(join(folder, 'feed.xml'), rss([...good, ...odd]))
    const run = await newsfeed(['import', 'feed.xml', '--no-progress', ...target(site)], { cwd: folder })
    expect(run.code).toBe(3)
    // One rule for dates the site would refuse (issue 19.6): before 1970 in UTC, the item comes in as a draft.
    expect(run.stderr).toContain('1 with a date that cannot be read (imported as drafts)')
    expect(run.stderr).toContain(
      'skipped "Nameless" (feed.xml item 7): it has no guid, id or link to know it by on a later import',
    )
    expect(run.stderr).toContain('6 imported, 0 updated, 0 unchanged, 1 skipped: 1 × ')
    const stored = await storedArticles(site)
    expect(stored.map((a) => a.title).sort()).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `Good ${i}`),
      'Moon landing',
    ])
    expect(stored.find((a) => a.title === 'Moon landing')?.status).toBe('draft')
  })

  it('keeps undated items as drafts, drops http images, cuts categories to 10 and derives ids that stay put', async () => {
    const site = await startSite()
    const folder = await tempFolder()
    const categories = Array.from({ length: 12 }, (_, i) => `<category>Topic ${i}</category>`).join('')
    await writeFile(
      join(folder, 'feed.xml'),
      rss([
        rssItem(
          '<title>No date</title><link>https://odd.example.net/no-date</link><description>Undated.</description>',
        ),
        rssItem(
          `<title>Old image</title><link>https://odd.example.net/old-image</link><guid isPermaLink="false">5d420f3abfe6c20008d5eaad</guid><pubDate>Mon, 01 Jul 2024 10:00:00 +0200</pubDate><description>Text.</description><enclosure url="http://odd.example.net/a.jpg" type="image/jpeg" length="10"/>${categories}`,
        ),
      ]),
    )
    const run = await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('1 without a date (imported as drafts)')
    expect(run.stderr).toContain('1 images dropped (http: the site takes https images only)')
    expect(run.stderr).toContain('1 with more than 10 categories (the first 10 kept)')
    const stored = await storedArticles(site)
    const undated = stored.find((a) => a.title === 'No date')
    expect(undated).toMatchObject({ id: 'https://odd.example.net/no-date', status: 'draft' })
    expect(undated?.publishedAt).toBeUndefined()
    const old = stored.find((a) => a.title === 'Old image')
    expect(old?.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/)
    expect(old?.image).toBeUndefined()
    expect(old?.publishedAt).toBe('2024-07-01T10:00:00+02:00')
    expect(old?.categories.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Topic ${i}`))

    const again = await newsfeed(['import', 'feed.xml', '--no-state', ...target(site)], { cwd: folder })
    expect(again.stderr).toContain('0 imported, 0 updated, 2 unchanged')
    expect((await storedArticles(site)).map((a) => a.id).sort()).toEqual(stored.map((a) => a.id).sort())
  })
})

describe('newsfeed import: finding articles again', () => {
  it('gives items whose links end alike their own slugs, and finds each again without the state', async () => {
    const site = await startSite()
    const folder = await tempFolder()
    const entry = (year: number, title: string) =>
      rssItem(
        `<title>${title}</title><link>https://odd.example.net/${year}/01/update/</link><guid>tag:odd.example.net,${year}:update</guid><pubDate>Mon, 01 Jan ${year} 10:00:00 +0000</pubDate><description>Update ${year}.</description>`,
      )
    await writeFile(join(folder, 'feed.xml'), rss([entry(2023, 'Update 2023'), entry(2024, 'Update 2024')]))
    const first = await newsfeed(
      ['import', 'feed.xml', '--no-state', '--concurrency', '2', ...target(site)],
      {
        cwd: folder,
      },
    )
    expect(first.stderr).toContain('2 imported, 0 updated, 0 unchanged, 0 skipped')
    const stored = await storedArticles(site)
    expect(stored.map((a) => a.slug).sort()).toEqual([
      'update',
      expect.stringMatching(/^update-[0-9a-f]{8}$/),
    ])

    await writeFile(
      join(folder, 'feed.xml'),
      rss([entry(2023, 'Update 2023'), entry(2024, 'Update 2024, retitled')]),
    )
    const again = await newsfeed(['import', 'feed.xml', '--no-state', ...target(site)], { cwd: folder })
    expect(again.stderr).toContain('0 imported, 1 updated, 1 unchanged, 0 skipped')
    const after = await storedArticles(site)
    expect(after.map((a) => [a.id, a.slug]).sort()).toEqual(stored.map((a) => [a.id, a.slug]).sort())
    expect(after.find((a) => a.id === 'tag:odd.example.net,2024:update')?.title).toBe('Update 2024, retitled')

    // The one at "update" is deleted: its slug answers 410, and the other item is still found at its own.
    const deleted = after.find((a) => a.slug === 'update')
    expect((await api(site, 'DELETE', '/api/articles/update')).status).toBe(204)
    const third = await newsfeed(['import', 'feed.xml', '--no-state', ...target(site)], { cwd: folder })
    expect(third.stderr).toContain('1 imported, 0 updated, 1 unchanged, 0 skipped')
    const last = await storedArticles(site)
    expect(last.map((a) => a.id).sort()).toEqual(after.map((a) => a.id).sort())
    expect(last.find((a) => a.id === deleted?.id)?.slug).toMatch(/^update-[0-9a-f]{8}$/)
  })

  it('leaves an imported article that was deleted on the site deleted, as the state remembers it', async () => {
    const site = await startSite()
    const items = fixtureItems(5)
    const folder = await folderWith('feed.xml', wordpressRss(items))
    await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })
    const slug = items[2]?.link.split('/').at(-2)
    expect((await api(site, 'DELETE', `/api/articles/${slug}`)).status).toBe(204)
    const again = await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })
    expect(again.stderr).toContain(
      '0 imported, 0 updated, 4 unchanged, 1 left deleted (deleted on the site since an earlier import), 0 skipped',
    )
    expect(again.code).toBe(0)
    expect(await storedArticles(site)).toHaveLength(4)
  })
})
