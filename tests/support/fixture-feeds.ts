/**
 * Real-shaped feeds of a newsroom moving here, generated: WordPress's RSS 2.0 (content:encoded,
 * dc:creator, excerpts, guid ?p=…), Atom 1.0 and JSON Feed 1.1 with the same items. HTML content
 * with relative links and images, several authors and categories, non-ASCII text, dates in
 * several offsets. `expected` says what each item must become on the site.
 */

export const sourceSite = 'https://blog.example.org'

export interface FixtureItem {
  /** WordPress's guid: `https://blog.example.org/?p=1234`. */
  readonly guid: string
  readonly link: string
  readonly title: string
  readonly authors: readonly string[]
  readonly categories: readonly string[]
  /** As the feeds write it: RFC 822 for RSS. */
  readonly rssDate: string
  /** RFC 3339 with the same offset: what Atom and JSON Feed write, and what the article must keep. */
  readonly isoDate: string
  readonly excerptHtml: string
  readonly excerptText: string
  readonly contentHtml: string
  readonly image?: { readonly url: string; readonly type: string; readonly length: number }
}

const titles = [
  'L’été à Montréal: les terrasses débordent',
  'Zürich: Über die Brücke, zum Bahnhof',
  'Budget 2025 — what “fiscal space” really means',
  'Økonomi og velferd i Bergen',
  'Café society & the 5 a.m. bakers',
  'São Paulo’s metro line 6 opens at last',
  'Kraków’s old town, after the rain',
  'Q&A: “We <b>never</b> planned this”',
]
const people = ['Zoë Ångström', 'Desk Report', 'Jean-Luc Dupré', 'Nguyễn Thị Hoa']
const sections = ['World', 'Économie', 'Société', 'Culture', 'Sport', 'Tech & Science', 'Opinion']
const offsets = ['+0000', '+0200', '-0500', '+0530', '+0600']
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `count` items, newest first as feeds list them; the same `count` always gives the same items. */
export function fixtureItems(count: number): FixtureItem[] {
  return Array.from({ length: count }, (_, i) => fixtureItem(count - 1 - i))
}

function fixtureItem(n: number): FixtureItem {
  const post = 1000 + n
  const base = titles[n % titles.length] ?? ''
  const title = `${base} (${n + 1})`
  const offset = offsets[n % offsets.length] ?? '+0000'
  // One item every 9 hours up to 2025-03-01 (5,000 of them at most), in the newsroom’s changing offsets.
  const utc = Date.UTC(2025, 2, 1, 12, 0, 0) - (5000 - n) * 9 * 3600 * 1000
  const local = wallClock(utc, offset)
  const ymd = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`
  const hms = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  const isoOffset = offset === '+0000' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(3)}`
  const rssDate = wordpressDate(utc, offset)
  const slug = `post-${post}-${['ete', 'zurich', 'budget', 'okonomi', 'cafe', 'sao-paulo', 'krakow', 'qa'][n % 8]}`
  const link = `${sourceSite}/${ymd.slice(0, 4)}/${ymd.slice(5, 7)}/${slug}/`
  const authors = n % 5 === 0 ? [people[n % 4] ?? '', people[(n + 1) % 4] ?? ''] : [people[n % 4] ?? '']
  const categories =
    n % 97 === 0
      ? [...sections, 'Extra one', 'Extra two', 'Extra three', 'Extra four', 'Extra five']
      : [sections[n % 7] ?? '', ...(n % 3 === 0 ? [sections[(n + 2) % 7] ?? ''] : [])]
  const excerptText = `Résumé ${n + 1}: ce que l’on sait — et ce que l’on ignore encore […]`
  const excerptHtml = `<p>Résumé ${n + 1}: ce que l&#8217;on sait &#8212; et ce que l&#8217;on ignore encore [&hellip;]</p>`
  const contentHtml = [
    `<p>Paragraphe ${n + 1}. Read <a href="/about/">about us</a> or the <a href="../previous-story/">previous story</a>.</p>`,
    `<figure><img src="/wp-content/uploads/2025/02/photo-${post}.jpg" alt="Photo ${n + 1}" srcset="/wp-content/uploads/2025/02/photo-${post}-300x200.jpg 300w, /wp-content/uploads/2025/02/photo-${post}.jpg 1024w" width="1024" height="683" /><figcaption>Légende № ${n + 1}</figcaption></figure>`,
    `<p>Ελληνικά, 日本語, עברית &amp; emoji 🎉 in the body.</p>`,
  ].join('\n')
  return {
    guid: `${sourceSite}/?p=${post}`,
    link,
    title,
    authors,
    categories,
    rssDate,
    isoDate: `${ymd}T${hms}${isoOffset}`,
    excerptHtml,
    excerptText,
    contentHtml,
    ...(n % 4 !== 3 && {
      image: {
        url: `${sourceSite}/wp-content/uploads/2025/02/lead-${post}.jpg`,
        type: 'image/jpeg',
        length: 50_000 + n,
      },
    }),
  }
}

const pad = (x: number) => String(x).padStart(2, '0')

