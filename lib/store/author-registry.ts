import { DeleteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { authorEntries, authorPartition } from './author-index.ts'
import type { NamedRegistry } from './category-registry-reads.ts'
import { listEntry } from './category-registry-writes.ts'
import { eachBounded } from './each-bounded.ts'
import { authorEntryPrefix, authorRegistryPartition, type Item, type StoreTable } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/*
 * The author registry: partition `REGISTRY#authors`, one item per author with a published article
 * (scheduled ones too), `sk = a#{author slug}`, `n` the name, `f` the UTC instant from which the
 * author has a public article: the category registry's shape (`registry-queries.ts`), read by the
 * same paged Queries (`listNamed`, `listNamedPage`), for `/authors/`, the OPML list and the sitemap.
 *
 * Kept in step after each write from the author's own partition (`author-index.ts`), which holds
 * one entry per published article of the author, in time order: an author newly on a byline is
 * listed from the article's time unless listed earlier (one conditional write); an author who lost
 * an article (taken off the byline, unpublished, deleted, moved in time) is listed from the time of
 * the earliest entry left, or unlisted when none is (one consistent Query, `Limit: 1`, and one write).
 */

export const authorRegistry: NamedRegistry = { partition: authorRegistryPartition, prefix: authorEntryPrefix }

/** The key of `author`'s item in the author registry. */
export function authorRegistryKey(author: string): Item {
  return { pk: { S: authorRegistryPartition }, sk: { S: `${authorEntryPrefix}${author}` } }
}

/** An author's registry item, as `listAuthor` leaves it: for laying out a registry in bulk in a test's table. */
export function authorRegistryItem(author: string, name: string, from: string): Item {
  return { ...authorRegistryKey(author), n: { S: name }, f: { S: from } }
}

/**
 * After a write (its author entries written): each author the article had or has gets their registry
 * item settled. Failures go to `onError`: the article stands.
 */
export async function syncAuthorRegistry(
  table: StoreTable,
  change: { readonly previous?: Article; readonly next?: Article },
  onError: (error: unknown) => void,
): Promise<void> {
  const entrySk = (item: Item) => item.sk?.S ?? ''
  const before = new Map(authorEntries(change.previous).map((e) => [e.pk?.S ?? '', entrySk(e)]))
  const after = new Map(authorEntries(change.next).map((e) => [e.pk?.S ?? '', e]))
  const partitions = [...new Set([...before.keys(), ...after.keys()])]
  const results = await Promise.allSettled(
    partitions.map(async (partition) => {
      const author = partition.slice(authorPartition('').length)
      const entry = after.get(partition)
      const left = before.has(partition) && before.get(partition) !== (entry && entrySk(entry))
      if (entry !== undefined && !left)
        return listAuthor(table, author, entry.n?.S ?? author, timeOf(entrySk(entry)))
      const earliest = await earliestEntry(table, author)
      if (earliest === undefined) return unlistAuthor(table, author)
      const name = entry?.n?.S ?? earliest.n?.S ?? author
      return listAuthor(table, author, name, timeOf(entrySk(earliest)), true)
    }),
  )
  for (const result of results) if (result.status === 'rejected') onError(result.reason)
}

/** The authors of new articles join the registry, each from their earliest article among them. */
export function listNewAuthors(table: StoreTable, articles: readonly Article[]): Promise<void> {
  return listEntryAuthors(
    table,
    articles.flatMap((article) => authorEntries(article)),
  )
}

/** The authors of author `entries` join the registry, each from their earliest entry among them. */
export async function listEntryAuthors(table: StoreTable, entries: readonly Item[]): Promise<void> {
  const earliest = new Map<string, { name: string; from: string }>()
  for (const entry of entries) {
    const author = (entry.pk?.S ?? '').slice(authorPartition('').length)
    const from = timeOf(entry.sk?.S ?? '')
    const known = earliest.get(author)
    if (known === undefined || from < known.from) earliest.set(author, { name: entry.n?.S ?? author, from })
  }
  await eachBounded([...earliest], ([author, { name, from }]) => listAuthor(table, author, name, from))
}

/** Lists `author` as public from `from`, unless an earlier `from` is listed already (or, with `force`, whatever is). */
export async function listAuthor(
  table: StoreTable,
  author: string,
  name: string,
  from: string,
  force = false,
) {
  await listEntry(table, authorRegistryKey(author), name, from, force)
}

async function unlistAuthor(table: StoreTable, author: string): Promise<void> {
  await storeCall(() =>
    table.client.send(new DeleteItemCommand({ TableName: table.name, Key: authorRegistryKey(author) })),
  )
}

/** The author's earliest entry (sort key and name), read consistently: the write just made is in it. */
async function earliestEntry(table: StoreTable, author: string): Promise<Item | undefined> {
  const output = await storeCall(() =>
    table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :a',
        ExpressionAttributeValues: { ':a': { S: authorPartition(author) } },
        ProjectionExpression: 'sk, n',
        ConsistentRead: true,
        Limit: 1,
      }),
    ),
  )
  return output.Items?.[0]
}

/** The UTC time an author entry's sort key starts with (`{publishedAt UTC}#{slug}`). */
function timeOf(entrySk: string): string {
  return entrySk.slice(0, entrySk.indexOf('#'))
}
