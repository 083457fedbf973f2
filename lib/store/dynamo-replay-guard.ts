import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { ReplayGuard, ReplayLane } from '../notify/replay-guard.ts'
import { replayGuardKey, type StoreTable } from './item-keys.ts'
import { failedCondition, storeCall } from './store-errors.ts'

const attributeOf: Record<ReplayLane, string> = { change: 'changeV', due: 'dueV' }

/**
 * The notifier's replay guard in the articles table: one small item per article, holding the last
 * version of each lane handled. Reads are strongly consistent (a retry may follow a write within
 * the second); a record is one conditional UpdateItem that never lowers the version, so two
 * instances handling overlapping batches keep the higher one.
 */
export function createDynamoReplayGuard(table: StoreTable): ReplayGuard {
  return {
    async recorded(lane, keys) {
      const attribute = attributeOf[lane]
      const found = new Map<string, number>()
      // Per article, in parallel: a batch names at most the event source's batch size (100).
      await Promise.all(
        [...new Set(keys)].map(async (key) => {
          const { Item: item } = await storeCall(() =>
            table.client.send(
              new GetItemCommand({
                TableName: table.name,
                Key: replayGuardKey(key),
                ConsistentRead: true,
                ProjectionExpression: '#v',
                ExpressionAttributeNames: { '#v': attribute },
              }),
            ),
          )
          const version = Number(item?.[attribute]?.N)
          if (Number.isSafeInteger(version)) found.set(key, version)
        }),
      )
      return found
    },
    async record(lane, key, version) {
      // A failed condition: as high a version is recorded already, and there is nothing to do.
      await failedCondition(() =>
        table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: replayGuardKey(key),
            UpdateExpression: 'SET #v = :v',
            ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
            ExpressionAttributeNames: { '#v': attributeOf[lane] },
            ExpressionAttributeValues: { ':v': { N: String(version) } },
          }),
        ),
      )
    },
  }
}
