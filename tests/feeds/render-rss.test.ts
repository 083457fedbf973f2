import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { toRfc822 } from '../../lib/feeds/dates.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
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

const rfc822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/
const namespaces = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
}

function channelOf(xml: string): XmlElement {
  const rss = parseXml(xml)
  expect(rss.name).toBe('rss')
  expect(rss.attributes.version).toBe('2.0')
  return childNamed(rss, 'channel')
}

function itemFor(channel: XmlElement, article: Article): XmlElement {
  const item = childrenNamed(channel, 'item').find((i) => childNamed(i, 'guid').text === article.id)
  if (item === undefined) throw new Error(`No item for ${article.slug}`)
  return item
}

describe('renderRss', () => {
  it('is well-formed XML, whatever the articles contain', () => {
    const items = hostileArticles()
    const channel = channelOf(renderRss(makeFeedDocument({ items })))
    expect(childrenNamed(channel, 'item')).toHaveLength(items.length)
  })

  it('describes the channel: title, links, description, language, lastBuildDate, generator', () => {
    const channel = channelOf(renderRss(makeFeedDocument({ updated: '2025-03-11T09:19:00+06:00' })))
    expect(childNamed(channel, 'title').text).toBe('Example News')
    expect(childNamed(channel, 'link').text).toBe('https://news.example.com/')
    expect(childNamed(channel, 'description').text).toBe('All the news that fits')
    expect(childNamed(channel, 'language').text).toBe('en-GB')
    expect(childNamed(channel, 'lastBuildDate').text).toBe('Tue, 11 Mar 2025 03:19:00 +0000')
    expect(childNamed(channel, 'generator').text).not.toBe('')
  })

  it('names the category in the title of a category feed', () => {
    const doc = makeFeedDocument({ category: { slug: 'q-and-a', name: 'Q&A <live> "now"' } })
    expect(childNamed(channelOf(renderRss(doc)), 'title').text).toBe('Example News — Q&A <live> "now"')
  })

  it('links to itself and to the next page with atom:link', () => {
    const channel = channelOf(renderRss(makeFeedDocument()))
    const links = childrenNamed(channel, 'atom:link')
    expect(links.every((link) => link.uri === namespaces.atom)).toBe(true)
    expect(links.map((link) => link.attributes)).toEqual([
      { rel: 'self', type: 'application/rss+xml', href: 'https://news.example.com/rss.xml' },
      {
        rel: 'next',
        type: 'application/rss+xml',
        href: 'https://news.example.com/rss.xml?before=abc&limit=20',
      },
    ])
  })

  it('has no next link on the last page', () => {
    const { nextUrl: _, ...lastPage } = makeFeedDocument()
    const links = childrenNamed(channelOf(renderRss(lastPage)), 'atom:link')
    expect(links.map((link) => link.attributes.rel)).toEqual(['self'])
  })

  it('gives every item its title, permalink, guid, summary, content and date, in order', () => {
    const items = hostileArticles()
    const channel = channelOf(renderRss(makeFeedDocument({ items })))
    const rendered = childrenNamed(channel, 'item')
    expect(rendered.map((item) => childNamed(item, 'guid').text)).toEqual(items.map((a) => a.id))
    for (const [index, article] of items.entries()) {
      const item = rendered[index] as XmlElement
      expect(childNamed(item, 'title').text).toBe(withoutForbiddenChars(article.title))
      expect(childNamed(item, 'link').text).toBe(
        `https://news.example.com/articles/${encodeURIComponent(article.slug)}`,
      )
      const guid = childNamed(item, 'guid')
      expect(guid.attributes.isPermaLink).toBe('false')
      // The description is HTML: decoding that HTML once more gives the plain summary back.
      const description = childNamed(item, 'description').text
      expect(parseXml(`<p>${description}</p>`).text).toBe(withoutForbiddenChars(article.summary))
      const encoded = childNamed(item, 'content:encoded')
      expect(encoded.uri).toBe(namespaces.content)
      expectLeadFigure(
        encoded.text,
        article,
        withoutForbiddenChars(article.contentHtml).replace(/\r\n?/g, '\n'),
      )
      const pubDate = childNamed(item, 'pubDate').text
      expect(pubDate).toMatch(rfc822)
      expect(pubDate).toBe(toRfc822(article.publishedAt ?? ''))
    }
  })

  it('keeps content with ]]> intact and the markup readable', () => {
    const article = makeArticle({ contentHtml: '<p>a ]]> b ]]]]> c</p><script>x</script>' })
    const item = itemFor(channelOf(renderRss(makeFeedDocument({ items: [article] }))), article)
    expect(childNamed(item, 'content:encoded').text).toBe('<p>a ]]> b ]]]]> c</p><script>x</script>')
  })

  it('names every author with its own dc:creator and never uses <author>', () => {
    const items = hostileArticles()
    const channel = channelOf(renderRss(makeFeedDocument({ items })))
    for (const article of items) {
      const item = itemFor(channel, article)
      const creators = childrenNamed(item, 'dc:creator')
      expect(creators.every((creator) => creator.uri === namespaces.dc)).toBe(true)
      const expected = article.authors.length > 0 ? article.authors.map((a) => a.name) : [testSite.author]
      expect(creators.map((creator) => creator.text)).toEqual(expected.map(withoutForbiddenChars))
      expect(childrenNamed(item, 'author')).toEqual([])
    }
  })

  it('lists categories by display name with their feed URL as domain', () => {
    const items = hostileArticles()
    const item = itemFor(
      channelOf(renderRss(makeFeedDocument({ items }))),
      bySlug(items, 'ampersands-and-quotes'),
    )
    expect(childrenNamed(item, 'category').map((c) => [c.attributes.domain, c.text])).toEqual([
      ['https://news.example.com/categories/q-and-a/', 'Q&A <live> "now"'],
      ['https://news.example.com/categories/world/', 'World'],
    ])
  })

  it('makes the image an enclosure with its real type when type and length are known', () => {
    const items = hostileArticles()
    const item = itemFor(channelOf(renderRss(makeFeedDocument({ items }))), bySlug(items, 'comparison'))
    expect(childNamed(item, 'enclosure').attributes).toEqual({
      url: 'https://media.example.com/episode.mp3',
      length: '12345',
      type: 'audio/mpeg',
    })
    expect(childrenNamed(item, 'media:content')).toEqual([])
  })

  it('makes the image a media:content, keeping what is known, when the enclosure would lack type or length', () => {
    const items = hostileArticles()
    const channel = channelOf(renderRss(makeFeedDocument({ items })))
    const typed = itemFor(channel, bySlug(items, 'image-with-type-only'))
    expect(childrenNamed(typed, 'enclosure')).toEqual([])
    const media = childNamed(typed, 'media:content')
    expect(media.uri).toBe(namespaces.media)
    expect(media.attributes).toEqual({
      url: 'https://img.example.com/b.webp',
      medium: 'image',
      type: 'image/webp',
    })

    const untyped = childNamed(itemFor(channel, bySlug(items, 'ampersands-and-quotes')), 'media:content')
    expect(untyped.attributes).toEqual({ url: 'https://img.example.com/a.jpg?x=1&y="2"', medium: 'image' })
    expect(childNamed(untyped, 'media:description').text).toBe('A "quoted" & <odd> alt')
  })

  it('renders an empty page as a valid channel with no items', () => {
    const channel = channelOf(renderRss(makeFeedDocument({ items: [] })))
    expect(childrenNamed(channel, 'item')).toEqual([])
    expect(childNamed(channel, 'lastBuildDate').text).toMatch(rfc822)
  })
})

describe('renderRss plain-text fields', () => {
  it('writes & and < in titles and categories as hexadecimal references (RSS Best Practices Profile)', () => {
    const doc = makeFeedDocument({
      items: [makeArticle({ title: 'Q&A: why 1 < 2', categories: [{ slug: 'q-a', name: 'Q&A <live>' }] })],
    })
    const xml = renderRss(doc)
    expect(xml).toContain('<title>Q&#x26;A: why 1 &#x3C; 2</title>')
    expect(xml).toContain('>Q&#x26;A &#x3C;live&gt;</category>')
    const item = childNamed(childNamed(parseXml(xml), 'channel'), 'item')
    expect(childNamed(item, 'title').text).toBe('Q&A: why 1 < 2')
  })
})
