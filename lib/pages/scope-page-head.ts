import type { Site } from '../site.ts'
import { html, lines, type SafeHtml } from './html.ts'
import { type FeedFormat, feedFormats, renderSummaryAlternates } from './page-parts.ts'

export interface ScopePageHead {
  readonly site: Site
  /** The scope's feed title (`feedTitle`), also the page's. */
  readonly title: string
  readonly description: string
  readonly canonicalUrl: string
  /** The URL of the scope's feed in `format`. */
  readonly feedUrl: (format: FeedFormat) => string
  readonly nextUrl?: string
  /** Open Graph type: `website` for a topic, `profile` for an author. */
  readonly ogType: string
}

/**
 * The head of a page that lists one feed scope (a topic, an author): description, canonical URL,
 * its three feeds and their summary variants as alternates (autodiscovery), `rel=next`, Open Graph.
 */
export function renderScopePageHead(input: ScopePageHead): SafeHtml {
  const { site, title, description, feedUrl, nextUrl } = input
  return lines([
    html`<meta name="description" content="${description}">`,
    html`<link rel="canonical" href="${input.canonicalUrl}">`,
    feedFormats.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${title} (${format.label})" href="${feedUrl(format)}">`,
    ),
    renderSummaryAlternates(site, title, feedUrl),
    nextUrl !== undefined && html`<link rel="next" href="${nextUrl}">`,
    html`<meta property="og:type" content="${input.ogType}">`,
    html`<meta property="og:site_name" content="${site.title}">`,
    html`<meta property="og:title" content="${title}">`,
    html`<meta property="og:description" content="${description}">`,
  ])
}
