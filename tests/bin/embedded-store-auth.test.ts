import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedStoreAuth } from '../../bin/embedded-store-auth.ts'
import { startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

let dynamo: EmbeddedDynamo
const authorizations: string[] = []
let recorder: ReturnType<typeof createServer>
let recorderUrl = ''

beforeAll(async () => {
  dynamo = await startDynalite()
  // In front of dynalite: keeps each request's Authorization header, forwards the request as it is.
  recorder = createServer(async (req, res) => {
    authorizations.push(String(req.headers.authorization))
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(Buffer.from(chunk))
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value)
    }
    const answer = await fetch(dynamo.endpoint, { method: 'POST', headers, body: Buffer.concat(chunks) })
    res.writeHead(answer.status, Object.fromEntries(answer.headers))
    res.end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve))
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => recorder.close(resolve))
  await dynamo.close()
})

describe('the local stack’s client of its embedded store', () => {
  it('sends SigV4’s headers without signing, and dynalite takes the writes', async () => {
    authorizations.length = 0
    const client = new DynamoDBClient({
      endpoint: recorderUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      ...embeddedStoreAuth,
    })
    try {
      const table = await dynamo.createTable()
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, sk: { S: 'b' } } }))
      const { TableNames } = await client.send(new ListTablesCommand({}))
      expect(TableNames).toContain(table)
    } finally {
      client.destroy()
    }
    expect(authorizations).toHaveLength(2)
    for (const authorization of authorizations) {
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=unsigned$/,
      )
    }
  })

  it('signs every request to a DynamoDB at AWS_ENDPOINT_URL_DYNAMODB, as the SDK does on AWS', async () => {
    authorizations.length = 0
    const stack = await startLocalStack({
      config: readConfig({ PORT: '0', AWS_ENDPOINT_URL_DYNAMODB: recorderUrl, TABLE_NAME: 'signed' }),
      seed: false,
    })
    await stack.close()
    expect(authorizations.length).toBeGreaterThan(0)
    for (const authorization of authorizations) expect(authorization).toMatch(/, Signature=[0-9a-f]{64}$/)
  })
})
