import { type DefaultTreeAdapterTypes, parse } from 'parse5'
import { describe, expect, it } from 'vitest'
import {
  expectProblem,
  feedFormats,
  type Harness,
  site,
  useHarness,
  uuidUrn,
} from '../support/public-app-harness.ts'

type Node = DefaultTreeAdapterTypes.Node
type Element = DefaultTreeAdapterTypes.Element

const startHarness = useHarness()
let h: Harness

function elements(node: Node): Element[] {
  const found: Element[] = []
  const visit = (n: Node): void => {
    if ('tagName' in n) found.push(n)
    if ('childNodes' in n) for (const child of n.childNodes) visit(child)
  }
  visit(node)
  return found
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value
const textOf = (element: Element) =>
  element.childNodes
    .map((child) => ('value' in child && child.nodeName === '#text' ? child.value : ''))
    .join('')

/** Each CSP directive with its source list. */
function cspDirectives(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

function expectPageSecurityHeaders(res: Response) {
  const header = res.headers.get('content-security-policy')
  expect(header).not.toBeNull()
  expect(header).not.toContain('unsafe-inline')
  expect(header).not.toContain('unsafe-eval')
  const csp = cspDirectives(header)
  // No directive may let a script run: script-src, or default-src when script-src is absent.
  const scripts = csp.get('script-src') ?? csp.get('default-src')
  expect(scripts).toEqual(["'none'"])
  for (const name of ['script-src-elem', 'script-src-attr'])
    expect(csp.get(name) ?? ["'none'"]).toEqual(["'none'"])
  expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  expect(res.headers.get('x-frame-options')).toBe('DENY')
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
}

describe('article pages', () => {
  it('serves a published article as a page that runs no script, whatever its content tried', async () => {
    h = await startHarness()
    const article = await h.publish({
      slug: 'hostile-content',
      title: '</script><script>alert("title")</script> Breaking',
      summary: '<script>alert("summary")</script> & more',
      content: [
        '<p>Intro</p>',
        '<script>alert("content")</script>',
        '<img src="/x.png" onerror="alert(2)">',
        '<a href="javascript:alert(3)">click</a>',
        '<p onclick="alert(4)" style="color:red">para</p>',
        '<iframe src="https://evil.example.com/"></iframe>',
        '<svg><script>alert(5)</script></svg>',
      ].join(''),
      categories: ['World'],
      publishedAt: '2025-03-11T09:19:00+06:00',
    })
    const res = await h.get(`/articles/${article.slug}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expectPageSecurityHeaders(res)

    const page = await res.text()
    const all = elements(parse(page))
    const scripts = all.filter((e) => e.tagName === 'script')
    expect(scripts).toHaveLength(1)
    expect(scripts.map((s) => attr(s, 'type'))).toEqual(['application/ld+json'])
    expect(page.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/ld+json">'])
    for (const element of all) {
      for (const { name, value } of element.attrs) {
        expect(name.startsWith('on'), `${element.tagName} ${name}`).toBe(false)
        expect(value.trim().toLowerCase().startsWith('javascript:'), `${element.tagName} ${name}`).toBe(false)
      }
      expect(['iframe', 'svg', 'object', 'embed']).not.toContain(element.tagName)
    }
    const jsonLd = JSON.parse(textOf(scripts[0] as Element)) as Record<string, unknown>
    expect(jsonLd).toMatchObject({ '@type': 'NewsArticle', headline: article.title })
    const h1 = all.filter((e) => e.tagName === 'h1')
    expect(h1.map(textOf)).toEqual([article.title])
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;title&quot;)')
  })

  it('serves the article as JSON at /articles/{slug}.json', async () => {
    h = await startHarness()
    const article = await h.publish({ title: 'Budget passes', categories: ['Politics'] })
    const res = await h.get(`/articles/${article.slug}.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      id: article.id,
      slug: article.slug,
      url: `${site.url}/articles/${article.slug}`,
      title: 'Budget passes',
      summary: article.summary,
      contentHtml: article.contentHtml,
      categories: [{ slug: 'politics', name: 'Politics' }],
      publishedAt: article.publishedAt,
      updatedAt: article.updatedAt,
    })
    expect(body.id).toMatch(uuidUrn)
  })

  it('revalidates an article page by ETag and by Last-Modified (its updatedAt)', async () => {
    h = await startHarness()
    const article = await h.publish({ publishedAt: '2025-03-12T10:00:00Z' })
    for (const path of [`/articles/${article.slug}`, `/articles/${article.slug}.json`]) {
      // Within the second of the change another change could still come: no date to revalidate by yet.
      expect((await h.get(path)).headers.get('last-modified')).toBeNull()
    }
    h.advanceSeconds(1)
    for (const path of [`/articles/${article.slug}`, `/articles/${article.slug}.json`]) {
      const res = await h.get(path)
      const etag = res.headers.get('etag') ?? ''
      expect(etag).toMatch(/^"[^"]+"$/)
      expect(res.headers.get('last-modified')).toBe('Wed, 12 Mar 2025 12:00:00 GMT')
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
      expect((await h.get(path, { 'If-None-Match': etag })).status).toBe(304)
      expect((await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 12:00:00 GMT' })).status).toBe(304)
      expect((await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 11:59:59 GMT' })).status).toBe(200)
    }
  })

  it('answers 404 problem JSON for a draft, as page and as JSON', async () => {
    h = await startHarness()
    const draft = await h.publish({ status: 'draft' })
    await expectProblem(await h.get(`/articles/${draft.slug}`), 404)
    await expectProblem(await h.get(`/articles/${draft.slug}.json`), 404)
  })

  it('lists the latest articles on / with links to the three feeds', async () => {
    h = await startHarness({ feedPageSize: 10 })
    const articles = []
    for (let i = 0; i < 12; i++) {
      articles.push(
        await h.publish({
          title: `Front page story ${i}`,
          publishedAt: `2025-03-12T0${Math.floor(i / 2)}:0${i % 2}:00Z`,
        }),
      )
    }
    await h.publish({ title: 'Unfinished draft', status: 'draft' })
    const res = await h.get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expectPageSecurityHeaders(res)
    const page = await res.text()
    const all = elements(parse(page))
    const alternates = all.filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'alternate')
    expect(alternates.map((l) => [attr(l, 'type'), attr(l, 'href')])).toEqual([
      ['application/rss+xml', `${site.url}/rss.xml`],
      ['application/atom+xml', `${site.url}/atom.xml`],
      ['application/feed+json', `${site.url}/feed.json`],
      ['application/rss+xml', `${site.url}/rss.xml?content=summary`],
      ['application/atom+xml', `${site.url}/atom.xml?content=summary`],
      ['application/feed+json', `${site.url}/feed.json?content=summary`],
    ])
    const articleLinks = all
      .filter((e) => e.tagName === 'a')
      .map((a) => attr(a, 'href') ?? '')
      .filter((href) => href.startsWith(`${site.url}/articles/`))
    const newestTen = articles.slice(2).reverse()
    expect(articleLinks).toEqual(newestTen.map((a) => `${site.url}/articles/${a.slug}`))
    expect(page).not.toContain('Unfinished draft')
  })
})

describe('errors on public routes', () => {
  it('answers 404 problem JSON for an unknown article and an unknown category', async () => {
    h = await startHarness()
    await h.publish({ categories: ['World'] })
    await expectProblem(await h.get('/articles/no-such-article'), 404)
    await expectProblem(await h.get('/articles/no-such-article.json'), 404)
    for (const format of feedFormats) {
      await expectProblem(await h.get(`/categories/no-such-category/${format.file}`), 404)
    }
    await expectProblem(await h.get('/no/such/route'), 404)
  })

  it('answers 400 problem JSON naming `before` for a cursor it did not issue', async () => {
    h = await startHarness()
    await h.publish({ categories: ['World'] })
    const cursors = ['abc', '', '%%%', 'not a cursor', Buffer.from('DROP TABLE#x').toString('base64url')]
    for (const format of feedFormats) {
      for (const base of ['', '/categories/world']) {
        for (const cursor of cursors) {
          const path = `${base}/${format.file}?before=${encodeURIComponent(cursor)}`
          const problem = await expectProblem(await h.get(path), 400)
          expect(problem.errors, path).toEqual([{ path: 'before', message: expect.any(String) }])
        }
      }
    }
  })

  it('answers 404, never 500, to path traversal in article and category paths', async () => {
    h = await startHarness()
    await h.publish({ categories: ['World'] })
    for (const path of [
      '/articles/..%2F..%2Fetc%2Fpasswd',
      '/articles/..%2F..%2Fetc%2Fpasswd.json',
      '/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/articles/..%5C..%5Cwindows',
      '/articles/%00',
      '/categories/..%2F..%2Fetc/rss.xml',
      '/categories/%2e%2e%2f/atom.xml',
      '/categories/..%5C/feed.json',
    ]) {
      await expectProblem(await h.get(path), 404)
    }
    // Dot segments are resolved by the URL itself (WHATWG URL, as every server and CDN in front
    // does) before routing: this is a request for the site feed, not a way out of /categories.
    const dotted = await h.get('/categories/../rss.xml')
    const siteFeed = await h.get('/rss.xml')
    expect(dotted.status).toBe(200)
    expect(await dotted.text()).toBe(await siteFeed.text())
  })

  it('answers /healthz with 200 {"status":"ok"} when the store answers', async () => {
    h = await startHarness()
    const res = await h.get('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
