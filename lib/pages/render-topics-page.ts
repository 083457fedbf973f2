import type { Category } from '../articles/article.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { type IndexKind, topicsIndex } from './index-kinds.ts'
import { renderDocument } from './page-parts.ts'

/**
 * `/categories/`: every topic with a public article, each linking to its topic page (or, with
 * `authorsIndex`, `/authors/`: every author with one). A long list comes in pages: `page.url` is this
 * page's own URL (after the first), `page.nextUrl` the next one's.
 */
export function renderTopicsPage(
  site: Site,
  categories: readonly Category[],
  page: { readonly url?: string; readonly nextUrl?: string } = {},
  kind: IndexKind = topicsIndex,
): string {
  const title = `${kind.heading} — ${site.title}`
  const { nextUrl } = page
  const head = lines([
    html`<meta name="description" content="${kind.description(site)}">`,
    html`<link rel="canonical" href="${page.url ?? kind.url(site.url)}">`,
    nextUrl !== undefined && html`<link rel="next" href="${nextUrl}">`,
  ])
  const main = lines([
    html`<h1>${kind.heading}</h1>`,
    categories.length === 0
      ? html`<p class="empty">${kind.empty}</p>`
      : lines([
          html`<ul class="topics">`,
          categories.map((c) => html`<li><a href="${kind.entryUrl(site.url, c.slug)}">${c.name}</a></li>`),
          html`</ul>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">${kind.more}</a></p>`,
  ])
  return renderDocument({ site, title, head, main, isHome: false })
}
