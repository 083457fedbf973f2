import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { type Article, lastWriteAt } from '../articles/article.ts'
import type { ArticleStore } from '../articles/article-store.ts'
import { ConflictError, PreconditionFailedError } from '../articles/errors.ts'
import { listByStatus } from './article-queries.ts'
import { writeArticleItem } from './article-write.ts'
import { authorIndexChange } from './author-index.ts'
import { putAuthorProfile } from './author-profiles.ts'
import { syncAuthorRegistry } from './author-registry.ts'
import { syncCategoryRegistry } from './category-registry-sync.ts'
import type { WriteCondition } from './conditional-put.ts'
import { createEach } from './create-each.ts'
import { createDynamoPublicReads, type DynamoPublicReads } from './dynamo-public-reads.ts'
import { bumpFeedStates, prepareFeedStates } from './feed-states.ts'
import { articleItem, type StoreTable, tombstoneItem } from './item-keys.ts'
import { recordMonth } from './month-registry.ts'

export interface DynamoArticleStoreOptions {
  readonly client: DynamoDBClient
  readonly tableName: string
  /** Told when a feed-state bump failed after its article was stored (the article write stands). */
  readonly onBackgroundError?: (error: unknown) => void
  /**
   * Runs after each article write, like the feed-state bumps: the publish function and `npm start`
   * pass `syncDeskTerms` (`desk-terms.ts`), so the desk filters without a scan. Passed in, so that
   * the public function's bundle holds none of the desk's code.
   */
  readonly afterArticleWrite?: (
    table: StoreTable,
    change: { readonly previous?: Article; readonly next?: Article },
    onError: (error: unknown) => void,
  ) => Promise<void>
  /**
   * Runs after `createEach` for the articles it stored, in place of `afterArticleWrite` for each:
   * the publish function and `npm start` pass `syncDeskTermsOfNew` (`desk-terms-of-new.ts`).
   */
  readonly afterArticlesCreated?: (table: StoreTable, articles: readonly Article[]) => Promise<void>
}

/**
 * Both faces of the store, as the composition roots hand them out: the write side to the use cases
 * and the publish app, the read side (`dynamo-public-reads.ts`, all the public function holds) to
 * the public app.
 */
export interface DynamoArticleStore extends ArticleStore, DynamoPublicReads {}

/**
 * The DynamoDB implementation of `ArticleStore` and `PublicReads` (the reads of
 * `createDynamoPublicReads`, and `listByStatus` for the publish API). Each write is one conditional put
 * of the article's item, between the feed-state hints it needs first and the feed-state bumps that
 * follow it. Item layout and cursors in `item-keys.ts`, reads in `article-queries.ts`, feed states
 * in `feed-states.ts`, registries in `month-registry.ts`, `category-registry-*.ts` and `author-registry.ts`, error
 * translation in `store-errors.ts`; the table in `table-definition.ts`. Many new articles at once (seeding, a restore into an empty
 * table): `createMany` in `bulk-seed/create-many.ts`, deliberately not on `ArticleStore`, since no
 * use case of the domain may write without a condition.
 */
export function createDynamoArticleStore(options: DynamoArticleStoreOptions): DynamoArticleStore {
  const table: StoreTable = { client: options.client, name: options.tableName }
  const onBackgroundError = options.onBackgroundError ?? (() => {})
  /** The feed-state bumps, then the category registry with what they returned. */
  async function afterWrite(change: { previous?: Article; next?: Article; at: string }): Promise<void> {
    const oldStates = await bumpFeedStates(table, change, onBackgroundError)
    await syncCategoryRegistry(table, change, oldStates, onBackgroundError)
    await syncAuthorRegistry(table, change, onBackgroundError)
    await options.afterArticleWrite?.(table, change, onBackgroundError)
  }
  return {
    ...createDynamoPublicReads(options),
    async create(article) {
      await Promise.all([prepareFeedStates(table, article), recordMonth(table, article)])
      const when: WriteCondition = {
        condition: 'attribute_not_exists(pk) OR kind = :tombstone',
        values: { ':tombstone': { S: 'tombstone' } },
        onFail: () => new ConflictError(`the slug "${article.slug}" is taken`),
      }
      await writeArticleItem(table, articleItem(article), when, authorIndexChange(undefined, article))
      await afterWrite({ next: article, at: article.updatedAt })
    },

    createEach: (articles) =>
      createEach(table, articles, {
        onError: onBackgroundError,
        afterCreated: async (stored) => {
          if (options.afterArticlesCreated) await options.afterArticlesCreated(table, stored)
          else if (options.afterArticleWrite) {
            const hook = options.afterArticleWrite
            await Promise.all(stored.map((next) => hook(table, { next }, onBackgroundError)))
          }
        },
      }),

    async replace(next, previous) {
      await Promise.all([prepareFeedStates(table, next), recordMonth(table, next)])
      await writeArticleItem(table, articleItem(next), over(previous), authorIndexChange(previous, next))
      await afterWrite({ previous, next, at: lastWriteAt(next) })
    },

    async remove(previous, tombstone) {
      const index = authorIndexChange(previous, undefined)
      await writeArticleItem(table, tombstoneItem(tombstone), over(previous), index)
      await afterWrite({ previous, at: tombstone.deletedAt })
    },

    listByStatus: (query) => listByStatus(table, query),
    putAuthorProfile: (author, profile, at) => putAuthorProfile(table, author, profile, at),
  }
}

/** A write over `previous`: only while the stored item is that version of that article. */
function over(previous: Article): WriteCondition {
  return {
    condition: 'kind = :article AND version = :version',
    values: { ':article': { S: 'article' }, ':version': { N: String(previous.version) } },
    onFail: () =>
      new PreconditionFailedError(`article "${previous.slug}" changed since version ${previous.version}`),
  }
}
