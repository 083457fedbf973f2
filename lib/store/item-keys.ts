import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Article, Tombstone } from '../articles/article.ts'
import type { Page } from '../articles/article-store.ts'
import { ValidationError } from '../articles/errors.ts'
import { hasSlugShape } from '../articles/slug.ts'
import { articlePartitionPrefix, categorySlots, replayGuardPartitionPrefix } from './table-definition.ts'

/** The table a store works on. */
export interface StoreTable {
  readonly client: DynamoDBClient
  readonly name: string
}

export type Item = Record<string, AttributeValue>

/*
 * How the store lays out and keys its items (see `table-definition.ts` for the table): the only
 * place that knows the attribute names and the shape of each key.
 */

const articleSk = 'A'
const feedSk = 'F'
/** The one partition of the `published` index. */
export const publishedPartition = 'P'

const utcKeyTimeSource = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`
const utcKeyTimePattern = new RegExp(`^${utcKeyTimeSource}$`)
/** `{UTC time}#{slug}`: the sort key of the `published`, `category{i}` and `byStatus` indexes. */
const timeSlugKeyPattern = new RegExp(`^${utcKeyTimeSource}#(.+)$`, 's')

/** The key of the item holding the article or tombstone at `slug`. */
export function articleKey(slug: string): Item {
  return { pk: { S: `${articlePartitionPrefix}${slug}` }, sk: { S: articleSk } }
}

/** The slug of an article item or of one of its index entries. */
export function slugOf(item: Item): string {
  return requireS(item, 'pk').slice(articlePartitionPrefix.length)
}

/** The partition of the category registry: one item per category readers can see (`registry-queries.ts`). */
export const categoryRegistryPartition = 'REGISTRY#categories'
/** What the sort key of a category's registry item starts with; the slug follows. */
export const categoryEntryPrefix = 'c#'

/** The key of `category`'s item in the category registry. */
export function categoryEntryKey(category: string): Item {
  return { pk: { S: categoryRegistryPartition }, sk: { S: `${categoryEntryPrefix}${category}` } }
}

/** The partition of the author registry: one item per author readers can see (`author-registry.ts`). */
export { authorProfilePrefix, authorRegistryPartition } from './table-definition.ts'
/** What the sort key of an author's registry item starts with; the author slug follows. */
export const authorEntryPrefix = 'a#'

/** The partition of the month registry, the sitemap index: one item per month that held a published article. */
export const monthRegistryPartition = 'REGISTRY#months'
/** What the sort key of a month's registry item starts with; `YYYYMM` follows. */
export const monthEntryPrefix = 'm#'

/** The key of a month's item (`YYYYMM`) in the month registry. */
export function monthEntryKey(month: number): Item {
  return {
    pk: { S: monthRegistryPartition },
    sk: { S: `${monthEntryPrefix}${String(month).padStart(6, '0')}` },
  }
}

/**
 * The items earlier versions kept each registry in, one item each, with a size ceiling (400 KB):
 * `rebuildRegistries` lists their contents as items of their own and deletes them.
 */
export const legacyRegistryKeys: readonly Item[] = [
  { pk: { S: categoryRegistryPartition }, sk: { S: feedSk } },
  { pk: { S: monthRegistryPartition }, sk: { S: feedSk } },
]

/**
 * The key of the item where the notifier records the versions of one article it handled
 * (`dynamo-replay-guard.ts`): outside the `ARTICLE#` prefix, so the stream filter keeps its writes
 * from invoking the notifier.
 */
export function replayGuardKey(articleKey: string): Item {
  return { pk: { S: `${replayGuardPartitionPrefix}${articleKey}` }, sk: { S: 'N' } }
}

/** The key of a scope's feed-state item: the site's (no category) or one category's. */
export function feedStateKey(category: string | undefined): Item {
  return { pk: { S: `FEED#${category === undefined ? 'site' : `cat:${category}`}` }, sk: { S: feedSk } }
}

/** The attribute that puts an article in the `category{slot}` index. */
export function slotAttribute(slot: number): string {
  return categorySlots[slot] ?? `cat${slot}`
}

