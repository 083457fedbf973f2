import { describe, expect, it } from 'vitest'
import { readConfig } from '../../lib/config.ts'
import { renderAtom } from '../../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../../lib/feeds/render-json-feed.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import { renderHomePage } from '../../lib/pages/render-home-page.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite } from '../support/make-feed-document.ts'
import { childNamed, parseXml } from '../support/parse-xml.ts'

const ownIcon = `${testSite.url}/favicon.ico`
const customSite = { ...testSite, icon: 'https://cdn.example.com/brand/icon-512.png' }

describe.each([
  ['the site’s own /favicon.ico by default', testSite, ownIcon],
  ['SITE_ICON when set', customSite, customSite.icon],
])('the site icon: %s', (_, site, icon) => {
  const doc = makeFeedDocument({ site, items: [makeArticle()] })

  it('is the RSS channel image, with the channel’s title and link', () => {
    const image = childNamed(childNamed(parseXml(renderRss(doc)), 'channel'), 'image')
    expect(childNamed(image, 'url').text).toBe(icon)
    expect(childNamed(image, 'title').text).toBe(site.title)
    expect(childNamed(image, 'link').text).toBe(doc.alternateUrl)
  })

  it('is the Atom icon and logo', () => {
    const feed = parseXml(renderAtom(doc))
    expect(childNamed(feed, 'icon').text).toBe(icon)
    expect(childNamed(feed, 'logo').text).toBe(icon)
  })

  it('is the JSON Feed icon and favicon', () => {
    expect(JSON.parse(renderJsonFeed(doc))).toMatchObject({ icon, favicon: icon })
  })

  it('is the pages’ <link rel="icon">', () => {
    expect(renderHomePage({ site, articles: [] })).toContain(`<link rel="icon" href="${icon}">`)
  })
})

describe('SITE_ICON', () => {
  it('takes an https URL', () => {
    expect(readConfig({ SITE_ICON: 'https://cdn.example.com/icon.png' }).site.icon).toBe(
      'https://cdn.example.com/icon.png',
    )
    expect(readConfig({}).site.icon).toBeUndefined()
  })

  it.each(['http://cdn.example.com/icon.png', '/favicon.ico', 'data:image/png;base64,AAAA'])(
    'stops the start on %j, naming the variable',
    (value) => {
      expect(() => readConfig({ SITE_ICON: value })).toThrow(/^SITE_ICON must be an absolute https URL/)
    },
  )
})
