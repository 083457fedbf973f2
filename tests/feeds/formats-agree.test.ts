import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Article, Category } from '../../lib/articles/article.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { renderArticlePage } from '../../lib/pages/render-article-page.ts'
import { renderHomePage } from '../../lib/pages/render-home-page.ts'
import {
  attr,
  byClass,
  byTag,
  links,
  metaContent,
  only,
  parsePage,
  visibleText,
} from '../support/html-query.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite as site } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../support/parse-xml.ts'

/**
 * The three feed formats and the two pages state the same facts about an article through one rule
 * each (permalink, category URL, feed title, authors fallback, publication time, image type and
 * size): here they are read back from each output and compared, so a renderer that drifts fails.
 */

const jsonFeedSchema = z.object({
  title: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      date_published: z.string(),
      authors: z.array(z.object({ name: z.string() })),
      attachments: z
        .array(z.object({ mime_type: z.string(), size_in_bytes: z.number().optional() }))
        .optional(),
    }),
  ),
})

const world: Category = { slug: 'বিশ্ব', name: 'বিশ্ব World' }

/** A slug outside ASCII (what the any-script slugs will allow), no authors, a lead image. */
function article(image: Article['image']): Article {
  return makeArticle({
    slug: 'café-ঢাকা',
    authors: [],
    categories: [world],
    publishedAt: '2025-03-11T09:19:00+06:00',
    ...(image ? { image } : {}),
  })
}

function render(item: Article) {
  const doc = makeFeedDocument({ items: [item], category: world })
  const rssItem = childNamed(childNamed(parseXml(renderRss(doc)), 'channel'), 'item')
  const atom = parseXml(renderAtom(doc))
  const atomEntry = childNamed(atom, 'entry')
  const json = jsonFeedSchema.parse(JSON.parse(renderJsonFeed(doc)))
  const jsonItem = json.items[0]
  if (jsonItem === undefined) throw new Error('no JSON Feed item')
  const page = parsePage(renderArticlePage(item, site)).document
  const home = parsePage(renderHomePage({ site, articles: [item] })).document
  return { doc, rss: parseXml(renderRss(doc)), rssItem, atom, atomEntry, json, jsonItem, page, home }
}

function linkHref(entry: XmlElement, rel: string): string | undefined {
  return childrenNamed(entry, 'link').find((link) => link.attributes.rel === rel)?.attributes.href
}

const expectedPermalink = 'https://news.example.com/articles/caf%C3%A9-%E0%A6%A2%E0%A6%BE%E0%A6%95%E0%A6%BE'
const expectedCategoryUrl =
  'https://news.example.com/categories/%E0%A6%AC%E0%A6%BF%E0%A6%B6%E0%A7%8D%E0%A6%AC/'