/** An article's item: the article itself, and the index keys that make it show where it belongs. */
export function articleItem(article: Article): Item {
  const item: Item = {
    ...articleKey(article.slug),
    kind: { S: 'article' },
    version: { N: String(article.version) },
    status: { S: article.status },
    createdsk: { S: timeSlugKey(article.createdAt, article.slug, 'createdAt') },
    doc: { S: JSON.stringify(article) },
  }
  if (article.status === 'published' && article.publishedAt !== undefined) {
    item.pubpk = { S: publishedPartition }
    item.pubsk = { S: timeSlugKey(article.publishedAt, article.slug, 'publishedAt') }
    // What sitemaps read, beside the keys, so that they never parse the article (`sitemap-queries.ts`).
    item.upd = { S: article.updatedAt }
    item.title = { S: article.title }
    article.categories.forEach((category, slot) => {
      item[slotAttribute(slot)] = { S: category.slug }
    })
  }
  return item
}

/**
 * A tombstone's item: in no feed index, so a deleted article leaves every feed. One whose permalink
 * answers 410 stays in `byStatus` under `deleted` for the desk's list (never the API's, which asks
 * for `draft` and `published` only).
 */
export function tombstoneItem(tombstone: Tombstone): Item {
  return {
    ...articleKey(tombstone.slug),
    kind: { S: 'tombstone' },
    version: { N: String(tombstone.version) },
    ...(tombstone.wasPublic !== false && {
      status: { S: 'deleted' },
      createdsk: { S: timeSlugKey(tombstone.deletedAt, tombstone.slug, 'deletedAt') },
    }),
    doc: { S: JSON.stringify(tombstone) },
  }
}

/** What an article item holds: the article, or the tombstone it left. */
export function entryOf(item: Item): Article | Tombstone {
  return item.kind?.S === 'tombstone' ? parseDoc<Tombstone>(item) : articleOf(item)
}

export function articleOf(item: Item): Article {
  return parseDoc<Article>(item)
}

/** Whether `item` is an article (not a tombstone). */
export function isArticleItem(item: Item): boolean {
  return item.kind?.S === 'article'
}

/** The stored document of an article item: equal documents mean equal articles. */
export function docOf(item: Item | undefined): string | undefined {
  return item?.doc?.S
}

function parseDoc<T>(item: Item): T {
  // The store wrote this JSON itself from a `T` (see `articleItem`, `tombstoneItem`).
  return JSON.parse(requireS(item, 'doc')) as T
}

/** `{UTC time}#{slug}`, the sort key that orders articles by `iso`. */
function timeSlugKey(iso: string, slug: string, field: string): string {
  return `${utcKeyTime(iso, field)}#${slug}`
}

/**
 * The UTC time a sort key starts with. Keys compare as strings, so only a four-digit year sorts
 * right (`+010000-…` would sort before every real key and show a far-future article at once): any
 * other time is refused before it is written.
 */
export function utcKeyTime(iso: string, field: string): string {
  const time = Date.parse(iso)
  const key = Number.isNaN(time) ? '' : new Date(time).toISOString()
  if (!utcKeyTimePattern.test(key)) {
    throw new ValidationError([
      { path: field, message: `must be in the years 1970 to 9999 in UTC, not ${iso}` },
    ])
  }
  return key
}

/** The string attribute `name` of an item the store wrote; its absence is a bug, not bad input. */
export function requireS(item: Item, name: string): string {
  const value = item[name]?.S
  if (value === undefined) throw new Error(`stored item lacks the string attribute ${name}`)
  return value
}

/*
 * Cursors: the sort key of a page's last item, base64url-encoded. Opaque to callers; on the way
 * back in, only a well-formed sort key is accepted, so a forged cursor can only move within the
 * index it was made for.
 */

function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url')
}

/** The sort key a cursor holds; a `ValidationError` on `cursor` for anything this store did not issue. */
export function decodeCursor(cursor: string): string {
  const key = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  const slug = timeSlugKeyPattern.exec(key)?.[1]
  if (slug === undefined || !hasSlugShape(slug)) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }])
  }
  return key
}

/**
 * A page of `limit` from `items` read newest first, asking for one more than `limit`: the extra
 * one says there is a next page, which starts after the last one shown.
 */
export function toPage<T>(
  items: readonly Item[],
  limit: number,
  sortKeyName: string,
  parse: (item: Item) => T,
): Page<T> {
  const pageItems = items.slice(0, limit)
  const last = pageItems.at(-1)
  const page = pageItems.map(parse)
  return items.length > limit && last
    ? { items: page, nextCursor: encodeCursor(requireS(last, sortKeyName)) }
    : { items: page }
}
