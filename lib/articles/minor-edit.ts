import { type Article, isPublicAt } from './article.ts'
import { ValidationError } from './errors.ts'

/*
 * Minor edits (`"minor": true` on PUT): a fix readers need not hear about, such as a typo. The rule:
 * - a minor edit keeps the article's `updatedAt` (feeds' `updated`/`date_modified`, the page's
 *   modified time, the sitemaps' lastmod) and records the write's instant as `editedAt`;
 * - it announces nothing: no WebSub ping, no webhook, and the CDN drops only the article's page and
 *   JSON, so the fix shows there at once and in feeds, front and topic pages within their edge
 *   lifetime (`s-maxage`, five minutes);
 * - it cannot move the article: while readers can see it (before or after), a change of status,
 *   publication time, categories or authors is refused (400 naming `minor`), since it adds or removes
 *   the article from feeds;
 * - creating an article is never minor: `minor` is ignored when nothing lives at the slug.
 * Without `minor`, every write is significant: `updatedAt` moves and the change is announced.
 */

/** What decides where an article shows: a minor edit may not change it while readers can see it. */
const placement = (a: Article) =>
  JSON.stringify([
    a.status,
    a.publishedAt ?? null,
    a.categories.map((c) => c.slug),
    a.authors.map((x) => x.name),
  ])

/**
 * `next`, built from the input as a significant change, turned into a minor edit of `current`:
 * `updatedAt` kept, `editedAt` set to the write's instant. Throws a ValidationError (path `minor`)
 * when the change moves an article readers can see.
 */
export function asMinorEdit(next: Article, current: Article, now: Date): Article {
  const nowMs = now.getTime()
  const visible = isPublicAt(current, nowMs) || isPublicAt(next, nowMs)
  if (visible && placement(next) !== placement(current)) {
    throw new ValidationError([
      {
        path: 'minor',
        message:
          'cannot be true for this change: it changes the status, publication time, categories or authors of an article readers can see, which feeds must announce; send it without "minor"',
      },
    ])
  }
  return { ...next, updatedAt: current.updatedAt, editedAt: now.toISOString() }
}
