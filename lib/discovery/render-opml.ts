import type { Category } from '../articles/article.ts'
import { authorUrl, categoryUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import { escapeXmlAttribute as attr, escapeXmlText as text } from '../feeds/xml.ts'
import type { Site } from '../site.ts'

export interface OpmlInput {
  readonly site: Site
  /** Every category readers can see, in the order to list them. */
  readonly categories: readonly Category[]
  /** Every author readers can see (after the categories), in the order to list them; none when absent. */
  readonly authors?: readonly Category[]
  /** RFC 3339: when the list last changed (`dateModified`); absent when unknown. */
  readonly modified?: string
  /** The URL of the list's next page, when the categories continue there: an OPML 2.0 `include` outline. */
  readonly nextUrl?: string
  /** Whether this is a later page: it holds categories only, not the site's own feed. */
  readonly continued?: boolean
}

/**
 * OPML 2.0 subscription list: the site's RSS feed, then each category's, then each author's, one `outline` each with
 * `type="rss"`, `text`, `title`, `xmlUrl` (the RSS feed) and `htmlUrl` (the page it feeds).
 * Readers import it to subscribe to everything at once. A list longer than a page ends with an
 * `include` outline (OPML 2.0) naming the next page.
 */
export function renderOpml(input: OpmlInput): string {
  const { site, categories } = input
  const outline = (title: string, htmlUrl: string) =>
    `    <outline type="rss" text="${attr(title)}" title="${attr(title)}" xmlUrl="${attr(`${htmlUrl}rss.xml`)}" htmlUrl="${attr(htmlUrl)}"/>`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${text(`${site.title}: feeds`)}</title>`,
    ...(input.modified !== undefined
      ? [`    <dateModified>${new Date(input.modified).toUTCString()}</dateModified>`]
      : []),
    `    <ownerName>${text(site.author)}</ownerName>`,
    `    <docs>https://opml.org/spec2.opml</docs>`,
    '  </head>',
    '  <body>',
    ...(input.continued ? [] : [outline(feedTitle(site), `${site.url}/`)]),
    ...categories.map((category) => outline(feedTitle(site, category), categoryUrl(site.url, category.slug))),
    ...(input.authors ?? []).map((author) =>
      outline(feedTitle(site, author), authorUrl(site.url, author.slug)),
    ),
    ...(input.nextUrl !== undefined
      ? [`    <outline type="include" text="More feeds" url="${attr(input.nextUrl)}"/>`]
      : []),
    '  </body>',
    '</opml>',
    '',
  ].join('\n')
}
