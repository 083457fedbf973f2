import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { PublicReads } from '../articles/public-reads.ts'
import { findBySlug, listPublished, nextScheduled } from './article-queries.ts'
import { findAuthorProfile } from './author-profiles.ts'
import { authorRegistry } from './author-registry.ts'
import { listCategories, listCategoryPage, listNamed, listNamedPage } from './category-registry-reads.ts'
import { readFeedState } from './feed-states.ts'
import type { StoreTable } from './item-keys.ts'
import { listMonths } from './month-registry.ts'
import { type HintedFeedState, withReadHint } from './read-hints.ts'
import { listSitemapEntries } from './sitemap-queries.ts'

/**
 * The read side of the DynamoDB store, as the public function holds it. A feed state it reads
 * carries its read hint (`read-hints.ts`), which it takes back from the scope's queries.
 */
export interface DynamoPublicReads extends PublicReads {
  readFeedState(category?: string, options?: { readonly fresh?: boolean }): Promise<HintedFeedState>
}

/**
 * `PublicReads` on DynamoDB, and nothing that writes: the public function's bundle holds only the
 * queries and the SDK commands they send (issue 20.7; `tests/functions/cold-start-deferred.test.ts`
 * fails when a write module or command is read at its import). `createDynamoArticleStore` adds the
 * write side to it.
 */
export function createDynamoPublicReads(options: {
  readonly client: DynamoDBClient
  readonly tableName: string
}): DynamoPublicReads {
  const table: StoreTable = { client: options.client, name: options.tableName }
  return {
    findBySlug: (slug) => findBySlug(table, slug),
    listPublished: (query) => listPublished(table, withReadHint(query)),
    nextScheduled: (query) => nextScheduled(table, withReadHint(query)),
    readFeedState: (category) => readFeedState(table, category),
    listCategories: (now) => listCategories(table, now),
    listCategoryPage: (query) => listCategoryPage(table, query),
    listAuthors: (now) => listNamed(table, authorRegistry, now),
    listAuthorPage: (query) => listNamedPage(table, authorRegistry, query),
    findAuthorProfile: (author) => findAuthorProfile(table, author),
    listMonths: (now) => listMonths(table, now),
    listSitemapEntries: (query) => listSitemapEntries(table, query),
  }
}
