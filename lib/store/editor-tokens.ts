import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { ConflictError } from '../articles/errors.ts'
import type { EditorStore } from '../desk/editors.ts'
import type { Item, StoreTable } from './item-keys.ts'
import { failedCondition, storeCall } from './store-errors.ts'

/*
 * Editor records: `pk = EDITOR#{key}`, `sk = E`, holding the name, the token's SHA-256 and when it
 * was added. Never the token itself. In no index; read by key only. Removing an editor removes the
 * hash (an UpdateItem: the publish function's role has no DeleteItem), which is what `find` needs.
 */

function editorKeyItem(key: string): Item {
  return { pk: { S: `EDITOR#${key}` }, sk: { S: 'E' } }
}

export function createDynamoEditorStore(table: StoreTable): EditorStore {
  return {
    async add(editor) {
      const failed = await failedCondition(() =>
        table.client.send(
          new PutItemCommand({
            TableName: table.name,
            Item: {
              ...editorKeyItem(editor.key),
              kind: { S: 'editor' },
              name: { S: editor.name },
              tokenHash: { S: editor.tokenHash },
              addedAt: { S: editor.addedAt },
            },
            ConditionExpression: 'attribute_not_exists(tokenHash)',
          }),
        ),
      )
      if (failed) throw new ConflictError(`an editor named "${editor.name}" exists: remove them first`)
    },

    async find(key) {
      const { Item: item } = await storeCall(() =>
        table.client.send(
          new GetItemCommand({ TableName: table.name, Key: editorKeyItem(key), ConsistentRead: true }),
        ),
      )
      const name = item?.name?.S
      const tokenHash = item?.tokenHash?.S
      const addedAt = item?.addedAt?.S
      if (name === undefined || tokenHash === undefined || addedAt === undefined) return undefined
      return { name, key, tokenHash, addedAt }
    },

    async remove(key) {
      const failed = await failedCondition(() =>
        table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: editorKeyItem(key),
            UpdateExpression: 'REMOVE tokenHash',
            ConditionExpression: 'attribute_exists(tokenHash)',
          }),
        ),
      )
      return failed === undefined
    },
  }
}
