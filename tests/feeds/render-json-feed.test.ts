import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { expectLeadFigure } from '../support/lead-figure.ts'
import { bySlug, hostileArticles, makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite } from '../support/make-feed-document.ts'
import { withoutForbiddenChars } from '../support/parse-xml.ts'

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

interface JsonFeedItem {
  id: unknown
  url: unknown
  title: unknown
  summary: unknown
  content_html: unknown
  image?: unknown
  date_published: unknown
  date_modified: unknown
  authors: unknown
  tags: unknown
  attachments?: unknown
}

/** JSON.parse, then the shape JSON Feed 1.1 requires, checked rather than assumed. */
function parseFeed(json: string): Record<string, unknown> & { items: JsonFeedItem[] } {
  const feed: unknown = JSON.parse(json)
  if (typeof feed !== 'object' || feed === null || !('items' in feed) || !Array.isArray(feed.items)) {
    throw new Error('Not a JSON Feed: no items array')
  }
  return feed as Record<string, unknown> & { items: JsonFeedItem[] }
}

function itemFor(items: JsonFeedItem[], article: Article): JsonFeedItem {
  const item = items.find((i) => i.id === article.id)
  if (item === undefined) throw new Error(`No item for ${article.slug}`)
  return item
}

describe('renderJsonFeed', () => {
  it('is JSON Feed 1.1 with the top-level members in a fixed order', () => {
    const feed = parseFeed(
      renderJsonFeed(makeFeedDocument({ selfUrl: 'https://news.example.com/feed.json' })),
    )
    expect(Object.keys(feed)).toEqual([
      'version',
      'title',
      'home_page_url',
      'feed_url',
      'next_url',
      'description',
      'icon',
      'favicon',
      'language',
      'authors',
      'items',
    ])
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Example News',
      home_page_url: 'https://news.example.com/',
      feed_url: 'https://news.example.com/feed.json',
      next_url: 'https://news.example.com/rss.xml?before=abc&limit=20',
      description: 'All the news that fits',
      language: 'en-GB',
      authors: [{ name: 'Example Newsroom' }],
      items: [],
    })
  })

  it('has next_url only when there is a next page', () => {
    const { nextUrl: _, ...lastPage } = makeFeedDocument()
    expect(parseFeed(renderJsonFeed(lastPage))).not.toHaveProperty('next_url')
  })

  it('names the category in the title of a category feed', () => {
    const doc = makeFeedDocument({ category: { slug: 'world', name: 'World' } })
    expect(parseFeed(renderJsonFeed(doc)).title).toBe('Example News — World')
  })

  it('gives every item a string id, permalink, title, summary, content, dates, authors and tags, in order', () => {
    const items = hostileArticles()
    const feed = parseFeed(renderJsonFeed(makeFeedDocument({ items })))
    expect(feed.items.map((item) => item.id)).toEqual(items.map((a) => a.id))
    for (const [index, article] of items.entries()) {
      const item = feed.items[index] as JsonFeedItem
      expect(typeof item.id).toBe('string')
      expect(item.url).toBe(`https://news.example.com/articles/${encodeURIComponent(article.slug)}`)
      expect(item.title).toBe(withoutForbiddenChars(article.title))
      expect(item.summary).toBe(withoutForbiddenChars(article.summary))
      expectLeadFigure(String(item.content_html), article, withoutForbiddenChars(article.contentHtml))
      expect(item.date_published).toMatch(rfc3339)
      expect(item.date_modified).toMatch(rfc3339)
      expect(Date.parse(String(item.date_published))).toBe(Date.parse(article.publishedAt ?? ''))
      const names = article.authors.length > 0 ? article.authors.map((a) => a.name) : [testSite.author]
      const authors = Array.isArray(item.authors) ? item.authors : []
      expect(authors.map((author: { name?: unknown }) => author.name)).toEqual(
        names.map(withoutForbiddenChars),
      )
      expect(item.tags).toEqual(article.categories.map((c) => withoutForbiddenChars(c.name)))
    }
  })

  it('gives an author url when the article has one', () => {
    const items = hostileArticles()
    const item = itemFor(
      parseFeed(renderJsonFeed(makeFeedDocument({ items }))).items,
      bySlug(items, 'script-injection'),
    )
    expect(item.authors).toEqual([{ name: '<b>Mallory</b> & "Eve"', url: 'https://example.com/?a=1&b=<2>' }])
  })

  it('gives the image, and an attachment with its real MIME type when the type is known', () => {
    const items = hostileArticles()
    const feed = parseFeed(renderJsonFeed(makeFeedDocument({ items })))
    const typed = itemFor(feed.items, bySlug(items, 'comparison'))
    expect(typed.image).toBe('https://media.example.com/episode.mp3')
    expect(typed.attachments).toEqual([
      {
        url: 'https://media.example.com/episode.mp3',
        mime_type: 'audio/mpeg',
        title: 'Episode',
        size_in_bytes: 12345,
      },
    ])
    const untyped = itemFor(feed.items, bySlug(items, 'ampersands-and-quotes'))
    expect(untyped.image).toBe('https://img.example.com/a.jpg?x=1&y="2"')
    expect(untyped).not.toHaveProperty('attachments')
    expect(itemFor(feed.items, bySlug(items, 'emoji'))).not.toHaveProperty('image')
  })

  it('never emits a lone surrogate or a forbidden control character, which strict parsers reject', () => {
    // JSON.stringify itself would escape a lone surrogate: valid JSON, but not valid Unicode text.
    expect(JSON.stringify('\uD800')).toBe('"\\ud800"')
    const json = renderJsonFeed(makeFeedDocument({ items: hostileArticles() }))
    expect(json).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i)
    expect(json).not.toMatch(/\\u00[01][0-9a-f]/i)
    // Raw, no forbidden character either: no lone surrogate, no U+FFFE/U+FFFF.
    expect(withoutForbiddenChars(json)).toBe(json)
  })

  it('keeps astral characters such as emoji whole', () => {
    const article = makeArticle({ title: 'Astral 😀 𝕏' })
    const feed = parseFeed(renderJsonFeed(makeFeedDocument({ items: [article] })))
    expect(feed.items[0]?.title).toBe('Astral 😀 𝕏')
  })
})
