import { parseFeed } from '@rowanmanning/feed-parser'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import { describe, expect, it } from 'vitest'
import { attr, byTag, parsePage, text } from '../support/html-query.ts'
import { expectProblem, feedFormats, site, useHarness, walkFeed } from '../support/public-app-harness.ts'

const startHarness = useHarness()
const zoe = [{ name: 'Zoë Ångström' }]

describe('author feeds', () => {
  it.each(feedFormats)(
    '$file reaches every published article of the author exactly once, newest first, and nothing else',
    async (format) => {
      const h = await startHarness({ feedPageSize: 3 })
      const hers: string[] = []
      for (let i = 0; i < 8; i++) {
        h.advanceSeconds(60)
        const authors = i % 2 === 0 ? zoe : [{ name: 'Desk Report' }, ...zoe]
        hers.push((await h.publish({ authors })).slug)
        await h.publish({ authors: [{ name: 'Someone Else' }] })
      }
      await h.publish({ authors: zoe, status: 'draft' })
      await h.publish({ authors: zoe, publishedAt: '2030-01-01T00:00:00Z' })
      const pages = await walkFeed(h.app, `/authors/zoe-angstrom/${format.file}`, format.read)
      expect(pages.length).toBe(3)
      expect(pages.flatMap((p) => p.links)).toEqual(
        hers.reverse().map((slug) => `${site.url}/articles/${slug}`),
      )
    },
  )

  it('passes the same parsers as the category feeds, titled with the author and self-linked', async () => {
    const h = await startHarness()
    await h.publish({ authors: zoe, title: 'By Zoë' })
    const rss = await (await h.get('/authors/zoe-angstrom/rss.xml')).text()
    const atom = await (await h.get('/authors/zoe-angstrom/atom.xml')).text()
    const json = await (await h.get('/authors/zoe-angstrom/feed.json')).text()
    const title = `${site.title} — Zoë Ångström`
    const parsedRss = parseRssFeed(rss)
    expect(parsedRss.title).toBe(title)
    expect(parsedRss.items?.map((i) => i.title)).toEqual(['By Zoë'])
    const parsedAtom = parseAtomFeed(atom)
    expect(parsedAtom.id).toBe(`${site.url}/authors/zoe-angstrom/`)
    expect(parsedAtom.links?.find((l) => l.rel === 'self')?.href).toBe(
      `${site.url}/authors/zoe-angstrom/atom.xml`,
    )
    expect(parseJsonFeed(JSON.parse(json)).feed_url).toBe(`${site.url}/authors/zoe-angstrom/feed.json`)
    for (const body of [rss, atom]) expect(parseFeed(body).title).toBe(title)
  })

  it('answers 304 to its ETag, Cache-Control capped by a scheduled article of the author', async () => {
    const h = await startHarness()
    await h.publish({ authors: zoe })
    await h.publish({ authors: zoe, publishedAt: new Date(h.now().getTime() + 30_000).toISOString() })
    const res = await h.get('/authors/zoe-angstrom/atom.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=30, s-maxage=30,/)
    const etag = res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"/)
    expect((await h.get('/authors/zoe-angstrom/atom.xml', { 'If-None-Match': etag })).status).toBe(304)
  })

  it('names the hubs in its body and its Link header, as the site feed does; its summary variant names none', async () => {
    const hub = 'https://hub.example/'
    const h = await startHarness({ websubHubs: [hub] })
    await h.publish({ authors: zoe })
    const self = `${site.url}/authors/zoe-angstrom/atom.xml`
    const res = await h.get('/authors/zoe-angstrom/atom.xml')
    expect(res.headers.get('link')).toBe(`<${hub}>; rel="hub", <${self}>; rel="self"`)
    const links = parseAtomFeed(await res.text()).links ?? []
    expect(links.filter((l) => l.rel === 'hub').map((l) => l.href)).toEqual([hub])
    const summary = await h.get('/authors/zoe-angstrom/atom.xml?content=summary')
    expect(summary.headers.get('link')).toBeNull()
    expect((parseAtomFeed(await summary.text()).links ?? []).filter((l) => l.rel === 'hub')).toEqual([])
  })

  it('answers problem JSON 404 for an author with nothing published, and 400 naming a bad cursor', async () => {
    const h = await startHarness()
    await h.publish({ authors: zoe, status: 'draft' })
    await expectProblem(await h.get('/authors/zoe-angstrom/rss.xml'), 404)
    await expectProblem(await h.get('/authors/nobody/feed.json'), 404)
    await h.publish({ authors: zoe })
    const bad = await expectProblem(
      await h.get('/authors/zoe-angstrom/rss.xml?before=forged.AAAAAAAAAAAAAAAAAAAAAA'),
      400,
    )
    expect(JSON.stringify(bad)).toContain('before')
  })
})

describe('author pages', () => {
  it('lists the author, names the three feeds as alternates and pages with rel=next', async () => {
    const h = await startHarness({ feedPageSize: 2 })
    for (let i = 0; i < 3; i++) {
      h.advanceSeconds(60)
      await h.publish({ authors: zoe })
    }
    const res = await h.get('/authors/zoe-angstrom/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    const { document, parseErrors } = parsePage(await res.text())
    expect(parseErrors).toEqual([])
    const links = byTag(document, 'link')
    const alternates = links.filter((l) => attr(l, 'rel') === 'alternate').map((l) => attr(l, 'href'))
    expect(alternates.slice(0, 3)).toEqual(
      ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${site.url}/authors/zoe-angstrom/${file}`),
    )
    expect(byTag(document, 'h1').map((e) => text(e))).toEqual(['Zoë Ångström'])
    const next = links.find((l) => attr(l, 'rel') === 'next')
    const nextUrl = next === undefined ? '' : (attr(next, 'href') ?? '')
    expect(nextUrl.startsWith(`${site.url}/authors/zoe-angstrom/?before=`)).toBe(true)
    expect((await h.get(nextUrl.slice(site.url.length))).status).toBe(200)
  })

  it('redirects the address without the slash and another Unicode form to the one URL', async () => {
    const h = await startHarness()
    await h.publish({ authors: zoe })
    const bare = await h.get('/authors/zoe-angstrom')
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe(`${site.url}/authors/zoe-angstrom/`)
    await h.publish({ authors: [{ name: 'Café Écrit' }] })
    const nfd = await h.get(`/authors/${encodeURIComponent('café'.normalize('NFD'))}/rss.xml`)
    expect(nfd.status).toBe(301)
  })
})
