import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { articleItem } from '../../lib/store/item-keys.ts'
import { allElements, attr, byTag, parsePage } from '../support/html-query.ts'
import { makeArticle } from '../support/make-article.ts'
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../support/parse-xml.ts'
import { cacheDirectives, type Harness, site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

const sitemapNs = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const newsNs = 'http://www.google.com/schemas/sitemap-news/0.9'

async function getXml(h: Harness, url: string, contentType = 'application/xml; charset=utf-8') {
  const res = await h.get(url.startsWith(site.url) ? url.slice(site.url.length) : url)
  expect(res.status, url).toBe(200)
  expect(res.headers.get('content-type')).toBe(contentType)
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  return parseXml(await res.text())
}

/** Every `<loc>` of a urlset with its `<lastmod>`, checking the structure sitemaps.org asks for. */
function urlsOf(urlset: XmlElement): { loc: string; lastmod?: string }[] {
  expect(urlset.local).toBe('urlset')
  expect(urlset.uri).toBe(sitemapNs)
  return urlset.children.map((url) => {
    expect(url.local).toBe('url')
    const loc = childNamed(url, 'loc').text
    expect(loc).toMatch(/^https:\/\/news\.example\.com\/[\x21-\x7e]*$/)
    const lastmod = childrenNamed(url, 'lastmod')[0]?.text
    return { loc, ...(lastmod !== undefined ? { lastmod } : {}) }
  })
}

/** Follows the sitemap index to every child: each article URL with its lastmod, as listed. */
async function crawlSitemaps(h: Harness) {
  const index = await getXml(h, '/sitemap.xml')
  expect(index.local).toBe('sitemapindex')
  expect(index.uri).toBe(sitemapNs)
  const children = index.children.map((s) => {
    expect(s.local).toBe('sitemap')
    return childNamed(s, 'loc').text
  })
  expect(new Set(children).size).toBe(children.length)
  const urls: { loc: string; lastmod?: string }[] = []
  for (const child of children) urls.push(...urlsOf(await getXml(h, child)))
  return { children, urls }
}

async function opmlOutlines(h: Harness) {
  const opml = await getXml(h, '/feeds.opml', 'text/x-opml; charset=utf-8')
  expect(opml.name).toBe('opml')
  expect(opml.attributes.version).toBe('2.0')
  expect(childNamed(childNamed(opml, 'head'), 'title').text).toContain(site.title)
  return childrenNamed(childNamed(opml, 'body'), 'outline').map((o) => o.attributes)
}

describe('feeds.opml', () => {
  it('lists the site and each public category once, never a draft-, scheduled- or deleted-only one', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World', 'Sport'] })
    await h.publish({ categories: ['World'] })
    await h.publish({ categories: ['Drafts Only'], status: 'draft' })
    await h.publish({ categories: ['Later'], publishedAt: '2025-03-13T12:00:00Z' })
    const gone = await h.publish({ categories: ['Gone'] })
    await h.remove(gone.slug)
    const soonGone = await h.publish({ categories: ['Withdrawn'], publishedAt: '2025-03-12T13:00:00Z' })
    await h.remove(soonGone.slug)
    const moved = await h.publish({ categories: ['Moved'] })
    await h.replace(moved.slug, {
      title: moved.title,
      content: moved.content,
      categories: ['Elsewhere'],
      status: 'published',
      publishedAt: moved.publishedAt,
    })

    const outlines = await opmlOutlines(h)
    expect(outlines.map((o) => o.xmlUrl)).toEqual([
      `${site.url}/rss.xml`,
      `${site.url}/categories/elsewhere/rss.xml`,
      `${site.url}/categories/sport/rss.xml`,
      `${site.url}/categories/world/rss.xml`,
      // Then every author's: the harness's articles are all by the desk.
      `${site.url}/authors/example-news-desk/rss.xml`,
    ])
    for (const outline of outlines) {
      expect(outline.type).toBe('rss')
      expect(outline.text).toBe(outline.title)
      expect(outline.title).toMatch(/^Example News/)
      expect(outline.htmlUrl).toBe(String(outline.xmlUrl).replace(/rss\.xml$/, ''))
      for (const url of [outline.xmlUrl, outline.htmlUrl])
        expect((await h.get(String(url).slice(site.url.length))).status, url).toBe(200)
    }
    // Every category the feeds refuse is absent, and the other way round.
    for (const slug of ['drafts-only', 'later', 'gone', 'withdrawn', 'moved'])
      expect(
        outlines.some((o) => String(o.xmlUrl).includes(`/${slug}/`)),
        slug,
      ).toBe(false)
    for (const slug of ['drafts-only', 'later', 'withdrawn'])
      expect((await h.get(`/categories/${slug}/rss.xml`)).status, slug).toBe(404)

    // A scheduled category joins when its article falls due, with no write in between.
    h.setNow('2025-03-13T12:00:01Z')
    const later = (await opmlOutlines(h)).map((o) => String(o.xmlUrl))
    expect(later).toContain(`${site.url}/categories/later/rss.xml`)
    // The withdrawn one's time has come too: it stays out, as its feed does.
    expect(later.filter((url) => /\/(withdrawn|gone|moved|drafts-only)\//.test(url))).toEqual([])
    expect((await h.get('/categories/withdrawn/rss.xml')).status).toBe(404)
  })

  it('stays well-formed whatever a category is called', async () => {
    const h = await startHarness()
    const name = 'Q&A <"Special"> \'quotes\' \u0001\tend'
    await h.publish({ categories: [{ slug: 'qa', name }] })
    const outlines = await opmlOutlines(h)
    const qa = outlines.find((o) => o.xmlUrl === `${site.url}/categories/qa/rss.xml`)
    expect(qa?.text).toMatch(/^Example News — Q&A <"Special"> 'quotes'/)
    // The name the category's own feed gives.
    const rss = await getXml(h, '/categories/qa/rss.xml', 'application/rss+xml; charset=utf-8')
    expect(qa?.title).toBe(childNamed(childNamed(rss, 'channel'), 'title').text)
  })

  it('keeps a category listed while another public article holds it', async () => {
    const h = await startHarness()
    const first = await h.publish({ categories: ['World'] })
    await h.publish({ categories: ['World'] })
    await h.remove(first.slug)
    expect((await opmlOutlines(h)).map((o) => o.xmlUrl)).toContain(`${site.url}/categories/world/rss.xml`)
  })

  it('answers 304 to its ETag and a new body after a new category', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    const res = await h.get('/feeds.opml')
    const etag = res.headers.get('etag') ?? ''
    expect(cacheDirectives(res.headers.get('cache-control')).get('s-maxage')).toBeGreaterThan(0)
    expect((await h.get('/feeds.opml', { 'If-None-Match': etag })).status).toBe(304)
    await h.publish({ categories: ['Science'] })
    const after = await h.get('/feeds.opml', { 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(await after.text()).toContain('/categories/science/rss.xml')
  })
})

describe('categories index', () => {
  it('links every public category’s topic page, and no other', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World', 'Sport'] })
    await h.publish({ categories: ['Later'], publishedAt: '2030-01-01T00:00:00Z' })
    const res = await h.get('/categories/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const { document } = parsePage(await res.text())
    const links = byTag(document, 'ul')
      .filter((ul) => attr(ul, 'class') === 'topics')
      .flatMap((ul) => allElements(ul).filter((e) => e.tagName === 'a'))
      .map((a) => attr(a, 'href'))
    expect(links).toEqual([`${site.url}/categories/sport/`, `${site.url}/categories/world/`])
  })
})

describe('sitemaps', () => {
  it('lists every public article exactly once across the index’s children, with lastmod, and no other', async () => {
    const h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    const expected = new Map<string, string>()
    const months = [
      '2024-11-05T10:00:00Z',
      '2025-01-31T23:59:59Z',
      '2025-02-01T00:00:00Z',
      '2025-03-12T11:00:00Z',
    ]
    for (const publishedAt of months) {
      for (let i = 0; i < 3; i++) {
        const a = await h.publish({ publishedAt, categories: ['World'] })
        expected.set(`${site.url}/articles/${a.slug}`, a.updatedAt)
      }
    }
    await h.publish({ status: 'draft', categories: ['Drafts'] })
    await h.publish({ publishedAt: '2025-03-12T12:30:00Z' })
    await h.publish({ publishedAt: '2025-04-02T00:00:00Z' })
    const deleted = await h.publish({ publishedAt: '2024-11-06T00:00:00Z' })
    await h.remove(deleted.slug)
    const drafted = await h.publish({ publishedAt: '2025-02-02T00:00:00Z' })
    await h.replace(drafted.slug, { title: drafted.title, content: drafted.content, status: 'draft' })

    const { children, urls } = await crawlSitemaps(h)
    expect(children).toEqual(
      ['pages', '2024-11', '2025-01', '2025-02', '2025-03'].map((n) => `${site.url}/sitemaps/${n}.xml`),
    )
    const articles = urls.filter((u) => u.loc.includes('/articles/'))
    expect(articles.map((u) => u.loc).sort()).toEqual([...expected.keys()].sort())
    for (const { loc, lastmod } of articles) expect(lastmod).toBe(expected.get(loc))
    expect(urls.filter((u) => !u.loc.includes('/articles/')).map((u) => u.loc)).toEqual([
      `${site.url}/`,
      `${site.url}/categories/`,
      `${site.url}/categories/world/`,
      `${site.url}/authors/`,
      `${site.url}/authors/example-news-desk/`,
    ])
    // The month of the scheduled article is not in the index, nor served, until it comes.
    expect((await h.get('/sitemaps/2025-04.xml')).status).toBe(404)
    for (const bad of ['2025-13.xml', '2025-1.xml', 'pages', 'x.xml'])
      expect((await h.get(`/sitemaps/${bad}`)).status, bad).toBe(404)
    h.setNow('2025-04-02T00:00:01Z')
    const later = await crawlSitemaps(h)
    expect(later.children).toContain(`${site.url}/sitemaps/2025-04.xml`)
    expect(later.urls.filter((u) => u.loc.includes('/articles/'))).toHaveLength(expected.size + 2)
  })

  it('gives an article that fell due after its last write its publication time as lastmod', async () => {
    const h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    const a = await h.publish({ publishedAt: '2025-03-12T12:10:00Z' })
    h.setNow('2025-03-12T12:20:00Z')
    const { urls } = await crawlSitemaps(h)
    expect(urls.find((u) => u.loc.endsWith(`/${a.slug}`))?.lastmod).toBe('2025-03-12T12:10:00.000Z')
  })

  it('answers 304 to the ETag of a month and changes it when an article of the month goes', async () => {
    const h = await startHarness()
    const a = await h.publish()
    await h.publish()
    const res = await h.get('/sitemaps/2025-03.xml')
    const etag = res.headers.get('etag') ?? ''
    expect((await h.get('/sitemaps/2025-03.xml', { 'If-None-Match': etag })).status).toBe(304)
    await h.remove(a.slug)
    const after = await h.get('/sitemaps/2025-03.xml', { 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(await after.text()).not.toContain(`/articles/${a.slug}<`)
  })
})

describe('news-sitemap.xml', () => {
  it('lists only what was published in the last 48 hours, never a scheduled or deleted one', async () => {
    const h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    const fresh = await h.publish({ publishedAt: '2025-03-12T11:00:00Z', title: 'Fresh & <new>' })
    const edge = await h.publish({ publishedAt: '2025-03-10T12:00:01Z' })
    await h.publish({ publishedAt: '2025-03-10T11:59:59Z' })
    await h.publish({ publishedAt: '2025-03-12T13:00:00Z' })
    await h.publish({ status: 'draft' })
    const deleted = await h.publish({ publishedAt: '2025-03-12T10:00:00Z' })
    await h.remove(deleted.slug)
    const urlset = await getXml(h, '/news-sitemap.xml')
    expect(urlset.uri).toBe(sitemapNs)
    const entries = urlset.children.map((url) => {
      const news = childNamed(url, 'news:news')
      expect(news.uri).toBe(newsNs)
      const publication = childNamed(news, 'news:publication')
      expect(childNamed(publication, 'news:name').text).toBe(site.title)
      expect(childNamed(publication, 'news:language').text).toBe('en')
      return {
        loc: childNamed(url, 'loc').text,
        date: childNamed(news, 'news:publication_date').text,
        title: childNamed(news, 'news:title').text,
      }
    })
    expect(entries).toEqual([
      { loc: `${site.url}/articles/${fresh.slug}`, date: '2025-03-12T11:00:00.000Z', title: 'Fresh & <new>' },
      { loc: `${site.url}/articles/${edge.slug}`, date: '2025-03-10T12:00:01.000Z', title: edge.title },
    ])
  })

  it('holds at most the 1,000 newest articles', async () => {
    const h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    const start = Date.parse('2025-03-12T11:00:00Z')
    const slugs: string[] = []
    const items = Array.from({ length: 1050 }, (_, n) => {
      slugs.push(`news-${n}`)
      const at = new Date(start - n * 60_000).toISOString()
      return articleItem(makeArticle({ slug: `news-${n}`, publishedAt: at, updatedAt: at, createdAt: at }))
    })
    // Stored as the store stores them, 25 at a time: the write path's own cost is not what this is about.
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
      await h.client.send(new BatchWriteItemCommand({ RequestItems: { [h.tableName]: batch } }))
    }
    const urlset = await getXml(h, '/news-sitemap.xml')
    const locs = urlset.children.map((url) => childNamed(url, 'loc').text)
    expect(locs).toEqual(slugs.slice(0, 1000).map((slug) => `${site.url}/articles/${slug}`))
  })
})

describe('robots.txt', () => {
  it('names both sitemaps by absolute URL and keeps crawlers out of the API', async () => {
    const h = await startHarness()
    const res = await h.get('/robots.txt')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const lines = (await res.text()).split('\n')
    expect(lines.filter((l) => l.startsWith('Sitemap:'))).toEqual([
      `Sitemap: ${site.url}/sitemap.xml`,
      `Sitemap: ${site.url}/news-sitemap.xml`,
    ])
    expect(lines).toContain('Disallow: /api/')
    for (const line of lines.filter((l) => l.startsWith('Sitemap:')))
      expect((await h.get(line.slice('Sitemap: '.length + site.url.length))).status).toBe(200)
    expect((await h.get('/robots.txt', { 'If-None-Match': res.headers.get('etag') ?? '' })).status).toBe(304)
  })

  it('answers 405 with Allow to other methods on every discovery path', async () => {
    const h = await startHarness()
    for (const path of [
      '/robots.txt',
      '/feeds.opml',
      '/sitemap.xml',
      '/news-sitemap.xml',
      '/categories/',
      '/categories/world/',
    ]) {
      const res = await h.app.request(path, { method: 'POST' })
      expect(res.status, path).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    }
  })
})
