import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb'
import { type Article, isPublicAt, type Tombstone } from '../articles/article.ts'
import { ValidationError } from '../articles/errors.ts'
import type { DeskListing, DeskListQuery, DeskPage, DeskRow } from '../desk/desk-listing.ts'
import { getArticles } from './article-queries.ts'
import { foldAuthor, titleWords, wordPartition } from './desk-terms.ts'
import {
  articleKey,
  articleOf,
  type Item,
  publishedPartition,
  requireS,
  type StoreTable,
} from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/*
 * The desk's list, by Query only. One source is read per page, chosen by the filters (title search,
 * else category, else author, else status), `limit + 1` keys at a time; the articles are read back
 * (one BatchGetItem) and the other filters applied to them. So a page costs about the same whatever
 * the archive's size, and may hold fewer rows than `limit` when filters combine: `nextCursor` goes
 * on from where the source stopped.
 */

interface Source {
  readonly input: Omit<QueryCommandInput, 'TableName' | 'Limit'>
  /** The article's slug from a key of this source. */
  readonly slugOf: (item: Item) => string
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

function decodeCursor(cursor: string): Item {
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw new Error('not base64url')
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object')
    const key: Item = {}
    for (const [name, value] of Object.entries(parsed)) {
      const text = typeof value === 'object' && value !== null && 'S' in value ? value.S : undefined
      if (!/^[a-z]{2,9}$/.test(name) || typeof text !== 'string' || text.length > 1200)
        throw new Error('bad key')
      key[name] = { S: text }
    }
    return key
  } catch (error) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }], {
      cause: error,
    })
  }
}

const slugAfterHash = (item: Item) => {
  const sk = requireS(item, 'sk')
  return sk.slice(sk.lastIndexOf('#') + 1)
}
const slugOfArticleKey = (item: Item) => requireS(item, 'pk').slice('ARTICLE#'.length)

function sourceFor(query: DeskListQuery): Source | 'all' {
  const words = titleWords(query.search ?? '')
  const longest = [...words].sort((a, b) => b.length - a.length)[0]
  if (longest !== undefined) {
    // The last word of a search is a prefix (still being typed); the others are whole words.
    const isLast = longest === words.at(-1)
    return {
      input: {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(gone)',
        ExpressionAttributeValues: {
          ':pk': { S: wordPartition(longest) },
          ':prefix': { S: isLast ? longest : `${longest}#` },
        },
        ScanIndexForward: true,
      },
      slugOf: slugAfterHash,
    }
  }
  const term =
    query.category !== undefined
      ? `DESK#cat:${query.category}`
      : query.author !== undefined
        ? `DESK#author:${foldAuthor(query.author)}`
        : undefined
  if (term !== undefined) {
    return {
      input: {
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'attribute_not_exists(gone)',
        ExpressionAttributeValues: { ':pk': { S: term } },
        ScanIndexForward: false,
      },
      slugOf: slugAfterHash,
    }
  }
  const now = `${query.now.toISOString()}$`
  switch (query.status) {
    case 'published':
    case 'scheduled':
      return {
        input: {
          IndexName: 'published',
          KeyConditionExpression: `pubpk = :p AND pubsk ${query.status === 'published' ? '<' : '>'} :now`,
          ExpressionAttributeValues: { ':p': { S: publishedPartition }, ':now': { S: now } },
          // Published: newest first; scheduled: the next one due first.
          ScanIndexForward: query.status === 'scheduled',
        },
        slugOf: slugOfArticleKey,
      }
    case 'draft':
    case 'deleted':
      return {
        input: {
          IndexName: 'byStatus',
          KeyConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': { S: query.status } },
          ScanIndexForward: false,
        },
        slugOf: slugOfArticleKey,
      }
    default:
      return 'all'
  }
}

