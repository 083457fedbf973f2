import type { Author } from '../articles/article.ts'
import { authorSlug } from '../articles/author-slug.ts'
import { textDirection } from '../articles/language.ts'
import { authorUrl, categoryUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import { type Site, siteIconUrl } from '../site.ts'
import { html, lines, raw, type SafeHtml } from './html.ts'
import { pageStyle } from './page-style.ts'
import { subscribeLink } from './subscribe-links.ts'
import { webUrl } from './web-url.ts'
import { zoneClock } from './zone-clock.ts'

/** The three feed formats every site and category offers, in the order pages list them. */
export const feedFormats = [
  { file: 'rss.xml', type: 'application/rss+xml', label: 'RSS' },
  { file: 'atom.xml', type: 'application/atom+xml', label: 'Atom' },
  { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
] as const

export type FeedFormat = (typeof feedFormats)[number]

export function homeUrl(site: Site): string {
  return `${site.url}/`
}

export function siteFeedUrl(site: Site, format: FeedFormat): string {
  return `${site.url}/${format.file}`
}

export function categoryFeedUrl(site: Site, categorySlug: string, format: FeedFormat): string {
  return `${categoryUrl(site.url, categorySlug)}${format.file}`
}

/** The URL of one of an author's feeds, `/authors/{slug}/{file}`. */
export function authorFeedUrl(site: Site, authorSlug: string, format: Pick<FeedFormat, 'file'>): string {
  return `${authorUrl(site.url, authorSlug)}${format.file}`
}

/**
 * "By A", "By A and B", "By A, B and C". With `site`, each author the article names links to their
 * author page (`/authors/{slug}/`, where their articles and feeds are); without it (the site's own
 * desk standing in for an article that names nobody), authors with a web URL are linked to it.
 */
export function renderByline(authors: readonly Author[], site?: Pick<Site, 'url'>): SafeHtml {
  const names = authors.map((author) => {
    const slug = site === undefined ? '' : authorSlug(author.name)
    const url = slug !== '' && site !== undefined ? authorUrl(site.url, slug) : webUrl(author.url)
    // <bdi>: a name in another script keeps its own direction inside the byline's sentence.
    return url !== undefined
      ? html`<a href="${url}" rel="author"><bdi>${author.name}</bdi></a>`
      : html`<bdi>${author.name}</bdi>`
  })
  const last = names.at(-1)
  const list = names.length > 1 ? html`${joinHtml(names.slice(0, -1), ', ')} and ${last}` : html`${last}`
  return html`By ${list}`
}

function joinHtml(parts: readonly SafeHtml[], separator: string): SafeHtml {
  return html`${parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]))}`
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/**
 * A `<time>` showing the wall-clock time in the timestamp's own offset ("11 March 2025, 09:19
 * +06:00", "… UTC" for `Z`), formatted by hand so the output never depends on the machine's time
 * zone or ICU data. A value that is not RFC 3339 is shown as plain text.
 *
 * With `timeZone` (`SITE_TIME_ZONE`, an IANA name) the same instant is shown in that zone instead,
 * with that zone's offset at the instant ("11 March 2025, 03:19 UTC", "… 04:19 +01:00"); the
 * `datetime` attribute keeps the exact instant as written either way.
 */
export function renderTime(timestamp: string, timeZone?: string): SafeHtml {
  const match = rfc3339.exec(timestamp)
  const month = match ? months[Number(match[2]) - 1] : undefined
  if (!match || month === undefined) return html`<span>${timestamp}</span>`
  const [, year, , day, hour, minute, second, fraction = '', offset = 'Z'] = match
  const zone = offset.toUpperCase() === 'Z' ? 'Z' : offset
  // HTML's global date and time string wants an upper-case T and Z.
  const datetime = `${year}-${match[2]}-${day}T${hour}:${minute}:${second}${fraction}${zone}`
  const shown = timeZone === undefined ? undefined : inZone(datetime, timeZone)
  const text = shown ?? `${Number(day)} ${month} ${year}, ${hour}:${minute} ${zone === 'Z' ? 'UTC' : zone}`
  return html`<time datetime="${datetime}">${text}</time>`
}

/** The instant's wall-clock time and offset in `timeZone`; none when the runtime cannot place it there. */
function inZone(datetime: string, timeZone: string): string | undefined {
  const local = zoneClock(datetime, timeZone)
  const month = local === undefined ? undefined : months[local.month - 1]
  if (local === undefined || month === undefined) return undefined
  const pad = (n: number) => String(n).padStart(2, '0')
  const minutes = Math.abs(local.offsetMinutes)
  const offset =
    local.offsetMinutes === 0
      ? 'UTC'
      : `${local.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
  return `${local.day} ${month} ${local.year}, ${pad(local.hour)}:${pad(local.minute)} ${offset}`
}

export function renderFeedAlternates(site: Site): SafeHtml {
  return lines([
    feedFormats.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${feedTitle(site)} (${format.label})" href="${siteFeedUrl(site, format)}">`,
    ),
    renderSummaryAlternates(site, feedTitle(site), (format) => siteFeedUrl(site, format)),
  ])
}

