import { describe, expect, it } from 'vitest'
import { attr, byTag, metaContents, parsePage, visibleText } from '../support/html-query.ts'
import { type Harness, site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

/** What Chromium and Firefox send when a person follows a link. */
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
/** What feed readers and API clients send. */
const otherAccepts = [
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8',
  'application/json',
  'application/problem+json, text/html;q=0.5',
  '*/*',
]

async function withDeleted(h: Harness): Promise<string> {
  const article = await h.publish({ title: 'Soon gone', content: '<p>Here for a while.</p>' })
  await h.remove(article.slug)
  return article.slug
}

describe('error pages for browsers', () => {
  it.each([
    ['an unknown article', '/articles/no-such-article', 404, 'Page not found'],
    ['an unknown path', '/no/such/path', 404, 'Page not found'],
    ['an unknown topic', '/categories/no-such-topic/', 404, 'Page not found'],
  ])(
    'answers %s with an HTML 404 page in the site design, with the way back',
    async (_what, path, status, heading) => {
      const h = await startHarness()
      const res = await h.get(path, { Accept: browserAccept })
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('vary')).toContain('Accept')
      expect(res.headers.get('cache-control') ?? '').not.toMatch(/public/)
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const { document, parseErrors } = parsePage(await res.text())
      expect(parseErrors).toEqual([])
      expect(visibleText(byTag(document, 'h1')[0] ?? document)).toBe(heading)
      const links = byTag(document, 'a').map((a) => attr(a, 'href'))
      expect(links).toContain(`${site.url}/`)
      expect(links).toContain(`${site.url}/categories/`)
      expect(metaContents(document, 'robots')).toEqual(['noindex'])
      // The site's own style, as every page.
      expect(byTag(document, 'style')).toHaveLength(1)
    },
  )

  it('answers a deleted article with an HTML 410 page saying it was removed', async () => {
    const h = await startHarness()
    const slug = await withDeleted(h)
    const res = await h.get(`/articles/${slug}`, { Accept: browserAccept })
    expect(res.status).toBe(410)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const { document } = parsePage(await res.text())
    expect(visibleText(byTag(document, 'h1')[0] ?? document)).toBe('This article was removed')
    expect(byTag(document, 'a').map((a) => attr(a, 'href'))).toContain(`${site.url}/`)
  })

  it('answers HEAD from a browser with the HTML page headers and no body', async () => {
    const h = await startHarness()
    const res = await h.get('/articles/no-such-article', { Accept: browserAccept }, 'HEAD')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('')
  })

  it.each(otherAccepts)('keeps problem JSON for Accept: %s', async (accept) => {
    const h = await startHarness()
    const slug = await withDeleted(h)
    for (const [path, status] of [
      ['/articles/no-such-article', 404],
      ['/no/such/path', 404],
      [`/articles/${slug}`, 410],
      [`/articles/${slug}.json`, 410],
    ] as const) {
      const res = await h.get(path, { Accept: accept })
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-type'), path).toBe('application/problem+json')
      expect(res.headers.get('vary'), path).toContain('Accept')
      expect(res.headers.get('cache-control') ?? '', path).not.toMatch(/public/)
      const problem = (await res.json()) as { status: number }
      expect(problem.status).toBe(status)
    }
  })

  it('keeps problem JSON when no Accept is sent', async () => {
    const h = await startHarness()
    const res = await h.get('/articles/no-such-article')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it('leaves other answers to a browser alone: a bad cursor is still a 400 problem', async () => {
    const h = await startHarness()
    const res = await h.get('/rss.xml?before=forged', { Accept: browserAccept })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})
