import type { Article } from '../articles/article.ts'
import type { AuthorProfile } from '../articles/author-profile.ts'
import { authorsUrl, authorUrl } from '../articles/permalink.ts'
import { feedTitle } from '../feeds/feed-title.ts'
import type { Site } from '../site.ts'
import { html, lines } from './html.ts'
import { authorFeedUrl, renderDocument } from './page-parts.ts'
import { renderScopePageHead } from './scope-page-head.ts'
import { renderScopeListing } from './scope-page-listing.ts'

export interface AuthorPageInput {
  readonly site: Site
  /** The author's slug and the name their articles give. */
  readonly author: { readonly slug: string; readonly name: string }
  /** The page's articles, newest first, as the store lists them for the author. */
  readonly articles: readonly Article[]
  /** Where the older articles continue, when there are any. */
  readonly nextUrl?: string
  /** What the author's profile says (`PUT /api/authors/{slug}`), when one was set. */
  readonly profile?: AuthorProfile
}

/**
 * An author page: the author's latest articles, their three feeds (in the head for autodiscovery,
 * and visibly), and a link to older articles when `nextUrl` is given.
 */
export function renderAuthorPage(input: AuthorPageInput): string {
  const { site, author, articles, nextUrl } = input
  const title = feedTitle(site, author)
  const description = `The latest articles by ${author.name} from ${site.title}.`
  const head = renderScopePageHead({
    site,
    title,
    description,
    canonicalUrl: authorUrl(site.url, author.slug),
    feedUrl: (format) => authorFeedUrl(site, author.slug, format),
    ...(nextUrl !== undefined ? { nextUrl } : {}),
    ogType: 'profile',
  })
  const main = lines([
    html`<h1>${author.name}</h1>`,
    input.profile !== undefined && renderProfile(author.name, input.profile),
    renderScopeListing({
      site,
      name: author.name,
      scope: { author: author.slug },
      articles,
      nextUrl,
      empty: `Nothing by ${author.name} is published at the moment.`,
    }),
    html`<p><a href="${authorsUrl(site.url)}">All authors</a></p>`,
  ])
  return renderDocument({ site, title, head, main, isHome: false })
}

/** The profile block: the avatar, the bio as paragraphs of text, the author's own site. */
function renderProfile(name: string, profile: AuthorProfile) {
  const { bio, url, avatar } = profile
  if (bio === undefined && url === undefined && avatar === undefined) return undefined
  return lines([
    html`<div class="author-profile">`,
    avatar !== undefined &&
      html`<img class="avatar" src="${avatar}" alt="${`Portrait of ${name}`}" width="96" height="96">`,
    (bio ?? '')
      .split(/\n\s*\n/)
      .filter((p) => p.trim() !== '')
      .map((p) => html`<p class="bio">${p.trim()}</p>`),
    url !== undefined && html`<p class="author-url"><a href="${url}" rel="me">${new URL(url).host}</a></p>`,
    html`</div>`,
  ])
}
