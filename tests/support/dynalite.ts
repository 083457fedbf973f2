import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'
import { afterAll, beforeAll } from 'vitest'
import { embeddedStoreAuth } from '../../bin/embedded-store-auth.ts'
import { createTableInput } from '../../lib/store/table-definition.ts'

export interface EmbeddedDynamo {
  readonly endpoint: string
  readonly client: DynamoDBClient
  /** Creates a fresh table from the shared definition, waits until it is ACTIVE and returns its name. */
  createTable(name?: string): Promise<string>
  close(): Promise<void>
}

/**
 * A client of a local DynamoDB at `endpoint` (dynalite, a proxy in front of it): fixed region, dummy
 * credentials, and SigV4's headers without the hashing and signing, as `npm start` reaches its
 * embedded dynalite (bin/embedded-store-auth.ts): dynalite checks only that they are there, and the
 * signing was about a twentieth of the CPU of the suites over dynalite.
 */
export function localClient(endpoint: string, extra: ConstructorParameters<typeof DynamoDBClient>[0] = {}) {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...embeddedStoreAuth,
    ...extra,
  })
}

/** A client that gives up at once (one attempt, short timeouts), for tests that stop the store: the default one would retry with backoff for seconds. */
export function failFastClient(endpoint: string) {
  return localClient(endpoint, {
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
  })
}

let tableCounter = 0

/** Starts dynalite in memory on a free loopback port, reached through the real SDK. */
export async function startDynalite(): Promise<EmbeddedDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = localClient(endpoint)
  return {
    endpoint,
    client,
    async createTable(name) {
      tableCounter += 1
      const tableName = name ?? `test-${process.pid}-${tableCounter}-${Date.now().toString(36)}`
      await client.send(new CreateTableCommand(createTableInput(tableName)))
      // dynalite answers CREATING and turns the table ACTIVE on a timer, as DynamoDB does a moment
      // later; a read that overtakes the timer on a busy machine meets ResourceNotFoundException.
      await waitUntilTableExists(
        { client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
        { TableName: tableName },
      )
      return tableName
    },
    async close() {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * One dynalite for the test file that calls this at its top level: started before its first test,
 * closed after its last. The function it returns gives a test the running store.
 */
export function useDynalite(): () => EmbeddedDynamo {
  let dynamo: EmbeddedDynamo | undefined
  beforeAll(async () => {
    dynamo = await startDynalite()
  })
  afterAll(async () => {
    await dynamo?.close()
  })
  return () => {
    if (!dynamo) throw new Error('useDynalite() belongs at the top of a test file, outside any test')
    return dynamo
  }
}
