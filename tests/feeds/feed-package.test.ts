import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Feed, type Item } from 'feed'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import type { Article } from '../../lib/articles/article.ts'
import { byline } from '../../lib/articles/byline.ts'
import { categoriesUrl, categoryUrl, permalink } from '../../lib/articles/permalink.ts'
import { newestChange } from '../../lib/feeds/dates.ts'
import { hostileArticles } from '../support/make-article.ts'
import { testSite as site } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'

/**
 * Why the project renders its own feeds instead of using `feed`, the package the brief names (see
 * docs/decisions.md, "Why not the feed package"). Each test hands `feed` an article of the hostile corpus
 * with everything our renderers know, the way a careful caller would, and asserts one defect. The day
 * a release fixes one, its test fails and says so: the choice can then be revisited.
 */

const feedVersion = z
  .object({ version: z.string() })
  .parse(
    JSON.parse(
      readFileSync(
        join(dirname(createRequire(import.meta.url).resolve('feed')), '..', 'package.json'),
        'utf8',
      ),
    ),
  ).version

function revisit(change: string): string {
  return `feed ${feedVersion} ${change}: a reason to render our own feeds is gone, revisit the choice (docs/decisions.md, "Why not the feed package")`
}

const corpus = hostileArticles()

function article(slug: string): Article {
  const found = corpus.find((a) => a.slug === slug)
  if (found === undefined) throw new Error(`no hostile article ${slug}`)
  return found
}

/** Everything our renderers put in a feed, given to `feed` through its own options. */
function toItem(a: Article): Item {
  const { authors, published } = byline(a, site)
  return {
    title: a.title,
    id: a.id,
    link: permalink(site.url, a.slug),
    date: new Date(newestChange([a])),
    published: new Date(published),
    description: a.summary,
    content: a.contentHtml,
    author: authors.map((author) => ({ name: author.name, ...(author.url ? { link: author.url } : {}) })),
    category: a.categories.map((c) => ({
      name: c.name,
      term: c.slug,
      scheme: categoriesUrl(site.url),
      domain: categoryUrl(site.url, c.slug),
    })),
    ...(a.image && {
      enclosure: {
        url: a.image.url,
        title: a.image.alt,
        ...(a.image.type !== undefined && { type: a.image.type }),
        ...(a.image.length !== undefined && { length: a.image.length }),
      },
    }),
  }
}

function feedOf(items: readonly Article[], options: { readonly clockDate?: boolean } = {}): Feed {
  const feed = new Feed({
    id: `${site.url}/`,
    title: site.title,
    description: site.description,
    language: site.language,
    link: `${site.url}/`,
    ...(options.clockDate ? {} : { updated: new Date(newestChange(items)) }),
    // `next` is how a paging link would be asked for, if `feed` had one.
    feedLinks: {
      rss: `${site.url}/rss.xml`,
      atom: `${site.url}/atom.xml`,
      json: `${site.url}/feed.json`,
      next: `${site.url}/rss.xml?before=older`,
    },
    author: { name: site.author },
    generator: false,
  })
  for (const a of items) feed.addItem(toItem(a))
  return feed
}

const jsonFeedSchema = z.looseObject({
  version: z.string(),
  items: z.array(z.looseObject({ title: z.string() })),
})

afterEach(() => {
  vi.useRealTimers()
})

