import type { Category } from '../articles/article.ts'
import type { Site } from '../site.ts'
import type { FeedFormat } from './page-parts.ts'

/** The subscribe page of the site, or of one topic (`?topic={slug}`). */
export function subscribeUrl(site: Site, category?: Pick<Category, 'slug'>): string {
  return category === undefined
    ? `${site.url}/subscribe/`
    : `${site.url}/subscribe/?topic=${encodeURIComponent(category.slug)}`
}

/** Where each format's address sits on the subscribe page: the visible "RSS / Atom / JSON Feed" links lead there. */
export function subscribeAnchor(format: Pick<FeedFormat, 'file'>): string {
  return format.file === 'rss.xml' ? 'rss' : format.file === 'atom.xml' ? 'atom' : 'json-feed'
}

/** A visible feed link: the subscribe page at that format's address (the feeds themselves stay in `<link rel="alternate">`). */
export function subscribeLink(
  site: Site,
  format: Pick<FeedFormat, 'file'>,
  category?: Pick<Category, 'slug'>,
): string {
  return `${subscribeUrl(site, category)}#${subscribeAnchor(format)}`
}
