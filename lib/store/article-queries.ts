import { BatchGetItemCommand, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import { type Article, isPublicAt, type Tombstone } from '../articles/article.ts'
import type { ListByStatusQuery, Page } from '../articles/article-store.ts'
import { authorSlugsOf } from '../articles/author-slug.ts'
import { UnavailableError } from '../articles/errors.ts'
import type { ListPublishedQuery, ScopeQuery } from '../articles/public-reads.ts'
import { authorEntries } from './author-index.ts'
import { nextScheduledByAuthor, queryAuthorEntries } from './author-queries.ts'
import {
  articleKey,
  articleOf,
  decodeCursor,
  entryOf,
  type Item,
  isArticleItem,
  publishedPartition,
  requireS,
  type StoreTable,
  slotAttribute,
  slugOf,
  toPage,
} from './item-keys.ts'
import { type PagedQuery, queryItems } from './query-pages.ts'
import { type Hinted, slotsToRead } from './read-hints.ts'
import { storeCall } from './store-errors.ts'

/*
 * The store's reads. None scans: a page is one Query of the index that orders it (one per category
 * slot for a category, plus one BatchGetItem of the page), asking for about the page.
 */

export async function findBySlug(table: StoreTable, slug: string): Promise<Article | Tombstone | undefined> {
  const { Item: item } = await storeCall(() =>
    table.client.send(new GetItemCommand({ TableName: table.name, Key: articleKey(slug) })),
  )
  return item === undefined ? undefined : entryOf(item)
}

/** Live articles of any status (or one), most recently created first. */
export async function listByStatus(table: StoreTable, query: ListByStatusQuery): Promise<Page<Article>> {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  const statuses = query.status ? [query.status] : (['draft', 'published'] as const)
  const lists = await Promise.all(
    statuses.map((status) =>
      queryAll(
        table,
        {
          IndexName: 'byStatus',
          KeyConditionExpression: before ? '#status = :status AND createdsk < :before' : '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': { S: status },
            ...(before ? { ':before': { S: before } } : {}),
          },
          ScanIndexForward: false,
        },
        query.limit + 1,
      ),
    ),
  )
  return toPage(newestFirst(lists.flat(), 'createdsk'), query.limit, 'createdsk', articleOf)
}

/** Published, due articles newest first by `publishedAt`, site-wide or in one category. */
export async function listPublished(
  table: StoreTable,
  query: Hinted<ListPublishedQuery>,
): Promise<Page<Article>> {
  const nowMs = query.now.getTime()
  const dueBound = `${query.now.toISOString()}$` // '$' sorts after '#': includes items due exactly now
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  const upper = cursor !== undefined && cursor < dueBound ? cursor : dueBound
  const wanted = query.limit + 1
  const category = query.category
  const author = query.author
  if (category === undefined && author === undefined) {
    const items = await queryAll(
      table,
      {
        IndexName: 'published',
        KeyConditionExpression: 'pubpk = :p AND pubsk < :upper',
        ExpressionAttributeValues: { ':p': { S: publishedPartition }, ':upper': { S: upper } },
        ScanIndexForward: false,
      },
      wanted,
    )
    const page = toPage(items, query.limit, 'pubsk', articleOf)
    // The key condition leaves out what is not due; the item itself has the last word.
    return { ...page, items: page.items.filter((article) => isPublicAt(article, nowMs)) }
  }
  const scope = category ?? ''
  const slots = await Promise.all(
    author !== undefined
      ? [queryAuthorEntries(table, author, upper, wanted)]
      : slotsToRead(scope, query.readHint).map((slot) =>
          queryAll(
            table,
            {
              IndexName: `category${slot}`,
              KeyConditionExpression: '#slot = :c AND pubsk < :upper',
              ExpressionAttributeNames: { '#slot': slotAttribute(slot) },
              ExpressionAttributeValues: { ':c': { S: scope }, ':upper': { S: upper } },
              ScanIndexForward: false,
            },
            wanted,
          ),
        ),
  )
  const keys = newestFirst(slots.flat(), 'pubsk').slice(0, wanted)
  const pageKeys = keys.slice(0, query.limit)
  const docs = pageKeys.length > 0 ? await getArticles(table, pageKeys) : new Map<string, Article>()
  // An author entry left behind (`rebuild-registries.ts`) names an article at a time it no longer has.
  const page = toPage(keys, query.limit, 'pubsk', (key) => {
    const article = docs.get(slugOf(key))
    return author === undefined || authorEntries(article).some((e) => e.sk?.S === key.pubsk?.S)
      ? article
      : undefined
  })
  // The index and the item can disagree for a moment after a write: show only what the item says.
  const items = page.items.filter(
    (article): article is Article =>
      article !== undefined &&
      isPublicAt(article, nowMs) &&
      (author !== undefined
        ? authorSlugsOf(article).includes(author)
        : article.categories.some((c) => c.slug === category)),
  )
  return { ...page, items }
}

