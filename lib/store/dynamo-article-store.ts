import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { type Article, lastWriteAt } from '../articles/article.ts'
import type { ArticleStore } from '../articles/article-store.ts'
import { ConflictError, PreconditionFailedError } from '../articles/errors.ts'
import { findBySlug, listByStatus, listPublished, nextScheduled } from './article-queries.ts'
import { bumpFeedStates, prepareFeedStates, readFeedState } from './feed-states.ts'
import {
  articleItem,
  articleKey,
  docOf,
  type Item,
  type StoreTable,
  slugOf,
  tombstoneItem,
} from './item-keys.ts'
import {
  listCategories,
  listCategoryPage,
  listMonths,
  recordMonth,
  syncCategoryRegistry,
} from './site-registry.ts'
import { listSitemapEntries } from './sitemap-queries.ts'
import { isConditionFailure, storeCall } from './store-errors.ts'

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
}

/**
 * The DynamoDB implementation of `ArticleStore`. Each write is one conditional put of the article's
 * item, between the feed-state hints it needs first and the feed-state bumps that follow it. Item
 * layout and cursors in `item-keys.ts`, reads in `article-queries.ts`, feed states in
 * `feed-states.ts`, error translation in `store-errors.ts`; the table in `table-definition.ts`.
 * Many new articles at once (seeding, a restore into an empty table): `createMany` in
 * `create-many.ts`, deliberately not on `ArticleStore`, since no use case of the domain may write
 * without a condition.
 */
export function createDynamoArticleStore(options: DynamoArticleStoreOptions): ArticleStore {
  const table: StoreTable = { client: options.client, name: options.tableName }
  const onBackgroundError = options.onBackgroundError ?? (() => {})
  /** The feed-state bumps, then the category registry with what they returned. */
  async function afterWrite(change: { previous?: Article; next?: Article; at: string }): Promise<void> {
    const oldStates = await bumpFeedStates(table, change, onBackgroundError)
    await syncCategoryRegistry(table, change, oldStates, onBackgroundError)
    await options.afterArticleWrite?.(table, change, onBackgroundError)
  }
  return {
    async create(article) {
      await Promise.all([prepareFeedStates(table, article), recordMonth(table, article)])
      await putConditional(table, articleItem(article), {
        condition: 'attribute_not_exists(pk) OR kind = :tombstone',
        values: { ':tombstone': { S: 'tombstone' } },
        onFail: () => new ConflictError(`the slug "${article.slug}" is taken`),
      })
      await afterWrite({ next: article, at: article.updatedAt })
    },

    async replace(next, previous) {
      await Promise.all([prepareFeedStates(table, next), recordMonth(table, next)])
      await putConditional(table, articleItem(next), over(previous))
      await afterWrite({ previous, next, at: lastWriteAt(next) })
    },

    async remove(previous, tombstone) {
      await putConditional(table, tombstoneItem(tombstone), over(previous))
      await afterWrite({ previous, at: tombstone.deletedAt })
    },

    findBySlug: (slug) => findBySlug(table, slug),
    listByStatus: (query) => listByStatus(table, query),
    listPublished: (query) => listPublished(table, query),
    nextScheduled: (query) => nextScheduled(table, query),
    readFeedState: (category) => readFeedState(table, category),
    listCategories: (now) => listCategories(table, now),
    listCategoryPage: (query) => listCategoryPage(table, query),
    listMonths: (now) => listMonths(table, now),
    listSitemapEntries: (query) => listSitemapEntries(table, query),
  }
}

interface WriteCondition {
  readonly condition: string
  readonly values: Item
  /** The error when the condition does not hold. */
  readonly onFail: () => Error
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

/**
 * Puts `item` if `when.condition` holds, else throws `when.onFail()`, unless the item stored is
 * exactly `item`: the SDK retries a write whose answer was lost, the retry then fails its own
 * condition, and that write landed. DynamoDB returns the item that failed the condition with the
 * error (`ALL_OLD`), so telling the two apart costs nothing; only when the error carries no item
 * (a store that does not return it, such as dynalite; on DynamoDB, no item at all) is it read.
 */
async function putConditional(table: StoreTable, item: Item, when: WriteCondition): Promise<void> {
  try {
    await storeCall(() =>
      table.client.send(
        new PutItemCommand({
          TableName: table.name,
          Item: item,
          ConditionExpression: when.condition,
          ExpressionAttributeValues: when.values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    )
  } catch (error) {
    if (!isConditionFailure(error)) throw error
    const stored = error.Item ?? (await readStored(table, item))
    if (docOf(stored) !== undefined && docOf(stored) === docOf(item)) return
    throw when.onFail()
  }
}

async function readStored(table: StoreTable, item: Item): Promise<Item | undefined> {
  const { Item: stored } = await storeCall(() =>
    table.client.send(
      new GetItemCommand({
        TableName: table.name,
        Key: articleKey(slugOf(item)),
        ProjectionExpression: 'doc',
        ConsistentRead: true,
      }),
    ),
  )
  return stored
}
