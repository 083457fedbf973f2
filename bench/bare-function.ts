import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { Hono } from 'hono'
import { toLambdaHandler } from '../functions/lambda-adapter.ts'
import type { AppEnv } from '../lib/http/app-base.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'

/**
 * The yardstick of the cold-start section: a bare Hono app and a DynamoDB client behind the same
 * adapter and bundling as the public function, answering one item. Issue 20.7 holds the public
 * function's import within 1.1× of this bundle's.
 */
const client = new DynamoDBClient(dynamoClientOptions)
const table = process.env.TABLE_NAME ?? 'table'
const app = new Hono<AppEnv>()
app.get('/:id', async (c) => {
  const found = await client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: c.req.param('id') } } }),
  )
  return found.Item ? c.json(found.Item) : c.notFound()
})

export const handler = toLambdaHandler(app)
