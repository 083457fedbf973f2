import { GetItemCommand, UpdateItemCommand, type UpdateItemCommandOutput } from '@aws-sdk/client-dynamodb'
import { type Article, isPublicAt, lastWriteAt } from '../articles/article.ts'
import { eachBounded } from './each-bounded.ts'
import { feedStateKey, type Item, type StoreTable, utcKeyTime } from './item-keys.ts'
import { type HintedFeedState, slotHint } from './read-hints.ts'
import { failedCondition, storeCall } from './store-errors.ts'

/*
 * Feed states: one small item per scope (the site, each category) that every write touching the
 * scope moves on, so that readers can tell with one read whether what they hold is still current.
 * Each also keeps the store's own read hint: the category slots (index numbers) a category has held
 * (`read-hints.ts`).
 */

/**
 * Before an article write: record, in the feed states of the scopes it is about to show in, the
 * hints that let readers read less — which category slots hold the category, and until when a
 * scheduled article may still fall due. They only ever widen, so a write that then fails leaves
 * a harmless hint; and a failure here fails the write before anything is stored.
 */
export async function prepareFeedStates(table: StoreTable, next: Article): Promise<void> {
  await prepareFeedStatesOfMany(table, [next])
}

/**
 * {@link prepareFeedStates} for many articles at once: one update (two with a scheduled article)
 * per scope they touch, whatever their number, each with the union of their slots and the latest
 * due time among them.
 */
export async function prepareFeedStatesOfMany(
  table: StoreTable,
  articles: readonly Article[],
): Promise<void> {
  const scopes = new Map<string | undefined, { slots: Set<number>; due?: string }>()
  for (const next of articles) {
    if (next.status !== 'published' || next.publishedAt === undefined) continue
    const due = utcKeyTime(next.publishedAt, 'publishedAt')
    const scheduled = Date.parse(next.publishedAt) > Date.parse(lastWriteAt(next))
    const touch = (category: string | undefined, slot?: number) => {
      const scope = scopes.get(category) ?? { slots: new Set<number>() }
      if (slot !== undefined) scope.slots.add(slot)
      if (scheduled && (scope.due === undefined || scope.due < due)) scope.due = due
      scopes.set(category, scope)
    }
    touch(undefined)
    next.categories.forEach((c, slot) => {
      touch(c.slug, slot)
    })
  }
  // Bounded: an import can name thousands of categories.
  await eachBounded([...scopes], async ([category, { slots, due }]) => {
    const Key = feedStateKey(category)
    if (slots.size > 0) {
      await storeCall(() =>
        table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key,
            UpdateExpression: 'ADD slots :slot',
            ExpressionAttributeValues: { ':slot': { NS: [...slots].map(String) } },
          }),
        ),
      )
    }
    if (due === undefined) return
    // A failed condition: a later scheduledUntil is already there, and the hint holds as it is.
    await failedCondition(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key,
          UpdateExpression: 'SET scheduledUntil = :due',
          ConditionExpression: 'attribute_not_exists(scheduledUntil) OR scheduledUntil < :due',
          ExpressionAttributeValues: { ':due': { S: due } },
        }),
      ),
    )
  })
}

/**
 * After an article write: move the version of every scope the article was or is in, and record
 * there whether an article left the scope (`removedAt`) and whether readers could see it (`wasPublic`).
 * The article is stored whatever happens here; a missed bump only delays cached feeds until their
 * revalidation backstop, so a failure goes to `onError` rather than failing a write that succeeded.
 */