/** `utc` on the wall clock of `offset` (`+0530`): a Date whose UTC fields read the local time. */
function wallClock(utc: number, offset: string): Date {
  const sign = offset.startsWith('-') ? -1 : 1
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)))
  return new Date(utc + minutes * 60_000)
}

/** RFC 822 as WordPress writes it, in the newsroom's offset of the day. */
export function wordpressDate(utc: number, offset: string): string {
  const local = wallClock(utc, offset)
  const hms = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`
  return `${days[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ${hms} ${offset}`
}

/** The XML declaration and the namespaces WordPress's RSS opens with (a feed may add more before the `>`). */
export const wordpressRssOpening = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"`

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** `s` as a CDATA section, whatever it holds. */
export const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

export interface PageLinks {
  /** This page's URL (the feed's self link). */
  readonly self?: string
  /** The next (older) page. */
  readonly next?: string
}

/** RSS 2.0 the way WordPress writes it. */
export function wordpressRss(items: readonly FixtureItem[], links: PageLinks = {}): string {
  return `${wordpressRssOpening}
	xmlns:media="http://search.yahoo.com/mrss/"
	>

<channel>
	<title>Le Blog &#8211; Nouvelles</title>
	<atom:link href="${xmlEscape(links.self ?? `${sourceSite}/feed/`)}" rel="self" type="application/rss+xml" />
${links.next ? `	<atom:link href="${xmlEscape(links.next)}" rel="next" type="application/rss+xml" />\n` : ''}	<link>${sourceSite}</link>
	<description>Les nouvelles, comme elles arrivent</description>
	<lastBuildDate>${items[0]?.rssDate ?? ''}</lastBuildDate>
	<language>fr-CA</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.1</generator>
${items
  .map(
    (item) => `	<item>
		<title>${xmlEscape(item.title)}</title>
		<link>${xmlEscape(item.link)}</link>
		<comments>${xmlEscape(item.link)}#respond</comments>
${item.authors.map((a) => `		<dc:creator>${cdata(a)}</dc:creator>`).join('\n')}
		<pubDate>${item.rssDate}</pubDate>
${item.categories.map((c) => `		<category>${cdata(c)}</category>`).join('\n')}
		<guid isPermaLink="false">${xmlEscape(item.guid)}</guid>

					<description>${cdata(item.excerptHtml)}</description>
										<content:encoded>${cdata(item.contentHtml)}</content:encoded>
${item.image ? `		<enclosure url="${xmlEscape(item.image.url)}" length="${item.image.length}" type="${item.image.type}" />\n` : ''}					<wfw:commentRss>${xmlEscape(item.link)}feed/</wfw:commentRss>
			<slash:comments>0</slash:comments>
		</item>`,
  )
  .join('\n')}
	</channel>
</rss>
`
}

/** Atom 1.0: HTML content escaped, the excerpt as an HTML summary, authors as person constructs. */
export function atomFeed(items: readonly FixtureItem[], links: PageLinks = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr-CA">
  <title type="text">Le Blog – Nouvelles</title>
  <id>tag:blog.example.org,2005:feed</id>
  <updated>${items[0]?.isoDate ?? '2025-01-01T00:00:00Z'}</updated>
  <link rel="alternate" type="text/html" href="${sourceSite}/"/>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(links.self ?? `${sourceSite}/feed/atom/`)}"/>
${links.next ? `  <link rel="next" type="application/atom+xml" href="${xmlEscape(links.next)}"/>\n` : ''}${items
  .map(
    (item) => `  <entry>
    <id>${xmlEscape(item.guid)}</id>
    <title type="html">${xmlEscape(xmlEscape(item.title))}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(item.link)}"/>
${item.image ? `    <link rel="enclosure" type="${item.image.type}" length="${item.image.length}" href="${xmlEscape(item.image.url)}"/>\n` : ''}    <published>${item.isoDate}</published>
    <updated>${item.isoDate}</updated>
${item.authors.map((a) => `    <author><name>${xmlEscape(a)}</name><uri>${sourceSite}/author/${encodeURIComponent(a)}/</uri></author>`).join('\n')}
${item.categories.map((c) => `    <category scheme="${sourceSite}" term="${xmlEscape(c)}"/>`).join('\n')}
    <summary type="html">${xmlEscape(item.excerptHtml)}</summary>
    <content type="html" xml:base="${xmlEscape(item.link)}">${xmlEscape(item.contentHtml)}</content>
  </entry>`,
  )
  .join('\n')}
</feed>
`
}

/** JSON Feed 1.1. */
export function jsonFeed(items: readonly FixtureItem[], links: PageLinks = {}): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Le Blog – Nouvelles',
      home_page_url: `${sourceSite}/`,
      feed_url: links.self ?? `${sourceSite}/feed/json/`,
      ...(links.next && { next_url: links.next }),
      language: 'fr-CA',
      items: items.map((item) => ({
        id: item.guid,
        url: item.link,
        title: item.title,
        content_html: item.contentHtml,
        summary: item.excerptText,
        ...(item.image && { image: item.image.url }),
        date_published: item.isoDate,
        authors: item.authors.map((name) => ({ name })),
        tags: item.categories,
      })),
    },
    null,
    2,
  )
}
