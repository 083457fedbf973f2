import { type Article, type Category, isPublicAt, lastWriteAt, type Tombstone } from '../articles/article.ts'
import { isTombstone } from '../articles/article-store.ts'
import { authorSlugsOf } from '../articles/author-slug.ts'
import { discoveryPathsOf } from './discovery-paths.ts'

/** What the store holds at an article's key: the article, its tombstone, or nothing. */
export type StoredEntry = Article | Tombstone

/**
 * One write of one article, as a DynamoDB stream record's OldImage/NewImage gives it and as the
 * store sees it locally: the state before and after. Creating over a tombstone has the tombstone as
 * `previous`; a local store decorator that cannot know it passes nothing, which means the same here.
 */
export interface ArticleChange {
  readonly previous: StoredEntry | undefined
  readonly next: StoredEntry | undefined
}

export const webhookEventTypes = ['article.published', 'article.updated', 'article.deleted'] as const
export type WebhookEventType = (typeof webhookEventTypes)[number]

/** What a change alters for readers, and what it asks of the notifier. */
export interface ChangeEffects {
  readonly slug: string
  /** When the write happened (RFC 3339): visibility is judged at this instant. */
  readonly changedAt: string
  /**
   * The event readers' tools hear of, with the article as readers see it (after the change, or
   * before it for `article.deleted`). Absent when readers can see nothing of the change.
   */
  readonly event?: {
    readonly type: WebhookEventType
    readonly article: Article
    /** Stable across retries and replays of the same change: webhook ids are made from it. */
    readonly key: string
  }
  /** Absolute, percent-encoded URLs of every feed whose first page changed: WebSub `hub.url`s. */
  readonly feedUrls: readonly string[]
  /** CDN paths (from the site root, percent-encoded) whose cached answers changed. */
  readonly paths: readonly string[]
  /** Set when the article is now scheduled: it must be announced when it falls due, at this instant. */
  readonly dueAt?: string
  /** The article was scheduled before this change: an alarm set for it may have to go. */
  readonly wasScheduled: boolean
}

const feedFiles = ['rss.xml', 'atom.xml', 'feed.json'] as const

/**
 * What `change` alters. Only what readers can see counts: an article is visible when it is
 * published and due at the moment of the write. Visible after and not before is a publish, visible
 * both times an update, visible before and not after a delete (deleted, back to draft, or moved to
 * the future); a change to something never visible alters no feed and no page.
 */
export function describeChange(change: ArticleChange, siteUrl: string): ChangeEffects {
  const previous = articleOf(change.previous)
  const next = articleOf(change.next)
  const slug = change.next?.slug ?? change.previous?.slug ?? ''
  const changedAt = changeTime(change)
  const atMs = Date.parse(changedAt)
  const before = isPublicAt(previous, atMs) ? previous : undefined
  const after = isPublicAt(next, atMs) ? next : undefined
  const version = change.next?.version ?? change.previous?.version ?? 0
  const seen = [before, after].filter((a): a is Article => a !== undefined)
  const type: WebhookEventType | undefined =
    after !== undefined
      ? before !== undefined
        ? 'article.updated'
        : 'article.published'
      : before !== undefined
        ? 'article.deleted'
        : undefined
  const shown = after ?? before
  const dueAt = isScheduledAt(next, atMs) ? next?.publishedAt : undefined
  if (before !== undefined && after?.editedAt !== undefined) {
    // A minor edit: nothing is announced, and only the article's own page and JSON are dropped.
    return { slug, changedAt, feedUrls: [], paths: articlePathsOf(slug), wasScheduled: false }
  }
  return {
    slug,
    changedAt,
    ...(type !== undefined && shown !== undefined
      ? { event: { type, article: shown, key: `${shown.id}#${version}#${type}` } }
      : {}),
    feedUrls: seen.length > 0 ? feedUrlsOf(siteUrl, categoriesOf(seen), seen) : [],
    paths:
      type === 'article.deleted'
        ? removedPaths
        : seen.length > 0
          ? [
              ...pathsOf(slug, categoriesOf(seen)),
              ...authorPathsOf(seen),
              ...discoveryPathsOf(before, after, atMs),
            ]
          : [],
    ...(dueAt !== undefined ? { dueAt } : {}),
    wasScheduled: isScheduledAt(previous, atMs),
  }
}

/**
 * What a scheduled article falling due alters: nobody wrote anything, yet it enters the site feed,
 * its categories' feeds and pages, and gets its own page. `article` must be public by now.
 */
