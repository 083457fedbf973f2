import type { Article } from '../articles/article.ts'
import type { Site } from '../site.ts'
import { type HtmlValue, html, lines } from './html.ts'
import { feedFormats } from './page-parts.ts'
import { renderArticleListItem } from './render-home-page.ts'
import { type SubscribeScope, subscribeLink } from './subscribe-links.ts'

export interface ScopeListing {
  readonly site: Site
  /** The scope's name as readers see it (the topic's, the author's). */
  readonly name: string
  readonly scope: SubscribeScope
  readonly articles: readonly Article[]
  readonly nextUrl?: string | undefined
  /** What the page says when the scope has no article yet. */
  readonly empty: string
}

/**
 * The body of a page that lists one feed scope (a topic, an author), below its heading: links to
 * follow its feeds, its articles (or `empty`), and the link to older ones when `nextUrl` is given.
 */
export function renderScopeListing(input: ScopeListing): HtmlValue[] {
  const { site, name, scope, articles, nextUrl } = input
  return [
    html`<p class="feeds">Follow ${name}: ${feedFormats.map(
      (format, i) =>
        html`${i > 0 ? ' · ' : ''}<a href="${subscribeLink(site, format, scope)}">${format.label}</a>`,
    )}</p>`,
    articles.length === 0
      ? html`<p class="empty">${input.empty}</p>`
      : lines([
          html`<ol class="article-list">`,
          articles.map((a, index) => renderArticleListItem(a, site, index)),
          html`</ol>`,
        ]),
    nextUrl !== undefined && html`<p class="pager"><a href="${nextUrl}" rel="next">Older articles</a></p>`,
  ]
}
