import { describe, expect, it } from 'vitest'
import { textDirection } from '../../lib/articles/language.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite } from '../support/make-feed-document.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'

const items = [
  makeArticle({ title: 'বাংলাদেশ', language: 'bn' }),
  makeArticle({ title: 'الانتخابات', language: 'ar', contentHtml: '<p>دكا</p>' }),
  makeArticle({ title: 'Site language' }),
]
const doc = makeFeedDocument({ items })
const expected = ['bn', 'ar', testSite.language]

describe('per-article language in the feeds', () => {
  it('gives every Atom entry its xml:lang, the site’s when the article names none', () => {
    const feed = parseXml(renderAtom(doc))
    expect(feed.attributes['xml:lang']).toBe(testSite.language)
    expect(childrenNamed(feed, 'entry').map((entry) => entry.attributes['xml:lang'])).toEqual(expected)
  })

  it('gives every RSS item its dc:language', () => {
    const channel = childNamed(parseXml(renderRss(doc)), 'channel')
    const languages = childrenNamed(channel, 'item').map((item) => childNamed(item, 'dc:language'))
    expect(languages.map((l) => l.text)).toEqual(expected)
    expect(languages.every((l) => l.uri === 'http://purl.org/dc/elements/1.1/')).toBe(true)
  })

  it('gives every JSON Feed item its language', () => {
    const feed = JSON.parse(renderJsonFeed(doc)) as { items: { language: string; content_html: string }[] }
    expect(feed.items.map((item) => item.language)).toEqual(expected)
    expect(feed.items[1]?.content_html).toBe('<div dir="rtl" lang="ar"><p>دكا</p></div>')
    expect(feed.items[0]?.content_html).not.toContain('dir=')
  })
})

describe('textDirection', () => {
  it.each(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'ar-EG', 'pa-Arab', 'az-Arab'])(
    'writes %s right to left',
    (tag) => {
      expect(textDirection(tag)).toBe('rtl')
    },
  )

  it.each(['en', 'en-GB', 'bn', 'hi', 'ru', 'ja', 'zh-Hant-TW', 'pa', 'az', 'not a tag'])(
    'writes %s left to right',
    (tag) => {
      expect(textDirection(tag)).toBe('ltr')
    },
  )
})
