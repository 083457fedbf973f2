import { DeleteItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article, Category } from '../articles/article.ts'
import type { Page } from '../articles/article-store.ts'
import { ValidationError } from '../articles/errors.ts'
import { isSlug } from '../articles/slug.ts'
import { nextScheduled } from './article-queries.ts'
import { eachBounded } from './each-bounded.ts'
import { slotsToRead } from './feed-states.ts'
import {
  categoryEntryKey,
  categoryEntryPrefix,
  categoryRegistryPartition,
  feedStateKey,
  type Item,
  monthEntryKey,
  monthEntryPrefix,
  monthRegistryPartition,
  type StoreTable,
  slotAttribute,
  utcKeyTime,
} from './item-keys.ts'
import { isConditionFailure, storeCall } from './store-errors.ts'

/*
 * The registries: what discovery files need without a scan, one small item per entry, so that no
 * number of categories or months meets an item's size limit.
 *
 * - Categories: partition `REGISTRY#categories`, one item per category, `sk = c#{slug}`, with
 *   `n` (name) and `f` (from), `from` the UTC instant from which the category has a public article.
 *   Read with paged Queries of the partition, in slug order. A category's feed state mirrors its
 *   `from` as `listedFrom`; the feed-state bump after each write returns the old state (no extra
 *   read), so a writer touches the registry only when a category is new or becomes public sooner,
 *   and when an article leaves a category (delete, draft, recategorised, moved), where two
 *   keys-only Queries per category slot decide whether it stays listed. An item takes at most about
 *   560 bytes (1 WCU to write; a Query reads 4 KB, about 60 typical entries, for 0.5 RCU).
 * - Months: partition `REGISTRY#months`, one item per month, `sk = m#{YYYYMM}`, put by each write of
 *   a published article (1 WCU; idempotent). One GetItem says whether a month has a sitemap.
 *
 * Earlier versions kept each registry in one item (`legacyRegistryKeys`): `rebuildRegistries`
 * migrates a table.
 */

const monthNumber = (iso: string) => Number(utcKeyTime(iso, 'publishedAt').slice(0, 7).replace('-', ''))

/** Before a published article is stored: its month joins the sitemap index (a failure fails the write). */
export async function recordMonth(table: StoreTable, next: Article): Promise<void> {
  if (next.status !== 'published' || next.publishedAt === undefined) return
  await recordMonths(table, [monthNumber(next.publishedAt)])
}

/** Months (`YYYYMM` numbers) join the sitemap index: one small write each (idempotent). */
export async function recordMonths(table: StoreTable, months: Iterable<number>): Promise<void> {
  await eachBounded([...new Set(months)], (month) =>
    storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: monthEntryKey(month),
          UpdateExpression: 'SET m = :m',
          ExpressionAttributeValues: { ':m': { N: String(month) } },
        }),
      ),
    ),
  )
}

