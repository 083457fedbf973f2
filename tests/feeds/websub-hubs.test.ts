import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import { describe, expect, it } from 'vitest'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { makeFeedDocument } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'

/**
 * WebSub discovery in the feed bodies (W3C WebSub §4): each feed names every hub beside its
 * `rel="self"`, in the form its format defines. Checked with the strict XML parser and with
 * feedsmith, a feed parser as readers' tools use, which must find the hubs where it looks for them.
 */

const atomNs = 'http://www.w3.org/2005/Atom'
// A query with & checks the attribute escaping as well.
const hubs = ['https://pubsubhubbub.appspot.com/', 'https://hub.example.net/websub?tenant=news&x=1']

describe('feeds name their WebSub hubs', () => {
  it('RSS: one atom:link rel="hub" per hub in the channel, in the Atom namespace', () => {
    const xml = renderRss(makeFeedDocument({ hubs }))
    const channel = childNamed(parseXml(xml), 'channel')
    const hubLinks = childrenNamed(channel, 'atom:link').filter((link) => link.attributes.rel === 'hub')
    expect(hubLinks.map((link) => link.attributes)).toEqual(hubs.map((href) => ({ rel: 'hub', href })))
    expect(hubLinks.every((link) => link.uri === atomNs)).toBe(true)

    const links = parseRssFeed(xml).atom?.links ?? []
    expect(links.filter((link) => link.rel === 'hub').map((link) => link.href)).toEqual(hubs)
    expect(links.find((link) => link.rel === 'self')?.href).toBe('https://news.example.com/rss.xml')
  })

  it('Atom: one link rel="hub" per hub in the feed', () => {
    const xml = renderAtom(makeFeedDocument({ hubs, selfUrl: 'https://news.example.com/atom.xml' }))
    const feed = parseXml(xml)
    expect(feed.uri).toBe(atomNs)
    const hubLinks = childrenNamed(feed, 'link').filter((link) => link.attributes.rel === 'hub')
    expect(hubLinks.map((link) => link.attributes)).toEqual(hubs.map((href) => ({ rel: 'hub', href })))

    const links = parseAtomFeed(xml).links ?? []
    expect(links.filter((link) => link.rel === 'hub').map((link) => link.href)).toEqual(hubs)
    expect(links.find((link) => link.rel === 'self')?.href).toBe('https://news.example.com/atom.xml')
  })

  it('JSON Feed: hubs as [{ type: "WebSub", url }], before the items', () => {
    const json = renderJsonFeed(makeFeedDocument({ hubs, selfUrl: 'https://news.example.com/feed.json' }))
    const raw: unknown = JSON.parse(json)
    expect(raw).toMatchObject({ hubs: hubs.map((url) => ({ type: 'WebSub', url })) })
    const keys = typeof raw === 'object' && raw !== null ? Object.keys(raw) : []
    expect(keys.indexOf('hubs')).toBe(keys.indexOf('items') - 1)

    expect(parseJsonFeed(json).hubs).toEqual(hubs.map((url) => ({ type: 'WebSub', url })))
  })

  it.each([
    ['without hubs', {}],
    ['with an empty hub list', { hubs: [] }],
  ])('names no hub %s, and the bytes are those of a feed that never had any', (_, overrides) => {
    const plain = makeFeedDocument()
    const doc = makeFeedDocument(overrides)
    expect(renderRss(doc)).toBe(renderRss(plain))
    expect(renderAtom(doc)).toBe(renderAtom(plain))
    expect(renderJsonFeed(doc)).toBe(renderJsonFeed(plain))
    expect(renderRss(doc)).not.toContain('rel="hub"')
    expect(JSON.parse(renderJsonFeed(doc))).not.toHaveProperty('hubs')
  })
})
