import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import {
  articleOf,
  categoryRegistryKey,
  feedStateKey,
  type Item,
  monthRegistryKey,
  publishedPartition,
  type StoreTable,
  utcKeyTime,
} from './item-keys.ts'
import { isConditionFailure, storeCall } from './store-errors.ts'

export interface RebuildResult {
  readonly articles: number
  readonly categories: number
  readonly months: number
}

/**
 * Fills the category and month registries from the `published` index, for a table whose articles
 * were written before writers kept them (or after an operator's hand edit). Offline work, never on a
 * request path: it reads every published article once (their full size in RCUs, like an export),
 * then writes what is missing. Safe to run again, and while the site is live (a write meanwhile
 * keeps its own entries; this only lists, never unlists).
 */
export async function rebuildRegistries(table: StoreTable): Promise<RebuildResult> {
  const months = new Set<string>()
  const categories = new Map<string, { name: string; from: string }>()
  let articles = 0
  let startKey: Item | undefined
  do {
    const output = await storeCall(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'published',
          KeyConditionExpression: 'pubpk = :p',
          ExpressionAttributeValues: { ':p': { S: publishedPartition } },
          ProjectionExpression: 'pk, doc',
          // Newest first: the first name met for a category is its newest article's.
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    )
    for (const item of output.Items ?? []) {
      const article: Article = articleOf(item)
      if (article.status !== 'published' || article.publishedAt === undefined) continue
      articles += 1
      const due = utcKeyTime(article.publishedAt, 'publishedAt')
      months.add(due.slice(0, 7).replace('-', ''))
      for (const { slug, name } of article.categories) {
        const known = categories.get(slug)
        if (known === undefined || known.from > due)
          categories.set(slug, { name: known?.name ?? name, from: due })
      }
    }
    startKey = output.LastEvaluatedKey
  } while (startKey)

  if (months.size > 0) {
    await storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: monthRegistryKey,
          UpdateExpression: 'ADD months :m',
          ExpressionAttributeValues: { ':m': { NS: [...months] } },
        }),
      ),
    )
  }
  for (const [slug, { name, from }] of categories) {
    await storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: categoryRegistryKey,
          UpdateExpression: 'SET #a = :entry',
          ConditionExpression: 'attribute_not_exists(#a) OR #a.f > :from',
          ExpressionAttributeNames: { '#a': `c:${slug}` },
          ExpressionAttributeValues: {
            ':entry': { M: { n: { S: name }, f: { S: from } } },
            ':from': { S: from },
          },
        }),
      ),
    ).catch((error: unknown) => {
      // An earlier `from` is listed already: it stands.
      if (!isConditionFailure(error)) throw error
    })
    await storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: feedStateKey(slug),
          UpdateExpression: 'SET listedFrom = :from, listedName = :name',
          ExpressionAttributeValues: { ':from': { S: from }, ':name': { S: name } },
        }),
      ),
    )
  }
  return { articles, categories: categories.size, months: months.size }
}
