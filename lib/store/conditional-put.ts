import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { articleKey, docOf, type Item, type StoreTable, slugOf } from './item-keys.ts'
import { isConditionFailure, storeCall } from './store-errors.ts'

export interface WriteCondition {
  readonly condition: string
  readonly values: Item
  /** The error when the condition does not hold. */
  readonly onFail: () => Error
}

/**
 * Puts `item` if `when.condition` holds, else throws `when.onFail()`, unless the item stored is
 * exactly `item`: the SDK retries a write whose answer was lost, the retry then fails its own
 * condition, and that write landed. DynamoDB returns the item that failed the condition with the
 * error (`ALL_OLD`), so telling the two apart costs nothing; only when the error carries no item
 * (a store that does not return it, such as dynalite; on DynamoDB, no item at all) is it read.
 */
export async function putConditional(table: StoreTable, item: Item, when: WriteCondition): Promise<void> {
  try {
    await storeCall(() =>
      table.client.send(
        new PutItemCommand({
          TableName: table.name,
          Item: item,
          ConditionExpression: when.condition,
          ...(Object.keys(when.values).length > 0 && { ExpressionAttributeValues: when.values }),
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

export async function readStored(table: StoreTable, item: Item): Promise<Item | undefined> {
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
