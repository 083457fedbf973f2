import { QueryCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { nextScheduled } from './article-queries.ts'
import { listCategory, unlist } from './category-registry-writes.ts'
import { type Item, type StoreTable, slotAttribute, utcKeyTime } from './item-keys.ts'
import { slotHint, slotsToRead } from './read-hints.ts'
import { storeCall } from './store-errors.ts'

/*
 * After each article write: the category registry kept in step with what readers can see, from the
 * feed states as the write's bumps found them (`registry-queries.ts` tells why it is shaped so).
 */

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

/** After a write: keep the category registry in step (see `registry-queries.ts`). */
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
  const hint = slots.length > 0 ? slotHint(change.category, slots) : undefined
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
