import type { Article } from '../articles/article.ts'
import { batchPutAll } from './batch-put.ts'
import { deskTerms } from './desk-terms.ts'
import type { Item, StoreTable } from './item-keys.ts'

/**
 * After new articles are stored at once (`createEach`): the desk's term items of them all, what
 * `syncDeskTerms` puts for each create (a new article has no terms to mark gone), each term once,
 * 25 a `BatchWriteItem` with a bounded number in flight: a batch of 100 articles has some 1,600
 * terms, and one `PutItem` each made them 94% of the import's requests (docs/bulk-import.md). A
 * term is an unconditional put that names its article, so a batch write keeps what the puts did;
 * the publish role may batch-write the desk's partitions only (`deskPartitionPrefix`, cdk). A
 * failure throws: the caller tells it and lets the articles stand (the listing re-reads every article).
 */
export async function syncDeskTermsOfNew(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const terms = new Map<string, Item>()
  for (const article of articles) for (const [id, item] of deskTerms(article)) terms.set(id, item)
  await batchPutAll(table, [...terms.values()])
}