export function describeDue(article: Article, siteUrl: string): ChangeEffects {
  const publishedAt = article.publishedAt ?? article.updatedAt
  return {
    slug: article.slug,
    changedAt: new Date(Date.parse(publishedAt)).toISOString(),
    event: {
      type: 'article.published',
      article,
      key: `${article.id}#${article.version}#due`,
    },
    feedUrls: feedUrlsOf(siteUrl, article.categories, [article]),
    paths: [
      ...pathsOf(article.slug, article.categories),
      ...authorPathsOf([article]),
      ...discoveryPathsOf(undefined, article, Date.parse(publishedAt)),
    ],
    wasScheduled: true,
  }
}

/** Published with a time still ahead at `atMs`: readers will see it only when it falls due. */
export function isScheduledAt(article: Article | undefined, atMs: number): boolean {
  return (
    article?.status === 'published' &&
    article.publishedAt !== undefined &&
    Date.parse(article.publishedAt) > atMs
  )
}

/** The site's feeds, each category's and each author's (`authors`: of `articles`), in all three formats. */
export function feedUrlsOf(
  siteUrl: string,
  categories: readonly Category[],
  articles: readonly Article[] = [],
): string[] {
  const scopes = [
    '',
    ...categories.map((c) => `/categories/${encodeURIComponent(c.slug)}`),
    ...new Set(
      articles.flatMap((article) => authorSlugsOf(article)).map((s) => `/authors/${encodeURIComponent(s)}`),
    ),
  ]
  return scopes.flatMap((scope) => feedFiles.map((file) => `${siteUrl}${scope}/${file}`))
}

/**
 * The CDN paths to invalidate. Feed pages after the first are cached under `?before=` too, and an
 * update or a delete can change any of them: `/rss.xml*` covers the feed with every cursor at the
 * price of one path. `/categories/{slug}/*` likewise covers a category's topic page and its three
 * feeds, every page of each. The article's page and JSON are exact paths: `/articles/{slug}*`
 * would also reach every article whose slug starts with this one.
 */
export function pathsOf(slug: string, categories: readonly Category[]): string[] {
  return [
    '/',
    ...feedFiles.map((file) => `/${file}*`),
    ...categories.map((c) => `/categories/${encodeURIComponent(c.slug)}/*`),
    ...articlePathsOf(slug),
  ]
}

/**
 * What an article leaving readers' view (deleted, back to draft, moved to the future) invalidates:
 * everything. Every front-page page from the one that listed it on is cached under `/?before=…`,
 * which no narrower path reaches: CloudFront allows `*` only at the end of a path, `/` alone is the
 * first page only, and the cursors are not known here. Removals are rare and must not linger; `/*`
 * is one path, and every cached answer expires within minutes anyway.
 */
const removedPaths: readonly string[] = ['/*']

/** Each author's page and feeds (`/authors/{slug}/*`, every page of each), once each, of every state. */
export function authorPathsOf(articles: readonly Article[]): string[] {
  const slugs = new Set(articles.flatMap((article) => authorSlugsOf(article)))
  return [...slugs].map((slug) => `/authors/${encodeURIComponent(slug)}/*`)
}

/** The article's page and its JSON, exact paths. */
function articlePathsOf(slug: string): string[] {
  const encoded = encodeURIComponent(slug)
  return [`/articles/${encoded}`, `/articles/${encoded}.json`]
}

/** The categories of every state, once each, in order of first appearance. */
function categoriesOf(articles: readonly Article[]): Category[] {
  const bySlug = new Map<string, Category>()
  for (const article of articles)
    for (const c of article.categories) if (!bySlug.has(c.slug)) bySlug.set(c.slug, c)
  return [...bySlug.values()]
}

function articleOf(entry: StoredEntry | undefined): Article | undefined {
  return entry === undefined || isTombstone(entry) ? undefined : entry
}

/** The instant of the write: the new state's own stamp, which every write sets from the clock. */
function changeTime(change: ArticleChange): string {
  const { next, previous } = change
  if (next !== undefined) return isTombstone(next) ? next.deletedAt : lastWriteAt(next)
  // No new state: the item itself went away (never done by the API; a TTL or an operator's delete).
  if (previous !== undefined && !isTombstone(previous)) return lastWriteAt(previous)
  return previous?.deletedAt ?? new Date(0).toISOString()
}