export async function bumpFeedStates(
  table: StoreTable,
  change: { readonly previous?: Article; readonly next?: Article; readonly at: string },
  onError: (error: unknown) => void,
): Promise<Map<string | undefined, Item | undefined>> {
  const { previous, next, at } = change
  const before = feedScopes(previous)
  const after = feedScopes(next)
  // A new publication time takes the article out of its place (off the first page, or out of
  // sight until due), which its own dates cannot tell a feed's Last-Modified: count it as a removal.
  const moved =
    previous?.publishedAt !== undefined &&
    next?.publishedAt !== undefined &&
    Date.parse(previous.publishedAt) !== Date.parse(next.publishedAt)
  // Scopes where readers could see the article, before or after this write.
  const atMs = Date.parse(at)
  const seen = new Set([
    ...(isPublicAt(previous, atMs) ? before : []),
    ...(isPublicAt(next, atMs) ? after : []),
  ])
  const scopes = [...new Set([...before, ...after])]
  const updates = scopes.map((scope) =>
    bumpScope(table, scope, {
      at,
      removed: before.has(scope) && (!after.has(scope) || moved),
      seen: seen.has(scope),
    }),
  )
  const oldStates = new Map<string | undefined, Item | undefined>()
  const results = await Promise.allSettled(updates)
  results.forEach((result, i) => {
    if (result.status === 'rejected') onError(result.reason)
    else oldStates.set(scopes[i], result.value.Attributes)
  })
  return oldStates
}

/**
 * After many new articles are stored at once ({@link createMany}): each scope they show in moves on
 * once, to the latest `updatedAt` among its articles, marked public when any of them was public at
 * its own write. Nothing left a scope, so nothing is marked removed. Failures throw, after every
 * scope was tried.
 */
export async function bumpFeedStatesOfNew(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const scopes = new Map<string | undefined, { at: string; seen: boolean }>()
  for (const article of articles) {
    const seen = isPublicAt(article, Date.parse(article.updatedAt))
    for (const scope of feedScopes(article)) {
      const known = scopes.get(scope)
      scopes.set(scope, {
        at:
          known === undefined || Date.parse(known.at) < Date.parse(article.updatedAt)
            ? article.updatedAt
            : known.at,
        seen: seen || known?.seen === true,
      })
    }
  }
  await eachBounded([...scopes], ([scope, { at, seen }]) =>
    bumpScope(table, scope, { at, removed: false, seen }),
  )
}

/** Moves one scope's version on, as of `at`. */
function bumpScope(
  table: StoreTable,
  scope: string | undefined,
  change: { readonly at: string; readonly removed: boolean; readonly seen: boolean },
): Promise<UpdateItemCommandOutput> {
  const sets = ['version = if_not_exists(version, :zero) + :one', 'changedAt = :now']
  if (change.removed) sets.push('removedAt = :now')
  if (change.seen) sets.push('wasPublic = :true')
  return storeCall(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: feedStateKey(scope),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeValues: {
          ':zero': { N: '0' },
          ':one': { N: '1' },
          ':now': { S: change.at },
          ...(change.seen ? { ':true': { BOOL: true } } : {}),
        },
        // The state as it was, at no extra cost: whether the category registry needs a write.
        ReturnValues: 'ALL_OLD',
      }),
    ),
  )
}

/** One small read: the state of the site feed (no category) or of one category's feed. */
export async function readFeedState(
  table: StoreTable,
  category: string | undefined,
): Promise<HintedFeedState> {
  const { Item: item } = await storeCall(() =>
    table.client.send(
      new GetItemCommand({
        TableName: table.name,
        Key: feedStateKey(category),
        ProjectionExpression: 'version, removedAt, scheduledUntil, slots, wasPublic',
      }),
    ),
  )
  if (item === undefined) return { version: 0 }
  const removedAt = item.removedAt?.S
  const scheduledUntil = item.scheduledUntil?.S
  const slots = item.slots?.NS?.map(Number)
  return {
    version: Number(item.version?.N ?? '0'),
    ...(removedAt !== undefined ? { removedAt } : {}),
    ...(scheduledUntil !== undefined ? { scheduledUntil } : {}),
    ...(item.wasPublic?.BOOL === true ? { wasPublic: true as const } : {}),
    // The item exists: some write named the scope, at least on its way in.
    known: true,
    ...(category !== undefined && slots !== undefined ? { readHint: slotHint(category, slots) } : {}),
  }
}

/**
 * The feed scopes an article shows in, when published: the site (`undefined`) and each of its
 * categories (by slug).
 */
function feedScopes(article: Article | undefined): Set<string | undefined> {
  if (article?.status !== 'published') return new Set()
  return new Set([undefined, ...article.categories.map((c) => c.slug)])
}
