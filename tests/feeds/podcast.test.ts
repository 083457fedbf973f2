import { parseRssFeed } from 'feedsmith'
import { getPodcastFromFeed } from 'podcast-feed-parser'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../lib/config.ts'
import { podcastGuid } from '../../lib/feeds/podcast-tags.ts'
import { renderRss } from '../../lib/feeds/render-rss.ts'
import type { Site } from '../../lib/site.ts'
import { makeArticle } from '../support/make-article.ts'
import { makeFeedDocument, testSite } from '../support/make-feed-document.ts'

const site: Site = {
  ...testSite,
  podcast: {
    categories: ['harbour-show'],
    ownerEmail: 'podcasts@news.example.com',
    image: 'https://img.example.com/show-3000.jpg',
    itunesCategory: ['News', 'Politics'],
    explicit: false,
  },
}
const show = { slug: 'harbour-show', name: 'The Harbour Show' }
const episode = makeArticle({
  slug: 'episode-3',
  title: 'Episode 3: the ferry',
  episode: 3,
  attachments: [
    { url: 'https://media.example.com/ep3.mp3', type: 'audio/mpeg', length: 24_000_000, duration: 1500.4 },
    { url: 'https://media.example.com/ep3.vtt', type: 'text/vtt' },
  ],
})
const xml = renderRss(makeFeedDocument({ site, category: show, items: [episode] }))

describe('a podcast category feed', () => {
  it('reads as a podcast in podcast-feed-parser: artwork, category, owner, author, explicit, episodes', () => {
    const { meta, episodes } = getPodcastFromFeed(xml)
    expect(meta.categories).toEqual(['News', 'Politics'])
    expect(meta.owner).toEqual({ name: 'Example Newsroom', email: 'podcasts@news.example.com' })
    expect(meta.author).toBe('Example Newsroom')
    expect(meta.explicit).toBe(false)
    expect(episodes).toHaveLength(1)
    expect(episodes[0]?.enclosure).toEqual({
      url: 'https://media.example.com/ep3.mp3',
      type: 'audio/mpeg',
      length: '24000000',
    })
    expect(episodes[0]?.duration).toBe(1500)
  })

  it('carries the Apple and Podcast Index tags as feedsmith reads them', () => {
    const feed = parseRssFeed(xml)
    expect(feed.itunes?.image).toBe('https://img.example.com/show-3000.jpg')
    expect(feed.itunes?.explicit).toBe(false)
    expect(feed.itunes?.categories).toEqual([{ text: 'News', categories: [{ text: 'Politics' }] }])
    expect(feed.podcast?.locked).toEqual({ value: true, owner: 'podcasts@news.example.com' })
    expect(feed.podcast?.guid).toBe(podcastGuid('https://news.example.com/categories/harbour-show/rss.xml'))
    const item = feed.items?.[0]
    expect(item?.itunes).toEqual({ duration: 1500, episode: 3 })
    expect(item?.podcast?.transcripts).toEqual([
      { url: 'https://media.example.com/ep3.vtt', type: 'text/vtt' },
    ])
  })

  it('derives podcast:guid as the namespace does (its own example)', () => {
    expect(podcastGuid('https://mp3s.nashownotes.com/pc20rss.xml')).toBe(
      '917393e3-1b1e-5cef-ace4-edaa54e1f810',
    )
    expect(podcastGuid('http://mp3s.nashownotes.com/pc20rss.xml/')).toBe(
      '917393e3-1b1e-5cef-ace4-edaa54e1f810',
    )
  })

  it('leaves every other feed as it was, byte for byte', () => {
    const other = { slug: 'world', name: 'World' }
    const plain = renderRss(makeFeedDocument({ site: testSite, category: other, items: [episode] }))
    expect(renderRss(makeFeedDocument({ site, category: other, items: [episode] }))).toBe(plain)
    expect(renderRss(makeFeedDocument({ site, items: [episode] }))).toBe(
      renderRss(makeFeedDocument({ site: testSite, items: [episode] })),
    )
    expect(plain).not.toContain('itunes')
  })
})

describe('PODCAST_* settings', () => {
  const base = {
    PODCAST_CATEGORIES: 'harbour-show, talks',
    PODCAST_OWNER_EMAIL: 'podcasts@news.example.com',
    PODCAST_IMAGE: 'https://img.example.com/show.jpg',
  }

  it('reads the podcast categories with their defaults', () => {
    expect(readConfig(base).site.podcast).toEqual({
      categories: ['harbour-show', 'talks'],
      ownerEmail: 'podcasts@news.example.com',
      image: 'https://img.example.com/show.jpg',
      itunesCategory: ['News'],
      explicit: false,
    })
    const more = readConfig({
      ...base,
      PODCAST_ITUNES_CATEGORY: 'Society & Culture > Documentary',
      PODCAST_EXPLICIT: 'yes',
    })
    expect(more.site.podcast?.itunesCategory).toEqual(['Society & Culture', 'Documentary'])
    expect(more.site.podcast?.explicit).toBe(true)
    expect(readConfig({}).site.podcast).toBeUndefined()
  })

  it.each([
    [{ ...base, PODCAST_OWNER_EMAIL: undefined }, /^PODCAST_OWNER_EMAIL must be set/],
    [{ ...base, PODCAST_IMAGE: undefined }, /^PODCAST_IMAGE must be set/],
    [
      { ...base, PODCAST_IMAGE: 'http://img.example.com/a.jpg' },
      /^PODCAST_IMAGE must be an absolute https URL/,
    ],
    [{ ...base, PODCAST_OWNER_EMAIL: 'nobody' }, /^PODCAST_OWNER_EMAIL must be one email address/],
    [
      { ...base, PODCAST_CATEGORIES: 'Harbour Show' },
      /^PODCAST_CATEGORIES must be comma-separated category slugs/,
    ],
    [
      { ...base, PODCAST_ITUNES_CATEGORY: 'Newz' },
      /^PODCAST_ITUNES_CATEGORY must be an Apple Podcasts category/,
    ],
    [{ ...base, PODCAST_EXPLICIT: 'maybe' }, /^PODCAST_EXPLICIT must be true or false/],
  ])('stops at start naming the setting: %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(message)
  })
})
