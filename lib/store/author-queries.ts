import { QueryCommand } from '@aws-sdk/client-dynamodb'
import { authorPartition } from './author-index.ts'
import { articleKey, type Item, requireS, type StoreTable } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/*
 * The reads of one author's partition (`author-index.ts`). Its entries are small (under 1.5 KB, the
 * projection only their sort key), so a page of them (at most 101) comes in one Query, far under
 * the 1 MB a Query stops at.
 */

/**
 * Up to `wanted` of an author's entries before `upper`, newest first, as the keys the category
 * indexes give (the article's key and its `pubsk`): one Query.
 */
export async function queryAuthorEntries(
  table: StoreTable,
  author: string,
  upper: string,
  wanted: number,
): Promise<Item[]> {
  const output = await storeCall(() =>
    table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :a AND sk < :upper',
        ExpressionAttributeValues: { ':a': { S: authorPartition(author) }, ':upper': { S: upper } },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: wanted,
      }),
    ),
  )
  return (output.Items ?? []).map((entry) => {
    const pubsk = requireS(entry, 'sk')
    return { ...articleKey(pubsk.slice(pubsk.indexOf('#') + 1)), pubsk: { S: pubsk } }
  })
}

/** The earliest `publishedAt` (UTC) of an author's articles after `lower`: one Query of their partition. */
export async function nextScheduledByAuthor(
  table: StoreTable,
  author: string,
  lower: string,
): Promise<string | undefined> {
  const output = await storeCall(() =>
    table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :a AND sk > :lower',
        ExpressionAttributeValues: { ':a': { S: authorPartition(author) }, ':lower': { S: lower } },
        ProjectionExpression: 'sk',
        ScanIndexForward: true,
        Limit: 1,
      }),
    ),
  )
  const first = output.Items?.[0]?.sk?.S
  return first?.slice(0, first.indexOf('#'))
}
