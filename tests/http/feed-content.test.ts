import { describe, expect, it } from 'vitest'
import { readConfig } from '../../lib/config.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'
import {
  expectProblem,
  type FeedView,
  feedFormats,
  type Harness,
  type PublicApp,
  site,
  useHarness,
} from '../support/public-app-harness.ts'

const startHarness = useHarness()
const hub = 'https://hub.example.com/'
const atomNs = 'http://www.w3.org/2005/Atom'

/** What an item carries in each format: its summary, and whether the full text is there. */
function itemsOf(file: string, body: string): { summary: string; full: boolean }[] {
  if (file === 'feed.json') {
    const feed = JSON.parse(body) as { items: Record<string, unknown>[] }
    return feed.items.map((item) => ({
      summary: String(item.content_text ?? item.summary),
      full: 'content_html' in item,
    }))
  }
  const root = parseXml(body)
  if (file === 'rss.xml') {
    return childrenNamed(childNamed(root, 'channel'), 'item').map((item) => ({
      summary: childNamed(item, 'description').text,
      full: item.children.some((c) => c.local === 'encoded'),
    }))
  }
  return childrenNamed(root, 'entry').map((entry) => ({
    summary: childNamed(entry, 'summary').text,
    full: entry.children.some((c) => c.uri === atomNs && c.local === 'content'),
  }))
}

/** Follows `next` from `path`, checking that every link keeps `?content=summary`. */
async function walkSummaries(app: PublicApp, path: string, read: (body: string) => FeedView) {
  const ids: string[] = []
  let url: string | undefined = `${path}?content=summary`
  for (let pages = 0; url !== undefined; pages++) {
    expect(pages).toBeLessThan(20)
    const res = await app.request(url)
    expect(res.status, url).toBe(200)
    const page = read(await res.text())
    ids.push(...page.ids)
    if (page.next !== undefined)
      expect(page.next.startsWith(`${site.url}${path}?content=summary&before=`)).toBe(true)
    url = page.next
  }
  return ids
}

async function publishSome(h: Harness, count: number) {
  for (let i = 0; i < count; i++) {
    await h.publish({
      summary: `Standfirst ${i}.`,
      content: `<p>The whole story number ${i}.</p>`,
      categories: ['World'],
      publishedAt: new Date(Date.parse('2025-03-01T00:00:00Z') + i * 60_000).toISOString(),
    })
  }
}

describe('?content=summary', () => {
  it.each(feedFormats)(
    'gives summaries without the full text in $file, site and category alike',
    async (format) => {
      const h = await startHarness()
      await publishSome(h, 2)
      for (const path of [`/${format.file}`, `/categories/world/${format.file}`]) {
        const full = await h.get(path)
        expect(itemsOf(format.file, await full.text()).every((i) => i.full)).toBe(true)
        const res = await h.get(`${path}?content=summary`)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe(format.contentType)
        const body = await res.text()
        expect(body).not.toContain('The whole story')
        const items = itemsOf(format.file, body)
        expect(items.map((i) => i.summary)).toEqual(['Standfirst 1.', 'Standfirst 0.'])
        expect(items.some((i) => i.full)).toBe(false)
        // Its own representation: a different ETag from the full feed's.
        expect(res.headers.get('etag')).not.toBe(full.headers.get('etag'))
        expect(body).toContain(`${site.url}${path}?content=summary`)
      }
    },
  )

  it.each(feedFormats)(
    'keeps the parameter on every page of $file: following next reaches each article once',
    async (format) => {
      const h = await startHarness({ feedPageSize: 2 })
      await publishSome(h, 5)
      const ids = await walkSummaries(h.app, `/${format.file}`, format.read)
      expect(ids).toHaveLength(5)
      expect(new Set(ids).size).toBe(5)
    },
  )

  it('refuses any other value with a 400 naming content', async () => {
    const h = await startHarness()
    await publishSome(h, 1)
    for (const value of ['full', 'SUMMARY', '', 'summary,full']) {
      const problem = await expectProblem(await h.get(`/rss.xml?content=${encodeURIComponent(value)}`), 400)
      expect(JSON.stringify(problem.errors)).toContain('content')
    }
  })

  it('names no hub on the summary variant (hubs are pinged for the feeds as they are)', async () => {
    const h = await startHarness()
    await publishSome(h, 1)
    const app = h.newApp({ websubHubs: [hub] })
    const full = await app.request('/atom.xml')
    expect(full.headers.get('link')).toContain(hub)
    const summary = await app.request('/atom.xml?content=summary')
    expect(await summary.text()).not.toContain(hub)
    expect(summary.headers.get('link') ?? '').not.toContain(hub)
  })
})

describe('FEED_CONTENT=summary', () => {
  it('is read from the environment, and refused when it is anything but full or summary', () => {
    expect(readConfig({ FEED_CONTENT: 'summary' }).site.feedContent).toBe('summary')
    expect(readConfig({ FEED_CONTENT: 'full' }).site.feedContent).toBeUndefined()
    expect(() => readConfig({ FEED_CONTENT: 'excerpt' })).toThrow(/FEED_CONTENT must be full or summary/)
  })

  it('makes every feed carry summaries, and the pages name no summary variants', async () => {
    const h = await startHarness()
    await publishSome(h, 1)
    const app = h.newApp({ site: { ...site, feedContent: 'summary' } })
    for (const format of feedFormats) {
      const body = await (await app.request(`/categories/world/${format.file}`)).text()
      expect(itemsOf(format.file, body).map((i) => i.full)).toEqual([false])
    }
    const home = await (await app.request('/')).text()
    expect(home).not.toContain('content=summary')
  })
})
