import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { authorEntries } from './author-index.ts'
import { listEntryAuthors } from './author-registry.ts'
import { listCategory } from './category-registry-writes.ts'
import { eachBounded } from './each-bounded.ts'
import {
  articleOf,
  type Item,
  legacyRegistryKeys,
  publishedPartition,
  type StoreTable,
  utcKeyTime,
} from './item-keys.ts'
import { recordMonths } from './month-registry.ts'
import { queryPages } from './query-pages.ts'
import { storeCall } from './store-errors.ts'

export interface RebuildResult {
  readonly articles: number
  readonly categories: number
  readonly months: number
  /** Author entries written (`author-index.ts`): one per author of each published article. */
  readonly authorEntries: number
}

/**
 * Fills the category, author and month registries from the `published` index, for a table whose articles
 * were written before writers kept them (or after an operator's hand edit). Offline work, never on a
 * request path: it reads every published article once (their full size in RCUs, like an export),
 * then writes what is missing. Safe to run again, and while the site is live (a write meanwhile
 * keeps its own entries; this only lists, never unlists). It also migrates a table from the
 * one-item registries of earlier versions: their entries are all derived from the articles, so once
 * the entries are written as items of their own, the old items are deleted. It writes the author
 * entries of every published article too (`author-index.ts`): articles stored before author feeds
 * existed join them (a put of an entry that exists rewrites it unchanged, one WCU each). Run while a
 * writer drops an author, it may leave that author an entry the article no longer backs: readers
 * check each entry against its article, so the article does not show there.
 */
export async function rebuildRegistries(table: StoreTable): Promise<RebuildResult> {
  const months = new Set<string>()
  const categories = new Map<string, { name: string; from: string }>()
  const entries: Item[] = []
  let articles = 0
  const published = queryPages(table, {
    IndexName: 'published',
    KeyConditionExpression: 'pubpk = :p',
    ExpressionAttributeValues: { ':p': { S: publishedPartition } },
    ProjectionExpression: 'pk, doc',
    // Newest first: the first name met for a category is its newest article's.
    ScanIndexForward: false,
  })
  for await (const page of published) {
    for (const item of page.items) {
      const article: Article = articleOf(item)
      if (article.status !== 'published' || article.publishedAt === undefined) continue
      articles += 1
      const due = utcKeyTime(article.publishedAt, 'publishedAt')
      months.add(due.slice(0, 7).replace('-', ''))
      entries.push(...authorEntries(article))
      for (const { slug, name } of article.categories) {
        const known = categories.get(slug)
        if (known === undefined || known.from > due)
          categories.set(slug, { name: known?.name ?? name, from: due })
      }
    }
  }

  await recordMonths(table, [...months].map(Number))
  await eachBounded([...categories], ([slug, { name, from }]) => listCategory(table, slug, name, from))
  await listEntryAuthors(table, entries)
  await eachBounded(entries, (Item) =>
    storeCall(() => table.client.send(new PutItemCommand({ TableName: table.name, Item }))),
  )
  for (const Key of legacyRegistryKeys)
    await storeCall(() => table.client.send(new DeleteItemCommand({ TableName: table.name, Key })))
  return { articles, categories: categories.size, months: months.size, authorEntries: entries.length }
}
