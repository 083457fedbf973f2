import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { attr, byClass, byTag, parsePage, text, visibleText } from '../support/html-query.ts'
import { type Harness, site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

function sha256(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`
}

async function page(h: Harness, path: string) {
  const res = await h.get(path)
  expect(res.status, path).toBe(200)
  const source = await res.text()
  const { document, parseErrors } = parsePage(source)
  expect(parseErrors).toEqual([])
  return { res, document }
}

describe('the subscribe page', () => {
  it('lists the three site feeds with copy buttons, one-click links into readers, and names the feeds in the head', async () => {
    const h = await startHarness()
    await h.publish()
    const { res, document } = await page(h, '/subscribe/')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const feeds = [`${site.url}/rss.xml`, `${site.url}/atom.xml`, `${site.url}/feed.json`]
    const alternates = byTag(document, 'link').filter((l) => attr(l, 'rel') === 'alternate')
    expect(alternates.map((l) => attr(l, 'href'))).toEqual(feeds)
    const fields = byTag(document, 'input')
    expect(fields.map((f) => attr(f, 'value'))).toEqual(feeds)
    expect(fields.every((f) => attr(f, 'readonly') !== undefined)).toBe(true)
    const buttons = byTag(document, 'button')
    expect(buttons.map((b) => attr(b, 'aria-controls'))).toEqual(fields.map((f) => attr(f, 'id')))
    expect(byClass(document, 'feed-address').map((s) => attr(s, 'id'))).toEqual(['rss', 'atom', 'json-feed'])

    const rss = encodeURIComponent(`${site.url}/rss.xml`)
    const readers = byClass(document, 'readers').flatMap((list) => byTag(list, 'a'))
    expect(readers.map((a) => [visibleText(a), attr(a, 'href')])).toEqual([
      ['Your feed reader app', 'feed://news.example.com/rss.xml'],
      ['Feedly', `https://feedly.com/i/subscription/feed%2F${rss}`],
      ['Inoreader', `https://www.inoreader.com/?add_feed=${rss}`],
      ['NewsBlur', `https://www.newsblur.com/?url=${rss}`],
      ['Feedbin', `https://feedbin.com/?subscribe=${rss}`],
      ['The Old Reader', `https://theoldreader.com/feeds/subscribe?url=${rss}`],
    ])
    // What a feed is, in two sentences.
    const intro = visibleText(byClass(document, 'standfirst')[0] ?? document)
    expect(intro.match(/[.!?](\s|$)/g)).toHaveLength(2)
  })

  it('runs only its own script: the CSP allows exactly that script by its hash, and nothing inline else', async () => {
    const h = await startHarness()
    await h.publish()
    const { res, document } = await page(h, '/subscribe/')
    const scripts = byTag(document, 'script')
    expect(scripts).toHaveLength(1)
    const script = scripts[0]
    if (script === undefined) throw new Error('no script')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    const scriptSrc = csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'))
    expect(scriptSrc).toBe(`script-src ${sha256(text(script))}`)
    // Other pages still allow no script at all.
    const home = await h.get('/')
    expect(home.headers.get('content-security-policy')).not.toContain('script-src')
  })

  it("serves a topic's own feeds at ?topic=, and the topic page's visible feed links lead there", async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World Affairs'] })
    const { document } = await page(h, '/subscribe/?topic=world-affairs')
    const feeds = ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${site.url}/categories/world-affairs/${f}`)
    expect(byTag(document, 'input').map((f) => attr(f, 'value'))).toEqual(feeds)
    expect(visibleText(byTag(document, 'h1')[0] ?? document)).toBe('Follow World Affairs')
    expect(
      byTag(document, 'link')
        .filter((l) => attr(l, 'rel') === 'alternate')
        .map((l) => attr(l, 'href')),
    ).toEqual(feeds)

    const topic = await page(h, '/categories/world-affairs/')
    const visible = byClass(topic.document, 'feeds').flatMap((p) => byTag(p, 'a'))
    expect(visible.map((a) => [visibleText(a), attr(a, 'href')])).toEqual([
      ['RSS', `${site.url}/subscribe/?topic=world-affairs#rss`],
      ['Atom', `${site.url}/subscribe/?topic=world-affairs#atom`],
      ['JSON Feed', `${site.url}/subscribe/?topic=world-affairs#json-feed`],
    ])
    // The head keeps naming the feeds themselves, for readers that discover them.
    const alternates = byTag(topic.document, 'link').filter((l) => attr(l, 'rel') === 'alternate')
    expect(alternates.map((l) => attr(l, 'href'))).toEqual([
      ...feeds,
      ...feeds.map((f) => `${f}?content=summary`),
    ])
  })

  it("serves an author's own feeds at ?author=, and the author page's visible feed links lead there", async () => {
    const h = await startHarness()
    await h.publish({ authors: [{ name: 'Zoë Ångström' }] })
    const { document } = await page(h, '/subscribe/?author=zoe-angstrom')
    const feeds = ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${site.url}/authors/zoe-angstrom/${f}`)
    expect(byTag(document, 'input').map((f) => attr(f, 'value'))).toEqual(feeds)
    expect(visibleText(byTag(document, 'h1')[0] ?? document)).toBe('Follow Zoë Ångström')
    const canonical = byTag(document, 'link').find((l) => attr(l, 'rel') === 'canonical')
    expect(canonical && attr(canonical, 'href')).toBe(`${site.url}/subscribe/?author=zoe-angstrom`)
    expect(
      byTag(document, 'link')
        .filter((l) => attr(l, 'rel') === 'alternate')
        .map((l) => attr(l, 'href')),
    ).toEqual(feeds)

    const author = await page(h, '/authors/zoe-angstrom/')
    const visible = byClass(author.document, 'feeds').flatMap((p) => byTag(p, 'a'))
    expect(visible.map((a) => [visibleText(a), attr(a, 'href')])).toEqual([
      ['RSS', `${site.url}/subscribe/?author=zoe-angstrom#rss`],
      ['Atom', `${site.url}/subscribe/?author=zoe-angstrom#atom`],
      ['JSON Feed', `${site.url}/subscribe/?author=zoe-angstrom#json-feed`],
    ])
  })

  it('answers an author with nothing public 404, and a topic together with an author 400 naming author', async () => {
    const h = await startHarness()
    await h.publish({ authors: [{ name: 'Zoë Ångström' }], status: 'draft' })
    expect((await h.get('/subscribe/?author=zoe-angstrom')).status).toBe(404)
    expect((await h.get('/subscribe/?author=%20bad%20')).status).toBe(404)
    await h.publish({ authors: [{ name: 'Zoë Ångström' }], categories: ['World'] })
    const both = await h.get('/subscribe/?author=zoe-angstrom&topic=world')
    expect(both.status).toBe(400)
    expect(both.headers.get('content-type')).toBe('application/problem+json')
    expect(JSON.stringify(await both.json())).toContain('author')
  })

  it('answers an unknown or malformed topic like its feeds: 404, as a page for a browser', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    expect((await h.get('/subscribe/?topic=nowhere')).status).toBe(404)
    expect((await h.get('/subscribe/?topic=%20bad%20')).status).toBe(404)
    const browser = await h.get('/subscribe/?topic=nowhere', { Accept: browserAccept })
    expect(browser.status).toBe(404)
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8')
  })

  it('redirects /subscribe to /subscribe/, keeping the query', async () => {
    const h = await startHarness()
    const res = await h.get('/subscribe?topic=world')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${site.url}/subscribe/?topic=world`)
  })

  it('revalidates by ETag (304)', async () => {
    const h = await startHarness()
    await h.publish()
    const first = await h.get('/subscribe/')
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"/)
    const again = await h.get('/subscribe/', { 'If-None-Match': etag ?? '' })
    expect(again.status).toBe(304)
  })
})