/**
 * The summary variants (`?content=summary`) of the three feeds, after the full ones so that readers
 * taking the first alternate get the full text; none when the feeds carry summaries anyway.
 */
export function renderSummaryAlternates(
  site: Site,
  title: string,
  feedUrl: (format: FeedFormat) => string,
): SafeHtml | undefined {
  if (site.feedContent === 'summary') return undefined
  return lines(
    feedFormats.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${title} (${format.label}, summaries)" href="${`${feedUrl(format)}?content=summary`}">`,
    ),
  )
}

function renderSiteFeedLinks(site: Site): SafeHtml {
  return joinHtml(
    feedFormats.map(
      // The subscribe page, not the feed itself: a browser shows a feed as raw text.
      (format) => html`<a href="${subscribeLink(site, format)}">${format.label}</a>`,
    ),
    ' · ',
  )
}

export interface DocumentInput {
  readonly site: Site
  readonly title: string
  /** Page-specific `<head>` content after the title. */
  readonly head: SafeHtml
  readonly main: SafeHtml
  /** The front page names the site in its `<h1>`; other pages keep the `<h1>` for their own title. */
  readonly isHome: boolean
  /** The page's language (an article's own); default: the site's. */
  readonly language?: string
  /** The topic navigation (`renderTopicNav`), shown under the site's name; none when absent. */
  readonly nav?: SafeHtml
}

/**
 * ` lang dir` attributes for an element in the site's own words ("By", a date, "Topics") inside a
 * page in another language, so an English date stays in order inside a right-to-left article.
 */
export function siteLanguageAttributes(site: Site, pageLanguage: string): SafeHtml | undefined {
  return pageLanguage === site.language
    ? undefined
    : html` lang="${site.language}" dir="${textDirection(site.language)}"`
}

/** The document every page shares: head essentials, the inline stylesheet, site header and footer. */
export function renderDocument(input: DocumentInput): string {
  const { site } = input
  const language = input.language ?? site.language
  // The site's own header and footer keep the site's language and direction inside another's page.
  const siteLang = siteLanguageAttributes(site, language)
  const siteName = html`<a class="site-name" href="${homeUrl(site)}" rel="home">${site.title}</a>`
  return html`<!DOCTYPE html>
<html lang="${language}" dir="${textDirection(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${input.title}</title>
<link rel="icon" href="${siteIconUrl(site)}">
${input.head}<style>${raw(pageStyle)}</style>
</head>
<body>
<header class="site-header"${siteLang}>
${input.isHome ? html`<h1>${siteName}</h1>` : html`<p>${siteName}</p>`}
<p class="site-tagline">${site.description}</p>
${input.nav}</header>
<main>
${input.main}</main>
<footer class="site-footer"${siteLang}>
<p>Follow ${site.title}: ${renderSiteFeedLinks(site)}</p>
</footer>
</body>
</html>
`.value
}
