import { v5 as uuidv5 } from 'uuid'
import type { Article } from '../articles/article.ts'
import { attachmentKind, firstPlayable, publicAttachments } from '../articles/attachment.ts'
import { categoryUrl } from '../articles/permalink.ts'
import type { PodcastSettings } from '../site.ts'
import type { FeedDocument } from './feed-document.ts'
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml.ts'

/*
 * The channel and item tags Apple Podcasts (the `itunes:` namespace) and the Podcast Index
 * namespace (`podcast:`) ask of a show, for the RSS feeds of the categories `PODCAST_CATEGORIES`
 * names. Every other feed is left as it was, byte for byte.
 */

/** The namespace `podcast:guid` is derived in (podcastindex.org/namespace/1.0#guid). */
export const podcastGuidNamespace = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6'

export const podcastNamespaces =
  ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0"'

/** The podcast settings when `doc` is the RSS feed of a podcast category; otherwise undefined. */
export function podcastOf(doc: FeedDocument): PodcastSettings | undefined {
  const { podcast } = doc.site
  const slug = doc.category?.slug
  return slug !== undefined && podcast?.categories.includes(slug) ? podcast : undefined
}

/**
 * `podcast:guid`: a UUIDv5 of the feed's URL without its scheme and trailing slashes, in the
 * namespace's own UUID, so that any directory derives the same from the same URL.
 */
export function podcastGuid(feedUrl: string): string {
  return uuidv5(feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, ''), podcastGuidNamespace)
}

/** The channel's tags: artwork, category, explicit, author, owner, guid and lock. */
export function podcastChannelTags(doc: FeedDocument, podcast: PodcastSettings): string[] {
  const { site, category } = doc
  const feedUrl = `${categoryUrl(site.url, category?.slug ?? '')}rss.xml`
  const [top, sub] = podcast.itunesCategory
  const itunesCategory =
    sub === undefined
      ? `<itunes:category text="${attr(top)}"/>`
      : `<itunes:category text="${attr(top)}"><itunes:category text="${attr(sub)}"/></itunes:category>`
  return [
    `  <itunes:image href="${attr(podcast.image)}"/>`,
    `  ${itunesCategory}`,
    `  <itunes:explicit>${podcast.explicit}</itunes:explicit>`,
    `  <itunes:author>${text(site.author)}</itunes:author>`,
    `  <itunes:owner><itunes:name>${text(site.author)}</itunes:name><itunes:email>${text(podcast.ownerEmail)}</itunes:email></itunes:owner>`,
    '  <itunes:type>episodic</itunes:type>',
    `  <podcast:guid>${podcastGuid(feedUrl)}</podcast:guid>`,
    `  <podcast:locked owner="${attr(podcast.ownerEmail)}">yes</podcast:locked>`,
  ]
}

/** An episode's tags: its duration, its number when given, its transcripts. */
export function podcastItemTags(article: Article): string[] {
  const attachments = publicAttachments(article.attachments)
  const out: string[] = []
  const duration = firstPlayable(attachments)?.duration
  if (duration !== undefined) out.push(`    <itunes:duration>${Math.round(duration)}</itunes:duration>`)
  if (article.episode !== undefined) out.push(`    <itunes:episode>${article.episode}</itunes:episode>`)
  for (const { url, type } of attachments) {
    if (attachmentKind(type) === 'transcript') {
      out.push(`    <podcast:transcript url="${attr(url)}" type="${attr(type)}"/>`)
    }
  }
  return out
}
