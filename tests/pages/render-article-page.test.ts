import { describe, expect, it } from 'vitest'
import { renderArticlePage } from '../../lib/pages/render-article-page.ts'
import {
  allElements,
  attr,
  byClass,
  byTag,
  links,
  metaContent,
  metaContents,
  only,
  parsePage,
  text,
  visibleText,
} from '../support/html-query.ts'
import { makePageArticle, makePageSite } from '../support/page-article.ts'

const site = makePageSite()
const permalink = 'https://news.example.com/articles/musk-advocates-us-exit-from-nato'

function render(overrides: Parameters<typeof makePageArticle>[0] = {}) {
  const source = renderArticlePage(makePageArticle(overrides), site)
  return { source, ...parsePage(source) }
}

function jsonLdOf(document: Parameters<typeof byTag>[0]): Record<string, unknown> {
  const script = only(
    byTag(document, 'script').filter((element) => attr(element, 'type') === 'application/ld+json'),
    'JSON-LD script',
  )
  const data: unknown = JSON.parse(text(script))
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error('JSON-LD is not an object')
  return Object.fromEntries(Object.entries(data))
}

describe('renderArticlePage', () => {
  it('is a complete HTML5 document that parses without a single parse error', () => {
    const { source, document, parseErrors } = render()
    expect(source.startsWith('<!DOCTYPE html>\n')).toBe(true)
    expect(parseErrors).toEqual([])
    expect(document.mode).toBe('no-quirks')
  })

  it('declares the site language, UTF-8 and a phone-friendly viewport', () => {
    const { document } = render()
    expect(attr(only(byTag(document, 'html'), 'html'), 'lang')).toBe('en-GB')
    expect(
      attr(
        only(
          byTag(document, 'meta').filter((m) => attr(m, 'charset')),
          'charset',
        ),
        'charset',
      ),
    ).toBe('utf-8')
    expect(metaContent(document, 'viewport')).toBe('width=device-width, initial-scale=1')
  })

  it('titles the page "article — site" and describes it with the summary', () => {
    const article = makePageArticle()
    const { document } = render()
    expect(text(only(byTag(document, 'title'), 'title'))).toBe(`${article.title} — Example News`)
    expect(metaContent(document, 'description')).toBe(article.summary)
  })

  it('points the canonical link at the absolute permalink', () => {
    const { document } = render()
    expect(attr(only(links(document, 'canonical'), 'canonical link'), 'href')).toBe(permalink)
  })

  it('advertises the three site feeds and each category and author RSS feed for autodiscovery', () => {
    const { document } = render()
    const alternates = links(document, 'alternate').map((link) => [attr(link, 'type'), attr(link, 'href')])
    expect(alternates).toEqual([
      ['application/rss+xml', 'https://news.example.com/rss.xml'],
      ['application/atom+xml', 'https://news.example.com/atom.xml'],
      ['application/feed+json', 'https://news.example.com/feed.json'],
      ['application/rss+xml', 'https://news.example.com/rss.xml?content=summary'],
      ['application/atom+xml', 'https://news.example.com/atom.xml?content=summary'],
      ['application/feed+json', 'https://news.example.com/feed.json?content=summary'],
      ['application/rss+xml', 'https://news.example.com/categories/world/rss.xml'],
      ['application/rss+xml', 'https://news.example.com/categories/nato/rss.xml'],
      ['application/rss+xml', 'https://news.example.com/authors/desk-report/rss.xml'],
    ])
    for (const link of links(document, 'alternate')) expect(attr(link, 'title')).toMatch(/^Example News/)
  })

  it('describes the article to OpenGraph, including image, times, section and tags', () => {
    const article = makePageArticle()
    const { document } = render()
    expect(metaContent(document, 'og:type')).toBe('article')
    expect(metaContent(document, 'og:title')).toBe(article.title)
    expect(metaContent(document, 'og:description')).toBe(article.summary)
    expect(metaContent(document, 'og:url')).toBe(permalink)
    expect(metaContent(document, 'og:site_name')).toBe('Example News')
    expect(metaContent(document, 'og:image')).toBe('https://cdn.news.example.com/images/nato-flags.jpg')
    expect(metaContent(document, 'og:image:type')).toBe('image/jpeg')
    expect(metaContent(document, 'og:image:alt')).toBe(article.image?.alt)
    expect(metaContent(document, 'article:published_time')).toBe('2025-03-11T09:19:00+06:00')
    expect(metaContent(document, 'article:modified_time')).toBe('2025-03-11T04:02:30.000Z')
    expect(metaContent(document, 'article:section')).toBe('World')
    expect(metaContents(document, 'article:tag')).toEqual(['World', 'NATO'])
  })

  it('asks for a large-image Twitter card when there is a lead image', () => {
    const article = makePageArticle()
    const { document } = render()
    expect(metaContent(document, 'twitter:card')).toBe('summary_large_image')
    expect(metaContent(document, 'twitter:title')).toBe(article.title)
    expect(metaContent(document, 'twitter:description')).toBe(article.summary)
    expect(metaContent(document, 'twitter:image')).toBe('https://cdn.news.example.com/images/nato-flags.jpg')
    expect(metaContent(document, 'twitter:image:alt')).toBe(article.image?.alt)
  })

  it('falls back to a summary card and leaves out every image tag when there is no image', () => {
    const { document } = render({ image: undefined })
    expect(metaContent(document, 'twitter:card')).toBe('summary')
    for (const key of ['og:image', 'og:image:alt', 'og:image:type', 'twitter:image', 'twitter:image:alt']) {
      expect(metaContent(document, key), key).toBeUndefined()
    }
    expect(byClass(document, 'lead-image')).toEqual([])
    expect(jsonLdOf(document)).not.toHaveProperty('image')
  })

  it('embeds schema.org NewsArticle JSON-LD with headline, dates, authors, image and publisher', () => {
    const article = makePageArticle({
      authors: [{ name: 'Ann Lee', url: 'https://ann.example/' }, { name: 'Bo Chen' }],
    })
    const { document } = parsePage(renderArticlePage(article, site))
    expect(jsonLdOf(document)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: article.summary,
      url: permalink,
      mainEntityOfPage: { '@type': 'WebPage', '@id': permalink },
      datePublished: '2025-03-11T09:19:00+06:00',
      dateModified: '2025-03-11T04:02:30.000Z',
      inLanguage: 'en-GB',
      author: [
        { '@type': 'Person', name: 'Ann Lee', url: 'https://ann.example/' },
        { '@type': 'Person', name: 'Bo Chen' },
      ],
      image: ['https://cdn.news.example.com/images/nato-flags.jpg'],
      articleSection: ['World', 'NATO'],
      publisher: { '@type': 'Organization', name: 'Example News', url: 'https://news.example.com' },
    })
  })

  it('shows the title as the one h1 and the summary as the standfirst', () => {
    const article = makePageArticle()
    const { document } = render()
    const article$ = only(byTag(document, 'article'), 'article')
    expect(visibleText(only(byTag(document, 'h1'), 'h1'))).toBe(article.title)
    expect(byTag(article$, 'h1')).toHaveLength(1)
    expect(visibleText(only(byClass(article$, 'standfirst'), 'standfirst'))).toBe(article.summary)
  })

  it('shows the publication time in the article’s own offset, machine-readable in <time datetime>', () => {
    const time = only(byTag(render().document, 'time'), 'time')
    expect(attr(time, 'datetime')).toBe('2025-03-11T09:19:00+06:00')
    expect(visibleText(time)).toBe('11 March 2025, 09:19 +06:00')
  })

  it.each([
    ['2024-12-31T23:05:59-05:00', '2024-12-31T23:05:59-05:00', '31 December 2024, 23:05 -05:00'],
    ['2025-01-02T00:00:00Z', '2025-01-02T00:00:00Z', '2 January 2025, 00:00 UTC'],
    ['2025-07-04t08:30:00.250z', '2025-07-04T08:30:00.250Z', '4 July 2025, 08:30 UTC'],
  ])('formats %s by hand, whatever the machine’s time zone', (publishedAt, datetime, shown) => {
    const time = only(byTag(render({ publishedAt }).document, 'time'), 'time')
    expect(attr(time, 'datetime')).toBe(datetime)
    expect(visibleText(time)).toBe(shown)
  })

  it.each([
    [[{ name: 'Desk Report' }], 'By Desk Report'],
    [[{ name: 'Ann Lee' }, { name: 'Bo Chen' }], 'By Ann Lee and Bo Chen'],
    [[{ name: 'Ann Lee' }, { name: 'Bo Chen' }, { name: 'Cy Diaz' }], 'By Ann Lee, Bo Chen and Cy Diaz'],
    [[], 'By Example News Desk'],
  ])('names the authors in the byline: %j', (authors, byline) => {
    expect(visibleText(only(byClass(render({ authors }).document, 'byline'), 'byline'))).toBe(byline)
  })

  it('links each author the article names to their author page, whatever URL the byline gives', () => {
    const { document } = render({
      authors: [
        { name: 'Ann Lee', url: 'https://ann.example/' },
        { name: 'Eve', url: 'javascript:alert(1)' },
        { name: 'Zoë Ångström' },
        { name: '—' },
      ],
    })
    const byline = only(byClass(document, 'byline'), 'byline')
    expect(byTag(byline, 'a').map((a) => [visibleText(a), attr(a, 'href'), attr(a, 'rel')])).toEqual([
      ['Ann Lee', 'https://news.example.com/authors/ann-lee/', 'author'],
      ['Eve', 'https://news.example.com/authors/eve/', 'author'],
      ['Zoë Ångström', 'https://news.example.com/authors/zoe-angstrom/', 'author'],
    ])
    // A name with no letter or digit has no page: it stays text.
    expect(visibleText(byline)).toBe('By Ann Lee, Eve, Zoë Ångström and —')
  })

  it('links no author page for the site desk standing in for an article that names nobody', () => {
    const byline = only(byClass(render({ authors: [] }).document, 'byline'), 'byline')
    expect(byTag(byline, 'a')).toEqual([])
  })

  it('links each category to its topic page', () => {
    const { document } = render()
    const topics = only(byClass(document, 'topics'), 'topics')
    expect(byTag(topics, 'a').map((a) => [visibleText(a), attr(a, 'href'), attr(a, 'rel')])).toEqual([
      ['World', 'https://news.example.com/categories/world/', 'tag'],
      ['NATO', 'https://news.example.com/categories/nato/', 'tag'],
    ])
  })

  it('has no topics section for an article without categories', () => {
    const { document } = render({ categories: [] })
    expect(byClass(document, 'topics')).toEqual([])
    expect(metaContent(document, 'article:section')).toBeUndefined()
  })

  it('shows the lead image in a figure with its alt text', () => {
    const figure = only(byClass(render().document, 'lead-image'), 'lead image')
    expect(figure.tagName).toBe('figure')
    const img = only(byTag(figure, 'img'), 'img')
    expect(attr(img, 'src')).toBe('https://cdn.news.example.com/images/nato-flags.jpg')
    expect(attr(img, 'alt')).toBe('Flags of NATO member states outside the alliance headquarters in Brussels')
  })

  it('serialises the lead image URL so it is a valid attribute value', () => {
    const { document } = render({
      image: { url: 'https://cdn.example/A picture.jpg?size=<l>', alt: 'A picture' },
    })
    const expected = 'https://cdn.example/A%20picture.jpg?size=%3Cl%3E'
    expect(attr(only(byTag(only(byClass(document, 'lead-image'), 'figure'), 'img'), 'img'), 'src')).toBe(
      expected,
    )
    expect(metaContent(document, 'og:image')).toBe(expected)
    expect(jsonLdOf(document).image).toEqual([expected])
  })

  it.each([['javascript:alert(1)'], ['not a url'], ['/relative/image.jpg']])(
    'leaves out a lead image whose URL is not an absolute web URL: %s',
    (url) => {
      const { document } = render({ image: { url, alt: 'x' } })
      expect(byClass(document, 'lead-image')).toEqual([])
      expect(metaContent(document, 'og:image')).toBeUndefined()
      expect(metaContent(document, 'twitter:card')).toBe('summary')
      expect(jsonLdOf(document)).not.toHaveProperty('image')
    },
  )

  it('inserts the sanitised content as markup, not as escaped text', () => {
    const { document } = render()
    const content = only(byClass(document, 'content'), 'content')
    expect(visibleText(only(byTag(content, 'h2'), 'content h2'))).toBe('A long-standing alliance')
    expect(byTag(content, 'blockquote')).toHaveLength(1)
    expect(byTag(content, 'li').map(visibleText)).toEqual(['Founded in 1949', '32 member states'])
    expect(attr(only(byTag(content, 'a'), 'content link'), 'href')).toBe('https://www.nato.int/')
  })

  it('links home and, for the three site feeds, to the subscribe page in the visible page', () => {
    const { document } = render()
    const header = only(byClass(document, 'site-header'), 'site header')
    const home = only(byTag(header, 'a'), 'home link')
    expect([attr(home, 'href'), visibleText(home)]).toEqual(['https://news.example.com/', 'Example News'])
    const footer = only(byClass(document, 'site-footer'), 'site footer')
    expect(byTag(footer, 'a').map((a) => [visibleText(a), attr(a, 'href')])).toEqual([
      ['RSS', 'https://news.example.com/subscribe/#rss'],
      ['Atom', 'https://news.example.com/subscribe/#atom'],
      ['JSON Feed', 'https://news.example.com/subscribe/#json-feed'],
    ])
  })

  it('renders the same bytes for the same article and site', () => {
    const first = renderArticlePage(makePageArticle(), makePageSite())
    const second = renderArticlePage(makePageArticle(), makePageSite())
    expect(second).toBe(first)
  })

  describe('with a hostile article', () => {
    const hostile = makePageArticle({
      title: '</title><script>alert(1)</script>',
      summary: 'He said "hello" & \'bye\' </script><script>alert(2)</script>',
      authors: [{ name: '<img src=x onerror=alert(3)>' }],
      categories: [{ slug: 'x', name: '"><script>alert(4)</script>' }],
      image: { url: 'https://cdn.example/a.jpg" onerror="alert(5)', alt: '" onload="alert(6)' },
    })
    const source = renderArticlePage(hostile, site)
    const { document, parseErrors } = parsePage(source)

    it('still parses without errors', () => {
      expect(parseErrors).toEqual([])
    })

    it('has no script element other than the JSON-LD data block', () => {
      expect(byTag(document, 'script').map((script) => attr(script, 'type'))).toEqual(['application/ld+json'])
    })

    it('has no event-handler attribute and no element smuggled in through a field', () => {
      const handlers = allElements(document).flatMap((element) =>
        element.attrs.filter((attribute) => attribute.name.startsWith('on')),
      )
      expect(handlers).toEqual([])
      // The lead image is the only image outside the content.
      const outsideContent = byTag(document, 'img').filter(
        (img) => !byClass(document, 'content').some((content) => byTag(content, 'img').includes(img)),
      )
      expect(outsideContent.map((img) => attr(img, 'src'))).toEqual([
        'https://cdn.example/a.jpg%22%20onerror=%22alert(5)',
      ])
    })

    it('shows every field as the text it is', () => {
      expect(text(only(byTag(document, 'title'), 'title'))).toBe(`${hostile.title} — Example News`)
      expect(visibleText(only(byTag(document, 'h1'), 'h1'))).toBe(hostile.title)
      expect(metaContent(document, 'description')).toBe(hostile.summary)
      expect(metaContent(document, 'og:title')).toBe(hostile.title)
      expect(visibleText(only(byClass(document, 'byline'), 'byline'))).toBe('By <img src=x onerror=alert(3)>')
      expect(attr(only(byTag(only(byClass(document, 'lead-image'), 'figure'), 'img'), 'img'), 'alt')).toBe(
        hostile.image?.alt,
      )
    })

    it('keeps the JSON-LD parseable, round-tripping the fields, with no "<" inside', () => {
      const script = only(byTag(document, 'script'), 'script')
      expect(text(script)).not.toContain('<')
      const data = jsonLdOf(document)
      expect(data.headline).toBe(hostile.title)
      expect(data.description).toBe(hostile.summary)
      expect(data.author).toEqual([{ '@type': 'Person', name: '<img src=x onerror=alert(3)>' }])
    })
  })

  it('drops characters HTML forbids from text fields but keeps the rest', () => {
    const { document, parseErrors } = render({ title: 'Bell\u0007 next\u0085 line\uFFFF end' })
    expect(parseErrors).toEqual([])
    expect(visibleText(only(byTag(document, 'h1'), 'h1'))).toBe('Bell next line end')
    expect(jsonLdOf(document).headline).toBe('Bell next line end')
  })
})

