import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { deskTerms } from './desk-terms.ts'
import { eachBounded } from './each-bounded.ts'
import type { Item, StoreTable } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/**
 * After new articles are stored at once (`createEach`): the desk's term items of them all, what
 * `syncDeskTerms` puts for each create (a new article has no terms to mark gone), each term once,
 * with a bounded number of puts in flight instead of every article's all at once. `PutItem`, not
 * `BatchWriteItem`: no function role may batch-write (a CDK test holds it), and a grant for it
 * would have to be confined to the desk's partitions. A failure throws: the caller tells it and
 * lets the articles stand (the listing re-reads every article).
 */
export async function syncDeskTermsOfNew(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const terms = new Map<string, Item>()
  for (const article of articles) for (const [id, item] of deskTerms(article)) terms.set(id, item)
  await eachBounded([...terms.values()], (item) =>
    storeCall(() => table.client.send(new PutItemCommand({ TableName: table.name, Item: item }))),
  )
}
