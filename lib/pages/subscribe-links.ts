import type { Site } from '../site.ts'
import type { FeedFormat } from './page-parts.ts'

/** Whose feeds a subscribe page offers: a topic's (`?topic=`) or an author's (`?author=`); the site's when absent. */
export type SubscribeScope = { readonly topic: string } | { readonly author: string }

/** The subscribe page of the site, of one topic (`?topic={slug}`) or of one author (`?author={slug}`). */
export function subscribeUrl(site: Site, scope?: SubscribeScope): string {
  if (scope === undefined) return `${site.url}/subscribe/`
  return 'topic' in scope
    ? `${site.url}/subscribe/?topic=${encodeURIComponent(scope.topic)}`
    : `${site.url}/subscribe/?author=${encodeURIComponent(scope.author)}`
}

/** Where each format's address sits on the subscribe page: the visible "RSS / Atom / JSON Feed" links lead there. */
export function subscribeAnchor(format: Pick<FeedFormat, 'file'>): string {
  return format.file === 'rss.xml' ? 'rss' : format.file === 'atom.xml' ? 'atom' : 'json-feed'
}

/** A visible feed link: the subscribe page at that format's address (the feeds themselves stay in `<link rel="alternate">`). */
export function subscribeLink(site: Site, format: Pick<FeedFormat, 'file'>, scope?: SubscribeScope): string {
  return `${subscribeUrl(site, scope)}#${subscribeAnchor(format)}`
}