/** The earliest `publishedAt` (RFC 3339 UTC) of a published article not yet due, if any. */
export async function nextScheduled(
  table: StoreTable,
  query: Hinted<ScopeQuery & { readonly now: Date }>,
): Promise<string | undefined> {
  const lower = `${query.now.toISOString()}$`
  if (query.author !== undefined) return nextScheduledByAuthor(table, query.author, lower)
  const category = query.category
  const indexes =
    category === undefined
      ? [{ index: 'published', attribute: 'pubpk', value: publishedPartition }]
      : slotsToRead(category, query.readHint).map((slot) => ({
          index: `category${slot}`,
          attribute: slotAttribute(slot),
          value: category,
        }))
  const firsts = await Promise.all(
    indexes.map(async ({ index, attribute, value }) => {
      const output = await storeCall(() =>
        table.client.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: index,
            KeyConditionExpression: '#a = :v AND pubsk > :lower',
            ExpressionAttributeNames: { '#a': attribute },
            ExpressionAttributeValues: { ':v': { S: value }, ':lower': { S: lower } },
            ProjectionExpression: 'pubsk',
            ScanIndexForward: true,
            Limit: 1,
          }),
        ),
      )
      return output.Items?.[0]?.pubsk?.S
    }),
  )
  const earliest = firsts.filter((key): key is string => key !== undefined).sort()[0]
  return earliest?.slice(0, earliest.indexOf('#'))
}

/** Up to `wanted` items of one Query: a Query stops at 1 MB, and full articles can be large. */
async function queryAll(table: StoreTable, input: PagedQuery, wanted: number): Promise<Item[]> {
  return (await queryItems(table, input, { limit: wanted })).items
}

/** The articles at `keys`, by slug (a key whose item is now a tombstone or gone is left out). */
export async function getArticles(table: StoreTable, keys: readonly Item[]): Promise<Map<string, Article>> {
  const found = new Map<string, Article>()
  let pending: Item[] = keys.map((key) => articleKey(slugOf(key)))
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 5) throw new UnavailableError('the store left keys unprocessed repeatedly')
    const batch = pending
    const output = await storeCall(() =>
      table.client.send(
        new BatchGetItemCommand({
          RequestItems: { [table.name]: { Keys: batch, ProjectionExpression: 'pk, doc, kind' } },
        }),
      ),
    )
    for (const item of output.Responses?.[table.name] ?? []) {
      if (isArticleItem(item)) found.set(slugOf(item), articleOf(item))
    }
    pending = output.UnprocessedKeys?.[table.name]?.Keys ?? []
    if (pending.length > 0) await delay(20 * 2 ** attempt)
  }
  return found
}

function newestFirst(items: readonly Item[], sortKeyName: string): Item[] {
  return [...items].sort((a, b) => {
    const x = requireS(a, sortKeyName)
    const y = requireS(b, sortKeyName)
    return x < y ? 1 : x > y ? -1 : 0
  })
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
