import { cdata, wordpressDate, wordpressRssOpening } from '../tests/support/fixture-feeds.ts'
import { articleHtml } from './fixtures.ts'

/*
 * A WordPress-style RSS 2.0 export for the import bench, generated: `content:encoded` with the
 * bench's newsroom-sized bodies (about 5 KB of HTML: links, a figure, quotes) plus a relative link
 * and image the import must make absolute, one or two `dc:creator`, categories, an excerpt, a
 * `?p=` guid and an image enclosure, the way WordPress and its media plugins write them.
 */

export const wordpressSite = 'https://archive.example.org'

const people = ['Zoë Ångström', 'Desk Report', 'Jean-Luc Dupré', 'Nguyễn Thị Hoa', 'Amara Okafor']
const sections = ['World', 'Économie', 'Société', 'Culture', 'Sport', 'Tech & Science', 'Opinion', 'Local']
const offsets = ['+0000', '+0200', '-0500', '+0530', '+0600']
/** The newest item's time; item `n` is `n` × 3 hours older (10,000 items span about 3½ years). */
const newestUtc = Date.UTC(2025, 2, 1, 12, 0, 0)

/** The whole feed of `count` items, newest first, as one document; from item `first` on (one part of a larger archive). */
export function wordpressFeed(count: number, first = 0): string {
  return [...wordpressFeedParts(count, first)].join('')
}

/**
 * {@link wordpressFeed} in parts of at most 1,000 items, for writing a file larger than a string
 * can be (100,000 items are about 640 MB; V8's longest string is 512 MiB).
 */
export function* wordpressFeedParts(count: number, first = 0): Generator<string> {
  yield `${wordpressRssOpening}
	>
<channel>
	<title>The Archive &#8211; News</title>
	<atom:link href="${wordpressSite}/feed/" rel="self" type="application/rss+xml" />
	<link>${wordpressSite}</link>
	<description>Years of news, as they came</description>
	<lastBuildDate>${wordpressDate(newestUtc, '+0000')}</lastBuildDate>
	<language>en-GB</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<generator>https://wordpress.org/?v=6.7.1</generator>
`
  for (let n = 0; n < count; n += 1_000) {
    const items = Array.from({ length: Math.min(1_000, count - n) }, (_, k) => wordpressItem(first + n + k))
    yield `${n > 0 ? '\n' : ''}${items.join('\n')}`
  }
  yield `
</channel>
</rss>
`
}

function wordpressItem(n: number): string {
  const post = 100_000 - n
  const utc = newestUtc - n * 3 * 3_600_000
  const offset = offsets[n % offsets.length] ?? '+0000'
  const year = new Date(utc).getUTCFullYear()
  const link = `${wordpressSite}/${year}/post-${post}-story/`
  const authors = n % 4 === 0 ? [people[n % 5], people[(n + 1) % 5]] : [people[n % 5]]
  const categories = [sections[n % 8], ...(n % 3 === 0 ? [sections[(n + 3) % 8]] : [])]
  const image = `${wordpressSite}/wp-content/uploads/${year}/photo-${post}.jpg`
  const content = [
    `<p>Read <a href="/about/">about the archive</a> or the <a href="../previous-story/">previous story</a>.</p>`,
    `<p><img src="/wp-content/uploads/${year}/photo-${post}.jpg" alt="Photo ${post}" width="1024" height="683" /></p>`,
    articleHtml(n % 500),
  ].join('\n')
  return `	<item>
		<title>Story ${post}: the council votes on the harbour &#8211; and what comes next</title>
		<link>${link}</link>
		<comments>${link}#respond</comments>
${authors.map((a) => `		<dc:creator><![CDATA[${a ?? ''}]]></dc:creator>`).join('\n')}
		<pubDate>${wordpressDate(utc, offset)}</pubDate>
${categories.map((c) => `		<category><![CDATA[${c ?? ''}]]></category>`).join('\n')}
		<guid isPermaLink="false">${wordpressSite}/?p=${post}</guid>
		<description><![CDATA[<p>What the council decided on story ${post}, and what it means for the harbour [&hellip;]</p>]]></description>
		<content:encoded>${cdata(content)}</content:encoded>
		<enclosure url="${image}" length="${180_000 + n}" type="image/jpeg" />
		<wfw:commentRss>${link}feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>`
}
