import { renderAtom } from '../feeds/render-atom.ts'
import { renderJsonFeed } from '../feeds/render-json-feed.ts'
import { renderRss } from '../feeds/render-rss.ts'

/** The three feed files every scope (the site, a topic, an author) serves: media type, renderer, render-cache key. */
export const feedFormats = {
  'rss.xml': { key: 'rss', contentType: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { key: 'atom', contentType: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.json': { key: 'json', contentType: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const

export type FeedFile = keyof typeof feedFormats

/** The feed files, in the order pages and discovery files name them. */
export const feedFiles = Object.keys(feedFormats) as FeedFile[]
