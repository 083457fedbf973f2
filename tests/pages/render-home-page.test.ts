import { describe, expect, it } from 'vitest'
import { renderHomePage } from '../../lib/pages/render-home-page.ts'
import {
  attr,
  byClass,
  byTag,
  links,
  metaContent,
  only,
  parsePage,
  text,
  visibleText,
} from '../support/html-query.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'

const site = makePageSite()
const articles = [
  makePageArticle({
    slug: 'second-story',
    title: 'Second story',
    summary: 'The newer one.',
    authors: [{ name: 'Ann Lee' }, { name: 'Bo Chen' }],
    publishedAt: '2025-03-12T18:45:00+01:00',
  }),
  makePageArticle(),
]

describe('renderHomePage', () => {
  it('is a complete document in the site language that parses without errors', () => {
    const { document, parseErrors } = parsePage(renderHomePage({ site, articles }))
    expect(parseErrors).toEqual([])
    expect(document.mode).toBe('no-quirks')
    expect(attr(only(byTag(document, 'html'), 'html'), 'lang')).toBe('en-GB')
    expect(text(only(byTag(document, 'title'), 'title'))).toBe('Example News')
    expect(metaContent(document, 'description')).toBe('Independent reporting from around the world')
    expect(visibleText(only(byTag(document, 'h1'), 'h1'))).toBe('Example News')
  })

  it('lists the articles in the order given, each with permalink, time, byline and summary', () => {
    const { document } = parsePage(renderHomePage({ site, articles }))
    const items = byTag(only(byClass(document, 'article-list'), 'article list'), 'li')
    expect(
      items.map((item) => {
        const link = only(byTag(only(byTag(item, 'h2'), 'h2'), 'a'), 'title link')
        const time = only(byTag(item, 'time'), 'time')
        return {
          title: visibleText(link),
          href: attr(link, 'href'),
          datetime: attr(time, 'datetime'),
          shown: visibleText(time),
          byline: visibleText(only(byClass(item, 'byline'), 'byline')),
          summary: visibleText(only(byClass(item, 'summary'), 'summary')),
        }
      }),
    ).toEqual([
      {
        title: 'Second story',
        href: 'https://news.example.com/articles/second-story',
        datetime: '2025-03-12T18:45:00+01:00',
        shown: '12 March 2025, 18:45 +01:00',
        byline: 'By Ann Lee and Bo Chen',
        summary: 'The newer one.',
      },
      {
        title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
        href: 'https://news.example.com/articles/musk-advocates-us-exit-from-nato',
        datetime: '2025-03-11T09:19:00+06:00',
        shown: '11 March 2025, 09:19 +06:00',
        byline: 'By Desk Report',
        summary: articles[1]?.summary,
      },
    ])
  })

  it('advertises the three feeds in the head and links their subscribe page visibly', () => {
    const { document } = parsePage(renderHomePage({ site, articles }))
    const expected = [
      ['application/rss+xml', 'https://news.example.com/rss.xml'],
      ['application/atom+xml', 'https://news.example.com/atom.xml'],
      ['application/feed+json', 'https://news.example.com/feed.json'],
    ]
    // Then their summary variants.
    const summaries = expected.map(([type, href]) => [type, `${href}?content=summary`])
    expect(links(document, 'alternate').map((link) => [attr(link, 'type'), attr(link, 'href')])).toEqual([
      ...expected,
      ...summaries,
    ])
    // Visibly, the subscribe page: a browser shows the feed itself as raw text.
    const footer = only(byClass(document, 'site-footer'), 'site footer')
    expect(byTag(footer, 'a').map((a) => attr(a, 'href'))).toEqual([
      'https://news.example.com/subscribe/#rss',
      'https://news.example.com/subscribe/#atom',
      'https://news.example.com/subscribe/#json-feed',
    ])
    expect(byTag(footer, 'a').map(visibleText)).toEqual(['RSS', 'Atom', 'JSON Feed'])
  })

  it('links to older articles when there are more', () => {
    const nextUrl = 'https://news.example.com/?before=MjAyNS0wMy0xMQ&x=1'
    const { document } = parsePage(renderHomePage({ site, articles, nextUrl }))
    const older = only(byTag(only(byClass(document, 'pager'), 'pager'), 'a'), 'older link')
    expect([visibleText(older), attr(older, 'href'), attr(older, 'rel')]).toEqual([
      'Older articles',
      nextUrl,
      'next',
    ])
    expect(attr(only(links(document, 'next'), 'link rel=next'), 'href')).toBe(nextUrl)
  })

  it('has no older-articles link on the last page', () => {
    const { document } = parsePage(renderHomePage({ site, articles }))
    expect(byClass(document, 'pager')).toEqual([])
    expect(links(document, 'next')).toEqual([])
  })

  it('says so when nothing is published yet, and still offers the feeds', () => {
    const { document } = parsePage(renderHomePage({ site, articles: [] }))
    expect(byClass(document, 'article-list')).toEqual([])
    expect(visibleText(only(byClass(document, 'empty'), 'empty state'))).toMatch(
      /No articles have been published yet/,
    )
    expect(links(document, 'alternate')).toHaveLength(6)
  })

  it('shows hostile titles and summaries as text, with no script at all', () => {
    const hostile = makePageArticle({
      title: '</a></h2><script>alert(1)</script>',
      summary: '<img src=x onerror=alert(2)>',
      authors: [{ name: '</p><script>alert(3)</script>' }],
    })
    const { document, parseErrors } = parsePage(renderHomePage({ site, articles: [hostile] }))
    expect(parseErrors).toEqual([])
    expect(byTag(document, 'script')).toEqual([])
    // The lead image's thumbnail only: the summary's markup stays text.
    expect(byTag(document, 'img').map((img) => attr(img, 'class'))).toEqual(['thumb'])
    expect(visibleText(only(byTag(document, 'h2'), 'h2'))).toBe(hostile.title)
    expect(visibleText(only(byClass(document, 'summary'), 'summary'))).toBe(hostile.summary)
    expect(visibleText(only(byClass(document, 'byline'), 'byline'))).toBe(`By ${hostile.authors[0]?.name}`)
  })

  it('renders the same bytes for the same input', () => {
    const input = { site, articles, nextUrl: 'https://news.example.com/?before=abc' }
    expect(renderHomePage(input)).toBe(renderHomePage({ ...input, articles: [...articles] }))
  })
})
