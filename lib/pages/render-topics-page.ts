import type { Category } from '../articles/article.ts'
import { categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { renderDocument } from './page-parts.ts'

/**
 * `/categories/`: every topic with a public article, each linking to its topic page. A long list
 * comes in pages: `page.url` is this page's own URL (after the first), `page.nextUrl` the next one's.
 */
export function renderTopicsPage(
  site: Site,
  categories: readonly Category[],
  page: { readonly url?: string; readonly nextUrl?: string } = {},
): string {
  const title = `Topics — ${site.title}`
  const { nextUrl } = page
  const head = lines([
    html`<meta name="description" content="${`Every topic ${site.title} publishes in.`}">`,
    html`<link rel="canonical" href="${page.url ?? categoriesUrl(site.url)}">`,
    nextUrl !== undefined && html`<link rel="next" href="${nextUrl}">`,
  ])
  const main = lines([
    html`<h1>Topics</h1>`,
    categories.length === 0
      ? html`<p class="empty">No topics yet.</p>`
      : lines([
          html`<ul class="topics">`,
          categories.map((c) => html`<li><a href="${categoryUrl(site.url, c.slug)}">${c.name}</a></li>`),
          html`</ul>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">More topics</a></p>`,
  ])
  return renderDocument({ site, title, head, main, isHome: false })
}
