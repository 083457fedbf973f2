import { describe, expect, it } from 'vitest'
import { allElements, attr, byTag, parsePage } from '../support/html-query.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'
import { expectProblem, type Harness, site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

/** The article links of a list page and its `rel="next"` link. */
async function readListPage(res: Response) {
  expect(res.status).toBe(200)
  const { document, parseErrors } = parsePage(await res.text())
  expect(parseErrors).toEqual([])
  const links = byTag(document, 'h2').flatMap((h2) =>
    allElements(h2)
      .filter((e) => e.tagName === 'a')
      .map((a) => attr(a, 'href') ?? ''),
  )
  const next = byTag(document, 'link').find((l) => attr(l, 'rel') === 'next')
  return { document, links, next: next && attr(next, 'href') }
}

/** Follows a topic page's `rel="next"` links to the end; the article links of every page. */
async function walkTopic(h: Harness, path: string): Promise<string[]> {
  const links: string[] = []
  let url: string | undefined = path
  for (let pages = 0; url !== undefined; pages++) {
    expect(pages).toBeLessThan(20)
    const page = await readListPage(await h.get(url))
    links.push(...page.links)
    if (page.next !== undefined) expect(page.next.startsWith(`${site.url}${path}?before=`)).toBe(true)
    url = page.next
  }
  return links
}

describe('topic pages', () => {
  it('lists every article of the category exactly once across its pages, newest first, and nothing else', async () => {
    const h = await startHarness({ feedPageSize: 4 })
    const world: string[] = []
    for (let i = 0; i < 11; i++) {
      h.advanceSeconds(60)
      world.push((await h.publish({ categories: ['World', 'Politics'] })).slug)
      if (i % 3 === 0) await h.publish({ categories: ['Sport'] })
    }
    await h.publish({ categories: ['World'], status: 'draft' })
    await h.publish({ categories: ['World'], publishedAt: '2030-01-01T00:00:00Z' })
    const links = await walkTopic(h, '/categories/world/')
    expect(links).toEqual(world.reverse().map((slug) => `${site.url}/articles/${slug}`))
  })

  it('names its three feeds as alternates, with the CSP, an ETag and a 304 like the other pages', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    const res = await h.get('/categories/world/')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+, s-maxage=\d+/)
    const { document } = await readListPage(res.clone())
    const alternates = byTag(document, 'link')
      .filter((l) => attr(l, 'rel') === 'alternate')
      .map((l) => [attr(l, 'type'), attr(l, 'href')])
    expect(alternates).toEqual([
      ['application/rss+xml', `${site.url}/categories/world/rss.xml`],
      ['application/atom+xml', `${site.url}/categories/world/atom.xml`],
      ['application/feed+json', `${site.url}/categories/world/feed.json`],
      ['application/rss+xml', `${site.url}/categories/world/rss.xml?content=summary`],
      ['application/atom+xml', `${site.url}/categories/world/atom.xml?content=summary`],
      ['application/feed+json', `${site.url}/categories/world/feed.json?content=summary`],
    ])
    for (const [, href] of alternates)
      expect((await h.get(String(href).slice(site.url.length))).status).toBe(200)
    const etag = res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"/)
    const again = await h.get('/categories/world/', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await h.publish({ categories: ['World'] })
    expect((await h.get('/categories/world/', { 'If-None-Match': etag })).status).toBe(200)
  })

  it('answers exactly like the category feeds for unknown, scheduled-only and malformed categories', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    await h.publish({ categories: ['Later'], publishedAt: '2030-01-01T00:00:00Z' })
    for (const slug of ['nowhere', 'later', 'Bad..Slug', 'x'.repeat(300)]) {
      const page = await h.get(`/categories/${slug}/`)
      const feed = await expectProblem(await h.get(`/categories/${slug}/rss.xml`), 404)
      const problem = await expectProblem(page, 404)
      expect(problem.detail).toBe(feed.detail)
    }
    h.setNow('2030-01-01T00:00:01Z')
    expect((await h.get('/categories/later/')).status).toBe(200)
  })

  it('redirects the path without the slash to the topic page, keeping the query', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    const res = await h.get('/categories/world?before=x')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${site.url}/categories/world/?before=x`)
    expect((await h.get('/categories/nowhere.xml')).status).toBe(404)
  })

  it('refuses a page cursor it did not issue with a problem naming before', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    const problem = await expectProblem(await h.get('/categories/world/?before=forged.cursor'), 400)
    expect(JSON.stringify(problem.errors)).toContain('before')
  })

  it('is where article pages and the feeds’ category URLs lead', async () => {
    const h = await startHarness()
    const article = await h.publish({
      categories: ['World Affairs'],
      image: { url: 'https://img.example.com/a.jpg', alt: 'A' },
    })
    const page = await h.get(`/articles/${article.slug}`)
    const { document } = parsePage(await page.text())
    const robots = byTag(document, 'meta').filter((m) => attr(m, 'name') === 'robots')
    expect(robots.map((m) => attr(m, 'content'))).toEqual(['max-image-preview:large'])
    const topics = byTag(document, 'footer')
      .filter((f) => attr(f, 'class') === 'topics')
      .flatMap((f) => allElements(f).filter((e) => e.tagName === 'a'))
      .map((a) => attr(a, 'href'))
    expect(topics).toEqual([`${site.url}/categories/world-affairs/`])

    const rss = parseXml(await (await h.get('/rss.xml')).text())
    const item = childNamed(childNamed(rss, 'channel'), 'item')
    const domains = childrenNamed(item, 'category').map((c) => c.attributes.domain ?? '')
    const atom = parseXml(await (await h.get('/atom.xml')).text())
    const entry = childNamed(atom, 'entry')
    const schemes = childrenNamed(entry, 'category').map((c) => `${c.attributes.scheme}${c.attributes.term}`)
    for (const url of [...topics, ...domains, ...schemes]) {
      let res = await h.get(String(url).slice(site.url.length))
      if (res.status === 301) res = await h.get(String(res.headers.get('location')).slice(site.url.length))
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await res.text()).toContain('<h1>World Affairs</h1>')
    }
  })
})
