import { gunzipSync } from 'node:zlib'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import LinkHeader from 'http-link-header'
import { describe, expect, it } from 'vitest'
import { type Harness, type PublicApp, site, useHarness } from '../support/public-app-harness.ts'

/**
 * WebSub discovery over HTTP (W3C WebSub §4): with WEBSUB_HUBS set, every feed response names each
 * hub and the feed itself in `Link`, on 200 and 304 alike, agreeing with what the body says. The
 * header is read with `http-link-header`, an RFC 8288 parser; the body with feedsmith.
 */

const startHarness = useHarness()
const hubs = ['https://pubsubhubbub.appspot.com/', 'https://hub.example.net/websub']
const feedFiles = ['rss.xml', 'atom.xml', 'feed.json'] as const
const feedPaths = ['', '/categories/world'].flatMap((scope) => feedFiles.map((file) => `${scope}/${file}`))

function appWithHubs(h: Harness, websubHubs: readonly string[], feedPageSize = 10): PublicApp {
  return h.newApp({ feedPageSize, websubHubs })
}

/** The hubs and the self URL the body names, as a feed parser finds them. */
function bodyLinks(path: string, body: string): { hubs: string[]; self: string | undefined } {
  if (path.endsWith('.json')) {
    const feed = parseJsonFeed(body)
    return { hubs: (feed.hubs ?? []).map((hub) => hub.url ?? ''), self: feed.feed_url }
  }
  const links = path.endsWith('rss.xml')
    ? (parseRssFeed(body).atom?.links ?? [])
    : (parseAtomFeed(body).links ?? [])
  return {
    hubs: links.filter((link) => link.rel === 'hub').map((link) => link.href ?? ''),
    self: links.find((link) => link.rel === 'self')?.href,
  }
}

function headerLinks(response: Response): { hubs: string[]; self: string[] } {
  const link = LinkHeader.parse(response.headers.get('link') ?? '')
  return { hubs: link.rel('hub').map((ref) => ref.uri), self: link.rel('self').map((ref) => ref.uri) }
}

describe('the Link header of feeds (WebSub discovery)', () => {
  it.each(feedPaths)('names each hub and %s as self on 200, HEAD and 304, as its body does', async (path) => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    const app = appWithHubs(h, hubs)

    const full = await app.request(path)
    expect(full.status).toBe(200)
    const body = bodyLinks(path, await full.text())
    expect(body).toEqual({ hubs, self: `${site.url}${path}` })
    expect(headerLinks(full)).toEqual({ hubs, self: [`${site.url}${path}`] })

    const head = await app.request(path, { method: 'HEAD' })
    expect(headerLinks(head)).toEqual(headerLinks(full))

    const notModified = await app.request(path, {
      headers: { 'If-None-Match': full.headers.get('etag') ?? '' },
    })
    expect(notModified.status).toBe(304)
    expect(headerLinks(notModified)).toEqual({ hubs, self: [`${site.url}${path}`] })
  })

  it('names a later page itself as self, as its body does, whichever compressed coding it is sent in', async () => {
    const h = await startHarness()
    for (let i = 0; i < 3; i++)
      await h.publish({ categories: ['World'], publishedAt: `2025-03-1${i}T09:00:00Z` })
    const app = appWithHubs(h, hubs, 2)
    const first = await app.request('/categories/world/atom.xml')
    const next = parseAtomFeed(await first.text()).links?.find((link) => link.rel === 'next')?.href ?? ''
    expect(next).toMatch(/\?before=/)

    const page = await app.request(next.slice(site.url.length), { headers: { 'Accept-Encoding': 'gzip' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-encoding')).toBe('gzip')
    expect(headerLinks(page)).toEqual({ hubs, self: [next] })
    const body = gunzipSync(Buffer.from(await page.arrayBuffer())).toString('utf8')
    expect(bodyLinks('atom.xml', body)).toEqual({ hubs, self: next })
  })

  it('sends no Link header and names no hub when no hub is set', async () => {
    const h = await startHarness()
    await h.publish()
    for (const app of [appWithHubs(h, []), h.app]) {
      for (const path of feedPaths.slice(0, 3)) {
        const response = await app.request(path)
        expect(response.headers.get('link')).toBeNull()
        expect(bodyLinks(path, await response.text()).hubs).toEqual([])
      }
    }
  })

  it('adds hub links to feeds only: not to the front page, an article page or its JSON', async () => {
    const h = await startHarness()
    const article = await h.publish()
    const app = appWithHubs(h, hubs)
    for (const path of ['/', `/articles/${article.slug}`, `/articles/${article.slug}.json`, '/healthz']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('link'), path).toBeNull()
    }
  })
})
