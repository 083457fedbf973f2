import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb'
import type { Article, Tombstone } from '../articles/article.ts'
import type { DeskListing, DeskListQuery, DeskPage, DeskRow } from '../desk/desk-listing.ts'
import { getArticles } from './article-queries.ts'
import { decodeCursor, encodeCursor } from './desk-listing-cursor.ts'
import { rowOf } from './desk-listing-rows.ts'
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
