import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { eachBounded } from './each-bounded.ts'
import { categoryEntryKey, feedStateKey, type Item, type StoreTable, utcKeyTime } from './item-keys.ts'
import { failedCondition, storeCall } from './store-errors.ts'

/*
 * Writes of the category registry: one item per category, `n` its name and `f` the instant from
 * which it is public, mirrored in the category's feed state (`registry-queries.ts`).
 */

/**
 * A category's registry item, as `listCategory` leaves it: for laying out a registry in bulk
 * (`BatchWriteItem`) in a table nothing else writes to, such as a test's.
 */
export function categoryEntryItem(category: string, name: string, from: string): Item {
  return { ...categoryEntryKey(category), n: { S: name }, f: { S: from } }
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
  // An earlier `from` is already listed: it stands (the mirror is left for the next write to settle).
  if (!(await listEntry(table, categoryEntryKey(category), name, from, force))) return
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

/**
 * Sets a registry entry's name and `from` (the category or author registry's item at `key`), unless an
 * earlier `from` is listed already (or, with `force`, whatever is listed): whether it was written.
 */
export async function listEntry(table: StoreTable, key: Item, name: string, from: string, force: boolean) {
  const failed = await failedCondition(() =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET n = :name, f = :from',
        ...(force ? {} : { ConditionExpression: 'attribute_not_exists(f) OR f > :from' }),
        ExpressionAttributeValues: { ':name': { S: name }, ':from': { S: from } },
      }),
    ),
  )
  return failed === undefined
}

/** Takes `category` off the registry, and its mirror off its feed state. */
export async function unlist(table: StoreTable, category: string) {
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