describe('the three feed formats and the pages', () => {
  it('link an article to one permalink, its slug percent-encoded', () => {
    const out = render(article(undefined))
    const permalinks = {
      rss: childNamed(out.rssItem, 'link').text,
      atom: linkHref(out.atomEntry, 'alternate'),
      json: out.jsonItem.url,
      canonical: attr(only(links(out.page, 'canonical'), 'canonical link'), 'href'),
      openGraph: metaContent(out.page, 'og:url'),
      home: attr(only(byTag(only(byTag(out.home, 'h2'), 'home h2'), 'a'), 'home link'), 'href'),
    }
    expect(permalinks).toEqual({
      rss: expectedPermalink,
      atom: expectedPermalink,
      json: expectedPermalink,
      canonical: expectedPermalink,
      openGraph: expectedPermalink,
      home: expectedPermalink,
    })
  })

  it('place a category at one URL, its slug percent-encoded', () => {
    const out = render(article(undefined))
    expect(childNamed(out.rssItem, 'category').attributes.domain).toBe(expectedCategoryUrl)
    expect(childNamed(out.atom, 'id').text).toBe(expectedCategoryUrl)
    const category = childNamed(out.atomEntry, 'category')
    expect(`${category.attributes.scheme}${encodeURIComponent(category.attributes.term ?? '')}/`).toBe(
      expectedCategoryUrl,
    )
    // The article page's topic link: the topic page, where the feeds' category URLs lead too.
    const topic = only(byTag(only(byClass(out.page, 'topics'), 'topics'), 'a'), 'topic link')
    expect(attr(topic, 'href')).toBe(expectedCategoryUrl)
  })

  it("give a category feed one title, and the page's feed link says it", () => {
    const out = render(article(undefined))
    const title = 'Example News — বিশ্ব World'
    expect(childNamed(childNamed(out.rss, 'channel'), 'title').text).toBe(title)
    expect(childNamed(out.atom, 'title').text).toBe(title)
    expect(out.json.title).toBe(title)
    const feedLink = links(out.page, 'alternate').find(
      (link) => attr(link, 'href') === `${expectedCategoryUrl}rss.xml`,
    )
    expect(feedLink && attr(feedLink, 'title')).toBe(`${title} (RSS)`)
  })

  it("name the site's author for an article that names none", () => {
    const out = render(article(undefined))
    expect(childrenNamed(out.rssItem, 'dc:creator').map((creator) => creator.text)).toEqual([site.author])
    expect(childrenNamed(out.atomEntry, 'author').map((author) => childNamed(author, 'name').text)).toEqual([
      site.author,
    ])
    expect(out.jsonItem.authors).toEqual([{ name: site.author }])
    expect(visibleText(only(byClass(out.page, 'byline'), 'page byline'))).toBe(`By ${site.author}`)
    expect(visibleText(only(byClass(out.home, 'byline'), 'home byline'))).toBe(`By ${site.author}`)
  })

  it('date an article by the same instant', () => {
    const out = render(article(undefined))
    expect(childNamed(out.rssItem, 'pubDate').text).toBe('Tue, 11 Mar 2025 03:19:00 +0000')
    expect(childNamed(out.atomEntry, 'published').text).toBe('2025-03-11T03:19:00Z')
    expect(out.jsonItem.date_published).toBe('2025-03-11T03:19:00Z')
    for (const page of [out.page, out.home]) {
      const time = only(byTag(page, 'time'), 'time')
      expect(Date.parse(attr(time, 'datetime') ?? '')).toBe(Date.parse('2025-03-11T03:19:00Z'))
    }
  })

  it("state a lead image's type and size when both are sound", () => {
    const out = render(
      article({ url: 'https://img.example.com/a.jpg', alt: 'A', type: 'image/jpeg', length: 2048 }),
    )
    expect(childNamed(out.rssItem, 'enclosure').attributes).toMatchObject({
      type: 'image/jpeg',
      length: '2048',
    })
    expect(
      childrenNamed(out.atomEntry, 'link').find((l) => l.attributes.rel === 'enclosure')?.attributes,
    ).toMatchObject({
      type: 'image/jpeg',
      length: '2048',
    })
    expect(out.jsonItem.attachments).toEqual([{ mime_type: 'image/jpeg', size_in_bytes: 2048 }])
    expect(metaContent(out.page, 'og:image:type')).toBe('image/jpeg')
  })

  it('leave out a type that is not a media type and a size that is not a byte count, everywhere', () => {
    const out = render(
      article({ url: 'https://img.example.com/a.jpg', alt: 'A', type: 'Image/JPEG; x', length: 0 }),
    )
    expect(childrenNamed(out.rssItem, 'enclosure')).toEqual([])
    expect(childNamed(out.rssItem, 'media:content').attributes).not.toHaveProperty('type')
    expect(childNamed(out.rssItem, 'media:content').attributes).not.toHaveProperty('fileSize')
    const enclosure = childrenNamed(out.atomEntry, 'link').find((l) => l.attributes.rel === 'enclosure')
    expect(enclosure?.attributes).not.toHaveProperty('type')
    expect(enclosure?.attributes).not.toHaveProperty('length')
    expect(out.jsonItem.attachments).toBeUndefined()
    expect(metaContent(out.page, 'og:image')).toBe('https://img.example.com/a.jpg')
    expect(metaContent(out.page, 'og:image:type')).toBeUndefined()
  })
})