/** Every item of a registry `partition` whose sort key is within `[lower, upper]`, in key order: paged Queries. */
async function queryRegistry(
  table: StoreTable,
  partition: string,
  lower: string,
  upper: string,
  options: { readonly startAfter?: string; readonly limit?: number; readonly projection: string },
): Promise<{ items: Item[]; more: boolean }> {
  const items: Item[] = []
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  let startKey: Item | undefined =
    options.startAfter === undefined ? undefined : { pk: { S: partition }, sk: { S: options.startAfter } }
  do {
    const output = await storeCall(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: {
            ':p': { S: partition },
            ':lower': { S: lower },
            ':upper': { S: upper },
          },
          ProjectionExpression: options.projection,
          ...(Number.isFinite(limit) ? { Limit: limit - items.length } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    )
    items.push(...(output.Items ?? []))
    startKey = output.LastEvaluatedKey
  } while (startKey && items.length < limit)
  return { items, more: startKey !== undefined }
}

/**
 * A category's registry item, as `listCategory` leaves it: for laying out a registry in bulk
 * (`BatchWriteItem`) in a table nothing else writes to, such as a test's.
 */
export function categoryEntryItem(category: string, name: string, from: string): Item {
  return { ...categoryEntryKey(category), n: { S: name }, f: { S: from } }
}

/** The months, `YYYY-MM`, ascending, up to `now`'s: paged Queries of the month registry. */
export async function listMonths(table: StoreTable, now: Date): Promise<string[]> {
  const current = String(monthNumber(now.toISOString())).padStart(6, '0')
  const { items } = await queryRegistry(
    table,
    monthRegistryPartition,
    `${monthEntryPrefix}000000`,
    `${monthEntryPrefix}${current}`,
    { projection: 'sk' },
  )
  return items.map((item) => {
    const m = (item.sk?.S ?? '').slice(monthEntryPrefix.length)
    return `${m.slice(0, 4)}-${m.slice(4, 6)}`
  })
}

/**
 * After many new articles are stored at once (`createMany`): their months join the sitemap index and
 * their categories the registry, from each one's earliest publication; one write per month and per
 * category, whatever the number of articles. Nothing left a category, so nothing is unlisted.
 */
export async function registerNewArticles(table: StoreTable, articles: readonly Article[]): Promise<void> {
  await recordNewMonths(table, articles)
  await listNewCategories(table, articles)
}

/** The months of the published among `articles` join the sitemap index: one write per month. */
export async function recordNewMonths(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const months: number[] = []
  for (const article of articles) {
    if (article.status === 'published' && article.publishedAt !== undefined)
      months.push(monthNumber(article.publishedAt))
  }
  await recordMonths(table, months)
}

/**
 * The categories of new articles join the registry, each from the earliest publication among them
 * (unless listed earlier already): one conditional write per category, whatever the number of articles.
 */
export async function listNewCategories(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const earliest = new Map<string, { name: string; from: string }>()
  for (const article of articles) {
    if (article.status !== 'published' || article.publishedAt === undefined) continue
    const from = utcKeyTime(article.publishedAt, 'publishedAt')
    for (const { slug, name } of article.categories) {
      const known = earliest.get(slug)
      if (known === undefined || from < known.from) earliest.set(slug, { name, from })
    }
  }
  await eachBounded([...earliest], ([slug, { name, from }]) => listCategory(table, slug, name, from))
}

/** Above every category entry's sort key: DynamoDB compares UTF-8 bytes, and no character sorts after U+10FFFF. */
const categoryUpper = `${categoryEntryPrefix}\u{10FFFF}`

/** Every category public at `now`, by slug: paged Queries of the registry, however many there are. */
export async function listCategories(table: StoreTable, now: Date): Promise<Category[]> {
  const { items } = await queryRegistry(
    table,
    categoryRegistryPartition,
    categoryEntryPrefix,
    categoryUpper,
    {
      projection: 'sk, n, f',
    },
  )
  return publicCategories(items, now).sort(bySlug)
}

/**
 * A page of at most `limit` categories public at `now`, by slug, after the page `cursor` ended:
 * Queries of the registry from where the page before stopped, until the page is full.
 */
export async function listCategoryPage(
  table: StoreTable,
  query: { readonly now: Date; readonly limit: number; readonly cursor?: string },
): Promise<Page<Category>> {
  const found: Category[] = []
  let startAfter =
    query.cursor === undefined ? undefined : `${categoryEntryPrefix}${decodeSlugCursor(query.cursor)}`
  let more = true
  // One more than the page: it says whether a next page exists.
  while (more && found.length <= query.limit) {
    const read = await queryRegistry(table, categoryRegistryPartition, categoryEntryPrefix, categoryUpper, {
      projection: 'sk, n, f',
      limit: query.limit + 1 - found.length,
      ...(startAfter !== undefined ? { startAfter } : {}),
    })
    found.push(...publicCategories(read.items, query.now))
    more = read.more
    startAfter = read.items.at(-1)?.sk?.S ?? startAfter
  }
  const items = found.slice(0, query.limit)
  const last = items.at(-1)
  // Sorted within the page as one list of all was (UTF-16 order); pages follow the table's key order.
  items.sort(bySlug)
  return found.length > query.limit && last !== undefined
    ? { items, nextCursor: Buffer.from(last.slug, 'utf8').toString('base64url') }
    : { items }
}

function decodeSlugCursor(cursor: string): string {
  const slug = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : ''
  if (!isSlug(slug))
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }])
  return slug
}

function publicCategories(items: readonly Item[], now: Date): Category[] {
  const nowKey = now.toISOString()
  const found: Category[] = []
  for (const item of items) {
    const slug = (item.sk?.S ?? '').slice(categoryEntryPrefix.length)
    const from = item.f?.S
    if (slug === '' || from === undefined || from > nowKey) continue
    found.push({ slug, name: item.n?.S ?? slug })
  }
  return found
}

function bySlug(a: Category, b: Category): number {
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0
}

/**
 * After a write (its feed-state bumps done, `oldStates` what they returned): each category the article
 * was or is published in gets its registry entry settled. Failures go to `onError`: the article stands.
 */
export async function syncCategoryRegistry(
  table: StoreTable,
  change: { readonly previous?: Article; readonly next?: Article; readonly at: string },
  oldStates: ReadonlyMap<string | undefined, Item | undefined>,
  onError: (error: unknown) => void,
): Promise<void> {
  const { previous, next, at } = change
  const published = (a: Article | undefined) => (a?.status === 'published' ? a.categories : [])
  const before = new Set(published(previous).map((c) => c.slug))
  const after = new Map(published(next).map((c) => [c.slug, c.name]))
  const moved =
    previous?.publishedAt !== undefined &&
    next?.publishedAt !== undefined &&
    Date.parse(previous.publishedAt) !== Date.parse(next.publishedAt)
  const slug = next?.slug ?? previous?.slug ?? ''
  const results = await Promise.allSettled(
    [...new Set([...before, ...after.keys()])].map((category) => {
      const name = after.get(category)
      return updateCategoryListing(table, {
        category,
        at,
        slug,
        left: before.has(category) && (name === undefined || moved),
        oldState: oldStates.get(category),
        ...(name !== undefined && next?.publishedAt !== undefined
          ? { listed: { name, publishedAt: next.publishedAt } }
          : {}),
      })
    }),
  )
  for (const result of results) if (result.status === 'rejected') onError(result.reason)
}

