import { GetItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article, Category } from '../articles/article.ts'
import { nextScheduled } from './article-queries.ts'
import { slotsToRead } from './feed-states.ts'
import {
  categoryRegistryKey,
  feedStateKey,
  type Item,
  monthRegistryKey,
  type StoreTable,
  slotAttribute,
  utcKeyTime,
} from './item-keys.ts'
import { isConditionFailure, storeCall } from './store-errors.ts'

/*
 * The registries: two small items that list what discovery files need without a scan.
 *
 * - Categories (`REGISTRY#categories`): one attribute `c:{slug}` per category = `{ n: name, f: from }`,
 *   `from` the UTC instant from which the category has a public article. A category's feed state
 *   mirrors its `from` as `listedFrom`; the feed-state bump after each write returns the old state
 *   (no extra read), so a writer touches the registry only when a category is new or becomes public
 *   sooner, and when an article leaves a category (delete, draft, recategorised, moved), where two
 *   keys-only Queries per category slot decide whether it stays listed. An entry takes about 60 bytes
 *   for a 12-character slug and name, and at most about 420 bytes (80-byte slug, 100 characters of
 *   three-byte letters): the 400 KB item holds about 6,500 typical categories, at least 950.
 *   The write that changes it costs its size in WCU (1 KB each).
 * - Months (`REGISTRY#months`): a number set of `YYYYMM`, added to by each write of a published
 *   article (1 WCU; ADD is idempotent). About 4 bytes a month: a century of months in 5 KB.
 */

const monthNumber = (iso: string) => Number(utcKeyTime(iso, 'publishedAt').slice(0, 7).replace('-', ''))

/** Before a published article is stored: its month joins the sitemap index (a failure fails the write). */
export async function recordMonth(table: StoreTable, next: Article): Promise<void> {
  if (next.status !== 'published' || next.publishedAt === undefined) return
  await recordMonths(table, [monthNumber(next.publishedAt)])
}

/** Months (`YYYYMM` numbers) join the sitemap index: one write, whatever their number. */
export async function recordMonths(table: StoreTable, months: Iterable<number>): Promise<void> {
  const numbers = [...new Set(months)].map(String)
  if (numbers.length === 0) return
  await storeCall(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: monthRegistryKey,
        UpdateExpression: 'ADD months :m',
        ExpressionAttributeValues: { ':m': { NS: numbers } },
      }),
    ),
  )
}

/** The months, `YYYY-MM`, ascending, up to `now`'s. One GetItem. */
export async function listMonths(table: StoreTable, now: Date): Promise<string[]> {
  const { Item: item } = await storeCall(() =>
    table.client.send(new GetItemCommand({ TableName: table.name, Key: monthRegistryKey })),
  )
  const current = monthNumber(now.toISOString())
  return (item?.months?.NS ?? [])
    .map(Number)
    .filter((m) => m <= current)
    .sort((a, b) => a - b)
    .map((m) => `${String(Math.floor(m / 100)).padStart(4, '0')}-${String(m % 100).padStart(2, '0')}`)
}

/**
 * After many new articles are stored at once (`createMany`): their months join the sitemap index and
 * their categories the registry, from each one's earliest publication; one write per month and per
 * category, whatever the number of articles. Nothing left a category, so nothing is unlisted.
 */
export async function registerNewArticles(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const months: number[] = []
  const earliest = new Map<string, { name: string; from: string }>()
  for (const article of articles) {
    if (article.status !== 'published' || article.publishedAt === undefined) continue
    months.push(monthNumber(article.publishedAt))
    const from = utcKeyTime(article.publishedAt, 'publishedAt')
    for (const { slug, name } of article.categories) {
      const known = earliest.get(slug)
      if (known === undefined || from < known.from) earliest.set(slug, { name, from })
    }
  }
  await recordMonths(table, months)
  await Promise.all([...earliest].map(([slug, { name, from }]) => listCategory(table, slug, name, from)))
}

/** Every category public at `now`, by slug. One GetItem of the registry. */
export async function listCategories(table: StoreTable, now: Date): Promise<Category[]> {
  const { Item: item } = await storeCall(() =>
    table.client.send(new GetItemCommand({ TableName: table.name, Key: categoryRegistryKey })),
  )
  const nowKey = now.toISOString()
  const found: Category[] = []
  for (const [name, value] of Object.entries(item ?? {})) {
    const entry = value.M
    const from = entry?.f?.S
    if (!name.startsWith('c:') || entry === undefined || from === undefined || from > nowKey) continue
    found.push({ slug: name.slice(2), name: entry.n?.S ?? name.slice(2) })
  }
  return found.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
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
  const attribute = { '#a': `c:${category}` }
  try {
    await storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: categoryRegistryKey,
          UpdateExpression: 'SET #a = :entry',
          ...(force ? {} : { ConditionExpression: 'attribute_not_exists(#a) OR #a.f > :from' }),
          ExpressionAttributeNames: attribute,
          ExpressionAttributeValues: {
            ':entry': { M: { n: { S: name }, f: { S: from } } },
            ...(force ? {} : { ':from': { S: from } }),
          },
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
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: categoryRegistryKey,
        UpdateExpression: 'REMOVE #a',
        ExpressionAttributeNames: { '#a': `c:${category}` },
      }),
    ),
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
