import { describe, expect, it } from 'vitest'
import type { Site } from '../../lib/site.ts'
import { attr, byClass, byTag, only, parsePage, visibleText } from '../support/html-query.ts'
import { type Harness, site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

/** The topic navigation of a page: each link's text, address and whether it marks the current page. */
async function navOf(res: Response) {
  expect(res.status).toBe(200)
  const { document, parseErrors } = parsePage(await res.text())
  expect(parseErrors).toEqual([])
  const nav = only(byClass(document, 'topic-nav'), 'topic navigation')
  expect(attr(nav, 'aria-label')).toBe('Topics')
  return byTag(nav, 'a').map((a) => ({
    text: visibleText(a),
    href: attr(a, 'href'),
    ...(attr(a, 'aria-current') !== undefined ? { current: attr(a, 'aria-current') } : {}),
  }))
}

const fixedLinks = [
  { text: 'All topics', href: 'https://news.example.com/categories/' },
  { text: 'All authors', href: 'https://news.example.com/authors/' },
  { text: 'All feeds (OPML)', href: 'https://news.example.com/feeds.opml' },
]

function topic(name: string, slug: string, current = false) {
  return {
    text: name,
    href: `https://news.example.com/categories/${slug}/`,
    ...(current ? { current: 'page' } : {}),
  }
}

async function publishIn(h: Harness, categories: string[], times = 1, stepSeconds = 60) {
  for (let i = 0; i < times; i++) {
    h.advanceSeconds(stepSeconds)
    await h.publish({ categories })
  }
}

/** Another app on the harness's table and clock, with other site settings. */
function appWith(h: Harness, changes: Partial<Site>) {
  return h.newApp({ site: { ...site, ...changes } })
}

describe('the topic navigation', () => {
  it('names the topics with the most recent articles on the front page and topic pages, then all topics and the OPML', async () => {
    const h = await startHarness()
    await publishIn(h, ['Science'])
    await publishIn(h, ['World', 'Politics'], 2)
    await publishIn(h, ['World'], 2)
    await publishIn(h, ['Sport'])
    const expected = [
      topic('World', 'world'),
      topic('Politics', 'politics'),
      topic('Sport', 'sport'),
      topic('Science', 'science'),
    ]
    expect(await navOf(await h.get('/'))).toEqual([...expected, ...fixedLinks])
    expect(await navOf(await h.get('/categories/politics/'))).toEqual([
      topic('World', 'world'),
      topic('Politics', 'politics', true),
      topic('Sport', 'sport'),
      topic('Science', 'science'),
      ...fixedLinks,
    ])
  })

  it("names the first page's topics on an older page of the front page", async () => {
    const h = await startHarness({ feedPageSize: 2 })
    await publishIn(h, ['Science'], 2)
    await publishIn(h, ['Sport'], 2)
    const first = await h.get('/')
    const html = await first.clone().text()
    const older = /<link rel="next" href="https:\/\/news\.example\.com(\/\?before=[^"]+)">/.exec(html)?.[1]
    expect(older).toBeDefined()
    const firstNav = await navOf(first)
    expect(firstNav.map((link) => link.text)).toEqual([
      'Sport',
      'All topics',
      'All authors',
      'All feeds (OPML)',
    ])
    expect(await navOf(await h.get((older ?? '').replaceAll('&amp;', '&')))).toEqual(firstNav)
  })

  it('names at most six topics', async () => {
    const h = await startHarness()
    for (const name of ['A1', 'B2', 'C3', 'D4', 'E5', 'F6', 'G7', 'H8']) await publishIn(h, [name])
    const nav = await navOf(await h.get('/'))
    expect(nav.map((link) => link.text)).toEqual([
      'H8',
      'G7',
      'F6',
      'E5',
      'D4',
      'C3',
      'All topics',
      'All authors',
      'All feeds (OPML)',
    ])
  })

  it("follows the front page's topics on a topic page whose own articles did not change", async () => {
    const h = await startHarness()
    await publishIn(h, ['World'])
    // Past the second of the newest change, so the page's entry settles and stays cached.
    h.advanceSeconds(2)
    await h.get('/categories/world/')
    expect((await navOf(await h.get('/categories/world/'))).map((link) => link.text)).toEqual([
      'World',
      ...fixedLinks.map((link) => link.text),
    ])
    // Seconds apart: the World page's cached entry is still current (no World write, not yet a minute old).
    await publishIn(h, ['Culture'], 2, 1)
    expect((await navOf(await h.get('/categories/world/'))).map((link) => link.text)).toEqual([
      'Culture',
      'World',
      ...fixedLinks.map((link) => link.text),
    ])
  })

  it('names the SITE_NAV_TOPICS in their order, as the articles name them, a slug when none does', async () => {
    const h = await startHarness()
    await publishIn(h, ['World'], 3)
    await publishIn(h, ['Science & Tech'])
    const app = appWith(h, { navTopics: ['science-tech', 'no-articles-yet', 'world'] })
    expect(await navOf(await app.request('/'))).toEqual([
      topic('Science & Tech', 'science-tech'),
      topic('no-articles-yet', 'no-articles-yet'),
      topic('World', 'world'),
      ...fixedLinks,
    ])
  })

  it('costs a topic page no Scan, and only the feed-state reads once its pages are cached', async () => {
    const h = await startHarness()
    await publishIn(h, ['World'], 3)
    h.log.clear()
    await h.get('/categories/world/')
    expect(h.log.sent).not.toContain('Scan')
    h.log.clear()
    await h.get('/categories/world/')
    expect(h.log.operations()).toEqual(['GetItem', 'GetItem'])
  })
})

describe('SITE_TIME_ZONE', () => {
  it('changes the dates people see on pages and not one byte of any feed', async () => {
    const h = await startHarness()
    h.setNow('2025-03-12T12:00:00Z')
    await h.publish({ categories: ['World'], publishedAt: '2025-03-11T09:19:00+06:00' })
    const zoned = appWith(h, { timeZone: 'America/New_York' })
    const plain = appWith(h, {})
    for (const path of [
      '/rss.xml',
      '/atom.xml',
      '/feed.json',
      '/categories/world/rss.xml',
      '/feed.json?content=summary',
    ]) {
      const [a, b] = await Promise.all([zoned.request(path), plain.request(path)])
      expect(a.status, path).toBe(200)
      expect(await a.text(), path).toBe(await b.text())
    }
    const shown = async (app: ReturnType<typeof appWith>, path: string) => {
      const { document } = parsePage(await (await app.request(path)).text())
      const time = byTag(document, 'time')[0]
      return time && { datetime: attr(time, 'datetime'), text: visibleText(time) }
    }
    expect(await shown(zoned, '/')).toEqual({
      datetime: '2025-03-11T09:19:00+06:00',
      text: '10 March 2025, 23:19 -04:00',
    })
    expect(await shown(plain, '/')).toEqual({
      datetime: '2025-03-11T09:19:00+06:00',
      text: '11 March 2025, 09:19 +06:00',
    })
    expect((await shown(zoned, '/categories/world/'))?.text).toBe('10 March 2025, 23:19 -04:00')
  })
})
