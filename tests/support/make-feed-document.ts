import type { FeedDocument } from '../../lib/feeds/feed-document.ts'
import type { Site } from '../../lib/site.ts'

export const testSite: Site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'All the news that fits',
  language: 'en-GB',
  author: 'Example Newsroom',
}

/** A site-wide feed page of `items` with a next link; override anything. */
export function makeFeedDocument(overrides: Partial<FeedDocument> = {}): FeedDocument {
  const site = overrides.site ?? testSite
  return {
    site,
    items: [],
    selfUrl: `${site.url}/rss.xml`,
    alternateUrl: `${site.url}/`,
    nextUrl: `${site.url}/rss.xml?before=abc&limit=20`,
    updated: '2025-03-11T03:19:00Z',
    ...overrides,
  }
}