/** What one write did to one category scope, with the feed state as it was before the bump. */
export interface CategoryChange {
  readonly category: string
  readonly at: string
  /** The category as the article written now names it, when it is published in it. */
  readonly listed?: { readonly name: string; readonly publishedAt: string }
  /** The article left the category, or moved in time within it. */
  readonly left: boolean
  readonly slug: string
  readonly oldState: Item | undefined
}

/** After a write: keep the category registry in step (see the module comment). */
export async function updateCategoryListing(table: StoreTable, change: CategoryChange): Promise<void> {
  const listedFrom = change.oldState?.listedFrom?.S
  const due = change.listed && utcKeyTime(change.listed.publishedAt, 'publishedAt')
  if (!change.left) {
    if (change.listed && due !== undefined && (listedFrom === undefined || listedFrom > due))
      await listCategory(table, change.category, change.listed.name, due)
    return
  }
  if (listedFrom === undefined && !change.listed) return
  // Whether another article keeps the category public, or when one will; this one counts as written.
  const slots = change.oldState?.slots?.NS?.map(Number) ?? []
  const hint = slots.length > 0 ? `${slots.join('.')}@${change.category}` : undefined
  const others = await publishedElsewhere(table, change.category, change.at, change.slug, hint)
  const scheduled = others
    ? undefined
    : await nextScheduled(table, {
        now: new Date(change.at),
        category: change.category,
        ...(hint !== undefined ? { readHint: hint } : {}),
      })
  const candidates = [others, scheduled, due].filter((t): t is string => t !== undefined).sort()
  const from = candidates[0]
  const name = change.listed?.name ?? change.oldState?.listedName?.S ?? change.category
  if (from === undefined) await unlist(table, change.category)
  else await listCategory(table, change.category, name, from, true)
}

/** The `pubsk` time of a public article of `category` at `at` other than `slug`, if any (keys only). */
async function publishedElsewhere(
  table: StoreTable,
  category: string,
  at: string,
  slug: string,
  hint: string | undefined,
): Promise<string | undefined> {
  const bound = `${new Date(at).toISOString()}$`
  const keys = await Promise.all(
    slotsToRead(category, hint).map(async (slot) => {
      const output = await storeCall(() =>
        table.client.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: `category${slot}`,
            KeyConditionExpression: '#a = :c AND pubsk < :bound',
            ExpressionAttributeNames: { '#a': slotAttribute(slot) },
            ExpressionAttributeValues: { ':c': { S: category }, ':bound': { S: bound } },
            ProjectionExpression: 'pubsk',
            ScanIndexForward: false,
            // The index may still hold the article just written for a moment: one more than needed.
            Limit: 2,
          }),
        ),
      )
      return (output.Items ?? []).map((item) => item.pubsk?.S ?? '').filter((k) => !k.endsWith(`#${slug}`))
    }),
  )
  const found = keys.flat().filter((k) => k !== '')
  return found.length > 0 ? found.sort()[0]?.slice(0, 24) : undefined
}

/**
 * Lists `category` as public from `from`, unless an earlier `from` is listed already (or, with
 * `force`, whatever is listed), and mirrors it in the category's feed state.
 */
export async function listCategory(
  table: StoreTable,
  category: string,
  name: string,
  from: string,
  force = false,
) {
  try {
    await storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: categoryEntryKey(category),
          UpdateExpression: 'SET n = :name, f = :from',
          ...(force ? {} : { ConditionExpression: 'attribute_not_exists(f) OR f > :from' }),
          ExpressionAttributeValues: { ':name': { S: name }, ':from': { S: from } },
        }),
      ),
    )
  } catch (error) {
    // An earlier `from` is already listed: it stands (the mirror is left for the next write to settle).
    if (!isConditionFailure(error)) throw error
    return
  }
  await storeCall(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: feedStateKey(category),
        UpdateExpression: 'SET listedFrom = :from, listedName = :name',
        ExpressionAttributeValues: { ':from': { S: from }, ':name': { S: name } },
      }),
    ),
  )
}

async function unlist(table: StoreTable, category: string) {
  await storeCall(() =>
    table.client.send(new DeleteItemCommand({ TableName: table.name, Key: categoryEntryKey(category) })),
  )
  await storeCall(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: feedStateKey(category),
        UpdateExpression: 'REMOVE listedFrom, listedName',
      }),
    ),
  )
}
