import { categoriesUrl } from '../articles/permalink.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { homeUrl, renderDocument } from './page-parts.ts'

/** The statuses a reader's browser may land on, each with words for people rather than for programs. */
const wording = {
  404: {
    title: 'Page not found',
    text: 'There is nothing at this address. The link may be mistyped, or the page may never have existed.',
  },
  410: {
    title: 'This article was removed',
    text: 'The article that was here has been removed by the publisher and is no longer available.',
  },
} as const

export type ErrorPageStatus = keyof typeof wording

/**
 * The HTML page a browser gets for a 404 or 410 (API clients and feed readers get problem JSON):
 * the site's header, footer and style, what happened in a sentence, and the way back (the front
 * page, the topics). Kept out of search results with `noindex`.
 */
export function renderErrorPage(site: Site, status: ErrorPageStatus): string {
  const { title, text } = wording[status]
  const head = lines([html`<meta name="robots" content="noindex">`])
  const main = lines([
    html`<h1>${title}</h1>`,
    html`<p>${text}</p>`,
    html`<ul>`,
    html`<li><a href="${homeUrl(site)}" rel="home">Go to the front page</a> for the latest articles</li>`,
    html`<li><a href="${categoriesUrl(site.url)}">Browse the topics</a></li>`,
    html`</ul>`,
  ])
  return renderDocument({ site, title: `${title} — ${site.title}`, head, main, isHome: false })
}