/** The row of an article or tombstone, or undefined when it does not pass the query's filters. */
function rowOf(entry: Article | Tombstone, query: DeskListQuery): DeskRow | undefined {
  if ('deletedAt' in entry) {
    if (query.status !== 'deleted' || query.category || query.author || query.search) return undefined
    return {
      slug: entry.slug,
      status: 'deleted',
      at: entry.deletedAt,
      updatedAt: entry.deletedAt,
      categories: [],
      authors: [],
    }
  }
  const status =
    entry.status === 'draft' ? 'draft' : isPublicAt(entry, query.now.getTime()) ? 'published' : 'scheduled'
  if (query.status !== undefined && query.status !== status) return undefined
  if (query.category !== undefined && !entry.categories.some((c) => c.slug === query.category))
    return undefined
  if (query.author !== undefined) {
    const wanted = foldAuthor(query.author)
    if (!entry.authors.some((a) => foldAuthor(a.name) === wanted)) return undefined
  }
  if (query.search !== undefined) {
    const words = titleWords(query.search)
    const have = titleWords(entry.title)
    const last = words.at(-1)
    const whole = words.slice(0, -1)
    if (
      !whole.every((w) => have.includes(w)) ||
      (last !== undefined && !have.some((w) => w.startsWith(last)))
    )
      return undefined
  }
  return {
    slug: entry.slug,
    title: entry.title,
    status,
    ...(entry.status === 'published' && entry.publishedAt !== undefined && { at: entry.publishedAt }),
    updatedAt: entry.updatedAt,
    ...(entry.updatedBy !== undefined && { updatedBy: entry.updatedBy }),
    categories: entry.categories,
    authors: entry.authors,
  }
}

export function createDeskListing(table: StoreTable): DeskListing {
  return {
    async list(query) {
      const source = sourceFor(query)
      if (source === 'all') return listAll(table, query)
      const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
      const output = await storeCall(() =>
        table.client.send(
          new QueryCommand({
            ...source.input,
            TableName: table.name,
            Limit: query.limit,
            ...(start && { ExclusiveStartKey: start }),
          }),
        ),
      )
      const keys = output.Items ?? []
      const rows: DeskRow[] = []
      if (
        query.status === 'deleted' ||
        (query.status === 'draft' && !query.search && !query.category && !query.author)
      ) {
        // The byStatus index projects the whole item: no second read.
        for (const item of keys) {
          const row = rowOf(entryOf(item), query)
          if (row) rows.push(row)
        }
      } else {
        const articles =
          keys.length > 0
            ? await getArticles(
                table,
                keys.map((k) => articleKey(source.slugOf(k))),
              )
            : new Map()
        for (const key of keys) {
          const article = articles.get(source.slugOf(key))
          const row = article && rowOf(article, query)
          if (row) rows.push(row)
        }
      }
      const next = output.LastEvaluatedKey
      return { rows, ...(next && { nextCursor: encodeCursor(next) }) }
    },
  }
}

function entryOf(item: Item): Article | Tombstone {
  return item.kind?.S === 'tombstone' ? (JSON.parse(requireS(item, 'doc')) as Tombstone) : articleOf(item)
}

/** Every status at once: the three `byStatus` partitions merged newest first (creation, or deletion). */
async function listAll(table: StoreTable, query: DeskListQuery): Promise<DeskPage> {
  const before = query.cursor === undefined ? undefined : requireS(decodeCursor(query.cursor), 'createdsk')
  const lists = await Promise.all(
    (['draft', 'published', 'deleted'] as const).map(async (status) => {
      const output = await storeCall(() =>
        table.client.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'byStatus',
            KeyConditionExpression: before
              ? '#status = :status AND createdsk < :before'
              : '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': { S: status },
              ...(before && { ':before': { S: before } }),
            },
            ScanIndexForward: false,
            Limit: query.limit + 1,
          }),
        ),
      )
      return output.Items ?? []
    }),
  )
  const merged = lists.flat().sort((a, b) => (requireS(b, 'createdsk') < requireS(a, 'createdsk') ? -1 : 1))
  const page = merged.slice(0, query.limit)
  const rows = page
    .map((item) => {
      const entry = entryOf(item)
      return rowOf(entry, 'deletedAt' in entry ? { ...query, status: 'deleted' } : query)
    })
    .filter((row): row is DeskRow => row !== undefined)
  const last = page.at(-1)
  return {
    rows,
    ...(merged.length > query.limit &&
      last && { nextCursor: encodeCursor({ createdsk: { S: requireS(last, 'createdsk') } }) }),
  }
}
