import type { Category } from '../articles/article.ts'
import { authorUrl, categoryUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import type { Site } from '../site.ts'
import { html, lines, raw } from './html.ts'
import {
  authorFeedUrl,
  categoryFeedUrl,
  type FeedFormat,
  feedFormats,
  homeUrl,
  renderDocument,
  siteFeedUrl,
} from './page-parts.ts'
import { type SubscribeScope, subscribeAnchor, subscribeUrl } from './subscribe-links.ts'
import { subscribeScript } from './subscribe-script.ts'

/**
 * Web readers that subscribe from a link, each with its documented subscribe URL for a feed
 * address. Ordered by how many people use them.
 */
export const webReaders = [
  {
    name: 'Feedly',
    url: (feed: string) => `https://feedly.com/i/subscription/feed%2F${encodeURIComponent(feed)}`,
  },
  {
    name: 'Inoreader',
    url: (feed: string) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(feed)}`,
  },
  { name: 'NewsBlur', url: (feed: string) => `https://www.newsblur.com/?url=${encodeURIComponent(feed)}` },
  { name: 'Feedbin', url: (feed: string) => `https://feedbin.com/?subscribe=${encodeURIComponent(feed)}` },
  {
    name: 'The Old Reader',
    url: (feed: string) => `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(feed)}`,
  },
] as const

const formatNotes: Readonly<Record<FeedFormat['file'], string>> = {
  'rss.xml': 'Works in every feed reader.',
  'atom.xml': 'The same articles, in the format some readers prefer.',
  'feed.json': 'The same articles as JSON, for newer readers and your own tools.',
}

export interface SubscribePageInput {
  readonly site: Site
  /** A topic's page: its own feeds. Absent (and no `author`): the whole site's. */
  readonly category?: Category
  /** An author's page: their own feeds (slug, and the name their articles give). */
  readonly author?: { readonly slug: string; readonly name: string }
}

/** Whose feeds the page offers, where their page is, and each feed's address. */
function subscribeTarget(input: SubscribePageInput) {
  const { site, category, author } = input
  if (author !== undefined)
    return {
      named: author,
      scope: { author: author.slug } as SubscribeScope,
      pageUrl: authorUrl(site.url, author.slug),
      feedUrl: (format: FeedFormat) => authorFeedUrl(site, author.slug, format),
    }
  if (category !== undefined)
    return {
      named: category,
      scope: { topic: category.slug } as SubscribeScope,
      pageUrl: categoryUrl(site.url, category.slug),
      feedUrl: (format: FeedFormat) => categoryFeedUrl(site, category.slug, format),
    }
  return {
    named: undefined,
    scope: undefined,
    pageUrl: homeUrl(site),
    feedUrl: (f: FeedFormat) => siteFeedUrl(site, f),
  }
}

/**
 * `/subscribe/`: what a feed is in two sentences, one-click links into readers (the `feed:` URL that
 * hands the feed to the device's reader app, and the subscribe URLs of the major web readers), and
 * the three feed addresses, each with a copy button. The head keeps naming the feeds themselves
 * (`<link rel="alternate">`) for readers and browser extensions that look there.
 */
export function renderSubscribePage(input: SubscribePageInput): string {
  const { site } = input
  const { named, scope, pageUrl, feedUrl } = subscribeTarget(input)
  const name = named === undefined ? site.title : named.name
  const rss = feedUrl(feedFormats[0])
  const title = `Subscribe to ${feedTitle(site, named)}`
  const head = lines([
    html`<meta name="description" content="${`Follow ${name} in a feed reader.`}">`,
    html`<link rel="canonical" href="${subscribeUrl(site, scope)}">`,
    feedFormats.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${feedTitle(site, named)} (${format.label})" href="${feedUrl(format)}">`,
    ),
  ])
  const main = lines([
    html`<h1>Follow ${name}</h1>`,
    html`<p class="standfirst">A feed is a list of the latest articles that a feed reader app or website checks for you, so new ones from <a href="${pageUrl}">${name}</a> arrive next to those of every other site you follow, with no account here and no email. Pick your reader below, or copy an address into the one you use.</p>`,
    html`<h2>In one click</h2>`,
    html`<ul class="readers">`,
    html`<li><a href="${feedSchemeUrl(rss)}">Your feed reader app</a> (the one this device opens feeds with)</li>`,
    webReaders.map((reader) => html`<li><a href="${reader.url(rss)}" rel="nofollow">${reader.name}</a></li>`),
    html`</ul>`,
    html`<h2>Feed addresses</h2>`,
    feedFormats.map((format) => {
      const id = subscribeAnchor(format)
      return lines([
        html`<section class="feed-address" id="${id}">`,
        html`<h3><label for="${`${id}-url`}">${format.label}</label></h3>`,
        html`<p>${formatNotes[format.file]}</p>`,
        html`<p class="copy"><input id="${`${id}-url`}" type="url" value="${feedUrl(format)}" readonly> <button type="button" data-copy aria-controls="${`${id}-url`}" hidden>Copy</button></p>`,
        html`</section>`,
      ])
    }),
    html`<script>${raw(subscribeScript)}</script>`,
  ])
  return renderDocument({ site, title, head, main, isHome: false })
}

/**
 * The `feed:` URL that hands a feed to the device's reader app, in the `feed://host/path` form every
 * app that registers the scheme understands (and the HTML checker accepts): the app fetches it over
 * http, which the site (CloudFront) redirects to https.
 */
export function feedSchemeUrl(feedUrl: string): string {
  return feedUrl.replace(/^https?:/, 'feed:')
}
