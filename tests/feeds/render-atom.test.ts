import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { expectLeadFigure } from '../support/lead-figure.ts'
import { bySlug, hostileArticles, makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite } from '../support/make-feed-document.ts'
import {
  childNamed,
  childrenNamed,
  parseXml,
  withoutForbiddenChars,
  type XmlElement,
} from '../support/parse-xml.ts'

const atomNs = 'http://www.w3.org/2005/Atom'
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

function feedOf(xml: string): XmlElement {
  const feed = parseXml(xml)
  expect(feed.local).toBe('feed')
  expect(feed.uri).toBe(atomNs)
  return feed
}

function entryFor(feed: XmlElement, article: Article): XmlElement {
  const entry = childrenNamed(feed, 'entry').find((e) => childNamed(e, 'id').text === article.id)
  if (entry === undefined) throw new Error(`No entry for ${article.slug}`)
  return entry
}

const linksOf = (element: XmlElement) => childrenNamed(element, 'link').map((link) => link.attributes)

describe('renderAtom', () => {
  it('is well-formed XML in the Atom namespace, whatever the articles contain', () => {
    const items = hostileArticles()
    const feed = feedOf(renderAtom(makeFeedDocument({ items })))
    expect(childrenNamed(feed, 'entry')).toHaveLength(items.length)
    expect(feed.children.every((child) => child.uri === atomNs)).toBe(true)
  })

  it('states the language with xml:lang and the date of the newest change as updated', () => {
    const feed = feedOf(renderAtom(makeFeedDocument({ updated: '2025-03-11T09:19:00+06:00' })))
    expect(feed.attributes['xml:lang']).toBe('en-GB')
    expect(childNamed(feed, 'updated').text).toBe('2025-03-11T03:19:00Z')
  })

  it('describes the feed: plain-text title and subtitle, feed author, generator', () => {
    const site = { ...testSite, title: 'Why 1 < 2 & "more"', description: 'Tom & <Jerry>' }
    const feed = feedOf(renderAtom(makeFeedDocument({ site })))
    expect(childNamed(feed, 'title').attributes.type).toBe('text')
    expect(childNamed(feed, 'title').text).toBe('Why 1 < 2 & "more"')
    expect(childNamed(feed, 'subtitle').text).toBe('Tom & <Jerry>')
    expect(childNamed(childNamed(feed, 'author'), 'name').text).toBe('Example Newsroom')
    expect(childNamed(feed, 'generator').text).not.toBe('')
  })

  it('has a stable feed id, the same on every page: the site, or the category', () => {
    const first = feedOf(renderAtom(makeFeedDocument()))
    const { nextUrl: _, ...lastPageDoc } = makeFeedDocument({
      selfUrl: 'https://news.example.com/atom.xml?before=xyz',
    })
    const lastPage = feedOf(renderAtom(lastPageDoc))
    expect(childNamed(first, 'id').text).toBe('https://news.example.com/')
    expect(childNamed(lastPage, 'id').text).toBe('https://news.example.com/')

    const category = feedOf(renderAtom(makeFeedDocument({ category: { slug: 'world', name: 'World' } })))
    expect(childNamed(category, 'id').text).toBe('https://news.example.com/categories/world/')
    expect(childNamed(category, 'title').text).toBe('Example News — World')
  })

  it('links to itself, the HTML page and the next page', () => {
    const doc = makeFeedDocument({ selfUrl: 'https://news.example.com/atom.xml' })
    expect(linksOf(feedOf(renderAtom(doc)))).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: 'https://news.example.com/atom.xml' },
      { rel: 'alternate', type: 'text/html', href: 'https://news.example.com/' },
      {
        rel: 'next',
        type: 'application/atom+xml',
        href: 'https://news.example.com/rss.xml?before=abc&limit=20',
      },
    ])
    const { nextUrl: _, ...lastPage } = doc
    expect(linksOf(feedOf(renderAtom(lastPage))).map((link) => link.rel)).toEqual(['self', 'alternate'])
  })

  it('gives every entry its id, plain-text title, permalink, dates, summary and HTML content, in order', () => {
    const items = hostileArticles()
    const entries = childrenNamed(feedOf(renderAtom(makeFeedDocument({ items }))), 'entry')
    expect(entries.map((entry) => childNamed(entry, 'id').text)).toEqual(items.map((a) => a.id))
    for (const [index, article] of items.entries()) {
      const entry = entries[index] as XmlElement
      const title = childNamed(entry, 'title')
      expect(title.attributes.type).toBe('text')
      expect(title.text).toBe(withoutForbiddenChars(article.title))
      expect(linksOf(entry)[0]).toEqual({
        rel: 'alternate',
        type: 'text/html',
        href: `https://news.example.com/articles/${encodeURIComponent(article.slug)}`,
      })
      const published = childNamed(entry, 'published').text
      const updated = childNamed(entry, 'updated').text
      expect(published).toMatch(rfc3339)
      expect(updated).toMatch(rfc3339)
      expect(Date.parse(published)).toBe(Date.parse(article.publishedAt ?? ''))
      const summary = childNamed(entry, 'summary')
      expect(summary.attributes.type).toBe('text')
      expect(summary.text).toBe(withoutForbiddenChars(article.summary))
      const content = childNamed(entry, 'content')
      expect(content.attributes.type).toBe('html')
      expectLeadFigure(
        content.text,
        article,
        withoutForbiddenChars(article.contentHtml).replace(/\r\n?/g, '\n'),
      )
    }
  })

  it('keeps "Why 1 < 2 & 3 > 2" as the title text', () => {
    const article = makeArticle({ title: 'Why 1 < 2 & 3 > 2' })
    const entry = entryFor(feedOf(renderAtom(makeFeedDocument({ items: [article] }))), article)
    expect(childNamed(entry, 'title').text).toBe('Why 1 < 2 & 3 > 2')
  })

  it('dates an entry updated at its last edit, or at its publication when that came later', () => {
    const edited = makeArticle({ publishedAt: '2025-03-01T00:00:00Z', updatedAt: '2025-03-05T10:00:00Z' })
    const scheduled = makeArticle({
      publishedAt: '2025-03-20T06:00:00+06:00',
      updatedAt: '2025-03-05T00:00:00Z',
    })
    const feed = feedOf(renderAtom(makeFeedDocument({ items: [scheduled, edited] })))
    expect(childNamed(entryFor(feed, edited), 'updated').text).toBe('2025-03-05T10:00:00Z')
    expect(childNamed(entryFor(feed, scheduled), 'published').text).toBe('2025-03-20T00:00:00Z')
    expect(childNamed(entryFor(feed, scheduled), 'updated').text).toBe('2025-03-20T00:00:00Z')
  })

  it('names every author, with a uri when known, and the site author when the article names none', () => {
    const items = hostileArticles()
    const feed = feedOf(renderAtom(makeFeedDocument({ items })))
    const authorsOf = (entry: XmlElement) =>
      childrenNamed(entry, 'author').map((author) => ({
        name: childNamed(author, 'name').text,
        uris: childrenNamed(author, 'uri').map((uri) => uri.text),
      }))
    expect(authorsOf(entryFor(feed, bySlug(items, 'script-injection')))).toEqual([
      { name: '<b>Mallory</b> & "Eve"', uris: ['https://example.com/?a=1&b=<2>'] },
    ])
    expect(authorsOf(entryFor(feed, bySlug(items, 'right-to-left'))).map((a) => a.name)).toEqual([
      'كاتب',
      'סופר',
    ])
    expect(authorsOf(entryFor(feed, bySlug(items, 'no-authors')))).toEqual([
      { name: 'Example Newsroom', uris: [] },
    ])
  })

  it('gives categories a term, a label and the categories scheme', () => {
    const items = hostileArticles()
    const entry = entryFor(
      feedOf(renderAtom(makeFeedDocument({ items }))),
      bySlug(items, 'ampersands-and-quotes'),
    )
    expect(childrenNamed(entry, 'category').map((c) => c.attributes)).toEqual([
      { term: 'q-and-a', scheme: 'https://news.example.com/categories/', label: 'Q&A <live> "now"' },
      { term: 'world', scheme: 'https://news.example.com/categories/', label: 'World' },
    ])
  })

  it('links the image as an enclosure with its real MIME type, and no type when unknown', () => {
    const items = hostileArticles()
    const feed = feedOf(renderAtom(makeFeedDocument({ items })))
    const enclosure = (slug: string) =>
      linksOf(entryFor(feed, bySlug(items, slug))).filter((link) => link.rel === 'enclosure')
    expect(enclosure('comparison')).toEqual([
      {
        rel: 'enclosure',
        href: 'https://media.example.com/episode.mp3',
        type: 'audio/mpeg',
        length: '12345',
        title: 'Episode',
      },
    ])
    expect(enclosure('image-with-type-only')).toEqual([
      { rel: 'enclosure', href: 'https://img.example.com/b.webp', type: 'image/webp' },
    ])
    expect(enclosure('ampersands-and-quotes')).toEqual([
      { rel: 'enclosure', href: 'https://img.example.com/a.jpg?x=1&y="2"', title: 'A "quoted" & <odd> alt' },
    ])
    expect(enclosure('emoji')).toEqual([])
  })

  // RFC 4287's Schematron rules, which the RELAX NG schema carries only as annotations.
  it('satisfies the RFC 4287 rules on authors and alternate links', () => {
    const feed = feedOf(renderAtom(makeFeedDocument({ items: hostileArticles() })))
    const feedHasAuthor = childrenNamed(feed, 'author').length > 0
    for (const entry of childrenNamed(feed, 'entry')) {
      expect(feedHasAuthor || childrenNamed(entry, 'author').length > 0).toBe(true)
      const alternates = linksOf(entry).filter((link) => link.rel === 'alternate')
      expect(alternates.length > 0 || childrenNamed(entry, 'content').length > 0).toBe(true)
      // At most one alternate link per type and hreflang (RFC 4287 §4.1.1 and §4.1.2).
      expect(alternates).toHaveLength(1)
    }
  })
})
