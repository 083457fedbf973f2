import { authorsUrl, authorUrl, categoriesUrl, categoryUrl } from '../articles/permalink.ts'
import type { Site } from '../site.ts'

// Apart from render-topics-page.ts: the discovery routes register their paths from these at start,
// and the renderer waits in the page renderers' chunk for the first index page (issue 20.7).

/** What an index page of named scopes says and links to: the topics' (`/categories/`) or the authors' (`/authors/`). */
export interface IndexKind {
  readonly heading: string
  readonly description: (site: Site) => string
  readonly url: (siteUrl: string) => string
  readonly entryUrl: (siteUrl: string, slug: string) => string
  readonly more: string
  readonly empty: string
}

export const topicsIndex: IndexKind = {
  heading: 'Topics',
  description: (site) => `Every topic ${site.title} publishes in.`,
  url: categoriesUrl,
  entryUrl: categoryUrl,
  more: 'More topics',
  empty: 'No topics yet.',
}

export const authorsIndex: IndexKind = {
  heading: 'Authors',
  description: (site) => `Everyone who writes for ${site.title}.`,
  url: authorsUrl,
  entryUrl: authorUrl,
  more: 'More authors',
  empty: 'No authors yet.',
}
