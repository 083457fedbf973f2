/** The publication: where it lives and how it presents itself in feeds and pages. */
export interface Site {
  /** Public base URL without a trailing slash, e.g. `https://news.example.com`. */
  readonly url: string
  readonly title: string
  readonly description: string
  /** BCP 47 language tag, e.g. `en` or `en-GB`. */
  readonly language: string
  /** The default author of articles that name none. */
  readonly author: string
  /** `SITE_ICON`, an https URL; absent: the site's own `/favicon.ico`. */
  readonly icon?: string
  /** `PODCAST_*`: categories whose feeds are podcasts; absent: none. */
  readonly podcast?: PodcastSettings
  /**
   * `FEED_CONTENT`: what the feeds carry by default, each item's full text or only its summary;
   * absent: full text. Every feed also answers `?content=summary` with summaries.
   */
  readonly feedContent?: 'full' | 'summary'
  /**
   * `SITE_TIME_ZONE`, an IANA name: the pages show dates in this zone; absent: each in its article's
   * own offset. Feeds and `<time datetime>` keep the article's own offset either way.
   */
  readonly timeZone?: string
  /** `SITE_NAV_TOPICS`: category slugs the pages' topic navigation names, in order; absent: the busiest recent topics. */
  readonly navTopics?: readonly string[]
}

/** The categories whose RSS feeds carry the Apple Podcasts and Podcast Index tags, and what those tags say. */
export interface PodcastSettings {
  /** `PODCAST_CATEGORIES`: category slugs. */
  readonly categories: readonly string[]
  /** `PODCAST_OWNER_EMAIL`: `itunes:owner` and `podcast:locked owner`. */
  readonly ownerEmail: string
  /** `PODCAST_IMAGE`: the show's artwork, an https URL (Apple asks 1400–3000 px square). */
  readonly image: string
  /** `PODCAST_ITUNES_CATEGORY`: an Apple Podcasts category, and a subcategory when given (`News > Politics`). */
  readonly itunesCategory: readonly [string] | readonly [string, string]
  /** `PODCAST_EXPLICIT`. */
  readonly explicit: boolean
}

/** Where the site serves its own icon (`lib/pages/site-icon.ts`). */
export const faviconPath = '/favicon.ico'

/** The site's icon: `SITE_ICON`, else the one it serves itself. */
export function siteIconUrl(site: Site): string {
  return site.icon ?? `${site.url}${faviconPath}`
}