describe(`the feed package (${feedVersion}) on the hostile corpus`, () => {
  it('lets one article break a whole feed: four of the corpus each make RSS and Atom ill-formed', () => {
    const wellFormed = (xml: string): boolean => {
      try {
        parseXml(xml)
        return true
      } catch {
        return false
      }
    }
    const breaking = corpus
      .filter((a) => {
        const feed = feedOf([a])
        return !wellFormed(feed.rss2()) && !wellFormed(feed.atom1())
      })
      .map((a) => a.slug)
    expect(breaking, revisit('breaks on fewer of the hostile articles')).toEqual([
      'control-characters',
      'non-characters',
      'cdata-terminators',
      'ampersands-and-quotes',
    ])
  })

  it.each([['control-characters'], ['non-characters']])(
    'writes the characters XML forbids as they are, so RSS and Atom are ill-formed: %s',
    (slug) => {
      const feed = feedOf([article(slug)])
      expect(() => parseXml(feed.rss2()), revisit('now removes the characters XML forbids in RSS')).toThrow(
        /disallowed character/,
      )
      expect(() => parseXml(feed.atom1()), revisit('now removes the characters XML forbids in Atom')).toThrow(
        /disallowed character/,
      )
    },
  )

  it('splits only the first ]]> of a CDATA section, so a second one ends it and breaks the feed', () => {
    const feed = feedOf([article('cdata-terminators')])
    expect(feed.rss2()).toContain('<![CDATA[Ends ]]]]><![CDATA[> twice ]]>]]>')
    expect(() => parseXml(feed.rss2()), revisit('now splits every ]]> in RSS')).toThrow(/"]]>" is disallowed/)
    expect(() => parseXml(feed.atom1()), revisit('now splits every ]]> in Atom')).toThrow(
      /"]]>" is disallowed/,
    )
  })

  it('leaves & and < unescaped in attribute values, so RSS and Atom are ill-formed', () => {
    const feed = feedOf([article('ampersands-and-quotes')])
    // The image's alt text, as the enclosure's title.
    expect(feed.rss2(), revisit('now escapes attribute values in RSS')).toContain(
      'title="A &quot;quoted&quot; & <odd> alt"',
    )
    expect(feed.atom1(), revisit('now escapes attribute values in Atom')).toContain(
      'title="A &quot;quoted&quot; & <odd> alt"',
    )
    expect(
      () => parseXml(feed.rss2()),
      revisit('now writes well-formed RSS for & and < in attributes'),
    ).toThrow()
    expect(
      () => parseXml(feed.atom1()),
      revisit('now writes well-formed Atom for & and < in attributes'),
    ).toThrow()
  })

  it('writes JSON Feed version 1 with one author an item, not 1.1 with authors, and drops the language', () => {
    const feed = jsonFeedSchema.parse(JSON.parse(feedOf([article('right-to-left')]).json1()))
    expect(feed.version, revisit('now writes JSON Feed 1.1')).toBe('https://jsonfeed.org/version/1')
    expect(feed, revisit('now gives the feed its language')).not.toHaveProperty('language')
    const [item] = feed.items
    expect(item, revisit('now writes 1.1 authors')).not.toHaveProperty('authors')
    // The article has two authors; version 1's single `author` keeps the first.
    expect(item?.author, revisit('now keeps every author')).toEqual({ name: 'كاتب' })
  })

  it('has no paging: no rel="next" in RSS or Atom and no next_url in JSON Feed', () => {
    const feed = feedOf(corpus)
    expect(feed.rss2(), revisit('now links RSS to the next page')).not.toContain('rel="next"')
    expect(feed.atom1(), revisit('now links Atom to the next page')).not.toContain('rel="next"')
    expect(feed.json1(), revisit('now gives JSON Feed a next_url')).not.toContain('next_url')
  })

  it('dates the feed by the clock unless told, so equal content gives different bytes', () => {
    const items = corpus.slice(0, 3)
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2001-02-03T04:05:06Z'))
    const before = feedOf(items, { clockDate: true })
    const [rss, atom] = [before.rss2(), before.atom1()]
    vi.setSystemTime(new Date('2039-12-31T23:59:59Z'))
    const after = feedOf(items, { clockDate: true })
    expect(rss, revisit('now dates RSS by its content')).toContain(
      '<lastBuildDate>Sat, 03 Feb 2001 04:05:06 GMT<',
    )
    expect(atom, revisit('now dates Atom by its content')).toContain(
      '<updated>2001-02-03T04:05:06.000Z</updated>',
    )
    expect(after.rss2(), revisit('now renders equal content to equal RSS bytes')).not.toBe(rss)
    expect(after.atom1(), revisit('now renders equal content to equal Atom bytes')).not.toBe(atom)
  })

  it("guesses the Atom enclosure's type from the URL instead of the type given, and claims length 0 in RSS", () => {
    const audio = parseXml(feedOf([article('comparison')]).atom1())
    const enclosure = childrenNamed(childNamed(audio, 'entry'), 'link').find(
      (l) => l.attributes.rel === 'enclosure',
    )
    // The article says audio/mpeg; `feed` writes image/ and the file's extension.
    expect(enclosure?.attributes.type, revisit('now keeps the media type it is given in Atom')).toBe(
      'image/mp3',
    )
    const unknownSize = parseXml(feedOf([article('image-with-type-only')]).rss2())
    const rssEnclosure = childNamed(childNamed(childNamed(unknownSize, 'channel'), 'item'), 'enclosure')
    expect(rssEnclosure.attributes.length, revisit('no longer claims an unknown size is 0')).toBe('0')
  })

  it('puts names in RSS <author>, which must hold an email address, and no dc:creator', () => {
    const rss = parseXml(feedOf([article('no-authors')]).rss2())
    const item = childNamed(childNamed(rss, 'channel'), 'item')
    expect(childNamed(item, 'author').text, revisit('now writes RSS authors another way')).toBe(site.author)
    expect(childrenNamed(item, 'dc:creator'), revisit('now writes dc:creator')).toEqual([])
  })

  it('declares plain-text titles as HTML in Atom, so markup in a title reaches readers as markup', () => {
    const atom = parseXml(feedOf([article('script-injection')]).atom1())
    const title = childNamed(childNamed(atom, 'entry'), 'title')
    expect(title.attributes.type, revisit('now marks titles as text')).toBe('html')
    expect(title.text).toBe('<script>alert("title")</script>')
  })
})
