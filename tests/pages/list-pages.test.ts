import { describe, expect, it } from 'vitest'
import { renderArticlePage } from '../../lib/pages/render-article-page.ts'
import { eagerThumbnails, renderHomePage, thumbnailSize } from '../../lib/pages/render-home-page.ts'
import { renderTopicPage } from '../../lib/pages/render-topic-page.ts'
import { attr, byClass, byTag, only, parsePage, visibleText } from '../support/html-query.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'

const site = makePageSite()

/** `count` articles, newest first, each with its own slug and lead image. */
function articlesWithImages(count: number) {
  return Array.from({ length: count }, (_, i) =>
    makePageArticle({
      slug: `story-${i}`,
      title: `Story ${i}`,
      image: { url: `https://cdn.news.example.com/images/${i}.jpg`, alt: `Picture ${i}`, type: 'image/jpeg' },
    }),
  )
}

function thumbnails(page: string) {
  const { document, parseErrors } = parsePage(page)
  expect(parseErrors).toEqual([])
  const list = only(byClass(document, 'article-list'), 'article list')
  return byTag(list, 'li').map((item) => {
    const images = byTag(item, 'img')
    const img = images[0]
    return img === undefined
      ? undefined
      : {
          count: images.length,
          src: attr(img, 'src'),
          alt: attr(img, 'alt'),
          width: attr(img, 'width'),
          height: attr(img, 'height'),
          loading: attr(img, 'loading'),
          decoding: attr(img, 'decoding'),
          srcset: attr(img, 'srcset'),
        }
  })
}

describe('thumbnails on list pages', () => {
  it.each([
    [
      'the front page',
      (articles: ReturnType<typeof articlesWithImages>) => renderHomePage({ site, articles }),
    ],
    [
      'a topic page',
      (articles: ReturnType<typeof articlesWithImages>) =>
        renderTopicPage({ site, category: { slug: 'world', name: 'World' }, articles }),
    ],
  ])('%s shows each lead image with its size, its alt text, lazy after the first few', (_, render) => {
    const shown = thumbnails(render(articlesWithImages(6)))
    expect(shown).toEqual(
      Array.from({ length: 6 }, (_, i) => ({
        count: 1,
        src: `https://cdn.news.example.com/images/${i}.jpg`,
        alt: `Picture ${i}`,
        width: String(thumbnailSize.width),
        height: String(thumbnailSize.height),
        loading: i < eagerThumbnails ? undefined : 'lazy',
        decoding: 'async',
        // No image service to ask for other widths: no srcset.
        srcset: undefined,
      })),
    )
  })

  it('keeps an empty alt for a decorative image, and shows no thumbnail without a lead image', () => {
    const [decorative, plain] = [
      makePageArticle({ slug: 'a', image: { url: 'https://cdn.news.example.com/a.jpg', alt: '' } }),
      makePageArticle({ slug: 'b', image: undefined }),
    ]
    const shown = thumbnails(renderHomePage({ site, articles: [decorative, plain] }))
    expect(shown[0]?.alt).toBe('')
    expect(shown[1]).toBeUndefined()
  })

  it('shows no thumbnail for an image URL that is not a web URL', () => {
    const hostile = makePageArticle({ image: { url: 'javascript:alert(1)', alt: 'x' } })
    expect(thumbnails(renderHomePage({ site, articles: [hostile] }))).toEqual([undefined])
  })
})

describe('datelines in the site time zone', () => {
  function shownTimes(page: string) {
    const { document } = parsePage(page)
    return byTag(document, 'time').map((time) => ({
      datetime: attr(time, 'datetime'),
      shown: visibleText(time),
    }))
  }

  const articles = [
    makePageArticle({ slug: 'summer', publishedAt: '2025-07-01T12:00:00+06:00' }),
    makePageArticle({ slug: 'winter', publishedAt: '2025-03-11T09:19:00+06:00' }),
    makePageArticle({ slug: 'utc', publishedAt: '2025-01-05T23:30:00Z' }),
  ]

  it("shows each article's own offset when no time zone is set", () => {
    expect(shownTimes(renderHomePage({ site, articles }))).toEqual([
      { datetime: '2025-07-01T12:00:00+06:00', shown: '1 July 2025, 12:00 +06:00' },
      { datetime: '2025-03-11T09:19:00+06:00', shown: '11 March 2025, 09:19 +06:00' },
      { datetime: '2025-01-05T23:30:00Z', shown: '5 January 2025, 23:30 UTC' },
    ])
  })

  it("shows the newsroom's wall clock, with that zone's offset on the day, keeping the instant in datetime", () => {
    const london = makePageSite({ timeZone: 'Europe/London' })
    expect(shownTimes(renderHomePage({ site: london, articles }))).toEqual([
      { datetime: '2025-07-01T12:00:00+06:00', shown: '1 July 2025, 07:00 +01:00' },
      { datetime: '2025-03-11T09:19:00+06:00', shown: '11 March 2025, 03:19 UTC' },
      { datetime: '2025-01-05T23:30:00Z', shown: '5 January 2025, 23:30 UTC' },
    ])
    // Across midnight and a daylight-saving change (New York moved to -04:00 on 9 March 2025).
    const newYork = makePageSite({ timeZone: 'America/New_York' })
    expect(shownTimes(renderHomePage({ site: newYork, articles })).map((t) => t.shown)).toEqual([
      '1 July 2025, 02:00 -04:00',
      '10 March 2025, 23:19 -04:00',
      '5 January 2025, 18:30 -05:00',
    ])
    const kathmandu = makePageSite({ timeZone: 'Asia/Kathmandu' })
    expect(
      shownTimes(
        renderTopicPage({ site: kathmandu, category: { slug: 'world', name: 'World' }, articles }),
      )[2],
    ).toEqual({ datetime: '2025-01-05T23:30:00Z', shown: '6 January 2025, 05:15 +05:45' })
  })

  it('shows the article page date in the time zone too', () => {
    const page = renderArticlePage(
      articles[1] ?? makePageArticle(),
      makePageSite({ timeZone: 'America/New_York' }),
    )
    const { document } = parsePage(page)
    const time = only(byTag(only(byClass(document, 'meta'), 'meta'), 'time'), 'time')
    expect(attr(time, 'datetime')).toBe('2025-03-11T09:19:00+06:00')
    expect(visibleText(time)).toBe('10 March 2025, 23:19 -04:00')
  })
})

describe('the topic navigation markup', () => {
  it('shows topic names as text, percent-encodes their addresses, and is absent unless topics are given', () => {
    const topics = [
      { slug: 'wörld', name: '</a><script>alert(1)</script>' },
      { slug: 'nato', name: 'NATO' },
    ]
    const { document, parseErrors } = parsePage(renderHomePage({ site, articles: [], topics }))
    expect(parseErrors).toEqual([])
    expect(byTag(document, 'script')).toEqual([])
    const nav = only(byTag(document, 'nav'), 'nav')
    expect(byTag(nav, 'a').map((a) => [visibleText(a), attr(a, 'href')])).toEqual([
      ['</a><script>alert(1)</script>', 'https://news.example.com/categories/w%C3%B6rld/'],
      ['NATO', 'https://news.example.com/categories/nato/'],
      ['All topics', 'https://news.example.com/categories/'],
      ['All authors', 'https://news.example.com/authors/'],
      ['All feeds (OPML)', 'https://news.example.com/feeds.opml'],
    ])
    expect(byTag(parsePage(renderHomePage({ site, articles: [] })).document, 'nav')).toEqual([])
  })
})