describe('the article page in the article’s language', () => {
  it('sets <html lang dir> from the article: rtl for Arabic, the site’s header and footer keeping theirs', () => {
    const { document } = render({ title: 'الانتخابات في بنغلاديش', language: 'ar' })
    const root = only(byTag(document, 'html'), 'html')
    expect(attr(root, 'lang')).toBe('ar')
    expect(attr(root, 'dir')).toBe('rtl')
    const header = only(byClass(document, 'site-header'), 'site header')
    expect([attr(header, 'lang'), attr(header, 'dir')]).toEqual([site.language, 'ltr'])
    expect(jsonLdOf(document).inLanguage).toBe('ar')
  })

  it('writes Bengali left to right and an article without a language in the site’s', () => {
    const bengali = only(byTag(render({ language: 'bn' }).document, 'html'), 'html')
    expect([attr(bengali, 'lang'), attr(bengali, 'dir')]).toEqual(['bn', 'ltr'])
    const plain = render().document
    expect(attr(only(byTag(plain, 'html'), 'html'), 'lang')).toBe(site.language)
    expect(attr(only(byClass(plain, 'site-header'), 'site header'), 'lang')).toBeUndefined()
  })

  it('shows the lead image once: the page’s figure, not the feeds’ one inside the content', () => {
    const { source } = render({
      image: { url: 'https://img.example.com/lead.jpg', alt: 'Lead' },
      contentHtml: '<p>Body.</p>',
    })
    expect(source.match(/<img [^>]*src="https:\/\/img\.example\.com\/lead\.jpg"/g)?.length).toBe(1)
  })
})
