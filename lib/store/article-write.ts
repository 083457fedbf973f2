import {
  DeleteItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb'
import { UnavailableError } from '../articles/errors.ts'
import { putConditional, readStored, type WriteCondition } from './conditional-put.ts'
import { eachBounded } from './each-bounded.ts'
import { docOf, type Item, type StoreTable } from './item-keys.ts'
import { storeCall, translateStoreError } from './store-errors.ts'

/** The index entries that go with an article's write (`author-index.ts`). */
export interface IndexChange {
  readonly puts: readonly Item[]
  readonly deletes: readonly Item[]
}

/** Clients whose store has no transactions (dynalite answers `UnknownOperationException`). */
const withoutTransactions = new WeakSet<object>()

/**
 * Writes an article's item under `when` together with its index entries, all or nothing: one
 * `TransactWriteItems` (at most 41 items, `author-index.ts`). A write with no entry to change is the
 * one conditional put it always was. A retried transaction whose answer was lost is told apart from a
 * real conflict as `putConditional` does: DynamoDB returns the item that failed the condition.
 *
 * A store without transactions (dynalite, behind `npm start` and the tests) gets the article's put
 * and then its entries: not atomic, but the readers check each entry against its article
 * (`article-queries.ts`), so an entry left behind for a moment shows nothing wrong, only a shorter page.
 * There, with `putLater`, the entries to put are handed to it instead, for the caller to write with
 * other articles' entries (`createEach`: 25 a `BatchWriteItem`, not one `PutItem` each).
 */
export async function writeArticleItem(
  table: StoreTable,
  item: Item,
  when: WriteCondition,
  index: IndexChange,
  putLater?: (entries: readonly Item[]) => void,
): Promise<void> {
  if (index.puts.length === 0 && index.deletes.length === 0) return putConditional(table, item, when)
  if (!withoutTransactions.has(table.client)) {
    try {
      await table.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: table.name,
                Item: item,
                ConditionExpression: when.condition,
                ...(Object.keys(when.values).length > 0 && { ExpressionAttributeValues: when.values }),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            ...index.puts.map((entry) => ({ Put: { TableName: table.name, Item: entry } })),
            ...index.deletes.map((key) => ({ Delete: { TableName: table.name, Key: key } })),
          ],
        }),
      )
      return
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reason = error.CancellationReasons?.[0]
        if (reason?.Code !== 'ConditionalCheckFailed')
          throw new UnavailableError('the article store cancelled the write', { cause: error })
        const stored = reason.Item ?? (await readStored(table, item))
        if (docOf(stored) !== undefined && docOf(stored) === docOf(item)) return
        throw when.onFail()
      }
      if (!(error instanceof Error && error.name === 'UnknownOperationException'))
        throw translateStoreError(error)
      withoutTransactions.add(table.client)
    }
  }
  await putConditional(table, item, when)
  await eachBounded([...index.deletes], (Key) =>
    storeCall(() => table.client.send(new DeleteItemCommand({ TableName: table.name, Key }))),
  )
  if (putLater !== undefined) return putLater(index.puts)
  await eachBounded([...index.puts], (Item) =>
    storeCall(() => table.client.send(new PutItemCommand({ TableName: table.name, Item }))),
  )
}
