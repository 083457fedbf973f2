import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalStack } from '../../bin/local-stack.ts'
import { type StoreThread, startStoreThread } from '../../bin/store-thread.ts'
import { readConfig } from '../../lib/config.ts'
import { createTableInput } from '../../lib/store/table-definition.ts'
import { localClient } from '../support/dynalite.ts'
import { spawnNpmStart } from '../support/npm-start-process.ts'

const tempDirs: string[] = []
const threads: StoreThread[] = []
afterEach(async () => {
  for (const thread of threads.splice(0)) await thread.close()
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'store-thread-'))
  tempDirs.push(dir)
  return dir
}

async function started(path?: string): Promise<StoreThread> {
  const thread = await startStoreThread(path === undefined ? {} : { path })
  threads.push(thread)
  return thread
}

/** A client of the store thread that tries once. */
function clientOf(endpoint: string): DynamoDBClient {
  return localClient(endpoint, { maxAttempts: 1 })
}

const key = { pk: { S: 'thread-check' }, sk: { S: 'one' } }

async function putOne(endpoint: string): Promise<void> {
  const client = clientOf(endpoint)
  await client.send(new CreateTableCommand(createTableInput('articles')))
  // As on DynamoDB, a table takes writes once ACTIVE: on disk, dynalite gets there a moment later.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName: 'articles' })
  await client.send(new PutItemCommand({ TableName: 'articles', Item: { ...key, title: { S: 'kept' } } }))
  client.destroy()
}

async function getOne(endpoint: string): Promise<string | undefined> {
  const client = clientOf(endpoint)
  try {
    const { Item } = await client.send(new GetItemCommand({ TableName: 'articles', Key: key }))
    return Item?.title?.S
  } finally {
    client.destroy()
  }
}

/** Whether anything still accepts a connection at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(10_000) })
    return true
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code
    if (code === 'ECONNREFUSED') return false
    throw error
  }
}

describe('startStoreThread', () => {
  it('serves DynamoDB calls from a thread of its own, and refuses connections once closed', async () => {
    const thread = await started()
    expect(thread.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await putOne(thread.endpoint)
    expect(await getOne(thread.endpoint)).toBe('kept')
    await thread.close()
    await thread.close() // twice is harmless
    expect(await answers(thread.endpoint)).toBe(false)
  })

  it('keeps the tables on disk under its path across a restart', async () => {
    const dir = await tempDir()
    const first = await started(dir)
    await putOne(first.endpoint)
    await first.close()
    const second = await started(dir)
    expect(await getOne(second.endpoint)).toBe('kept')
  })

  it('answers item requests from the table as it is now, after the table is changed, deleted or created anew', async () => {
    // The thread keeps each active table's description parsed (bin/store-table-cache.cjs): a change must drop it.
    const thread = await started()
    const client = clientOf(thread.endpoint)
    const TableName = 'changing'
    const active = async () =>
      waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { TableName })
    const create = async (keyName: string) => {
      await client.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      )
      await active()
    }
    try {
      await create('pk')
      await client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'a' }, n: { N: '1' } } }))
      await client.send(
        new UpdateTableCommand({
          TableName,
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      )
      await active()
      const { Table } = await client.send(new DescribeTableCommand({ TableName }))
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PROVISIONED')
      const { Item: kept } = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } }))
      expect(kept?.n?.N).toBe('1')

      await client.send(new DeleteTableCommand({ TableName }))
      await expect(
        client.send(new GetItemCommand({ TableName, Key: { pk: { S: 'a' } } })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException)

      // The same name with another key: items are checked against the new key schema, not the old one.
      await create('id')
      await client.send(new PutItemCommand({ TableName, Item: { id: { S: 'b' } } }))
      await expect(client.send(new PutItemCommand({ TableName, Item: { pk: { S: 'c' } } }))).rejects.toThrow(
        /key/i,
      )
      const { Item } = await client.send(new GetItemCommand({ TableName, Key: { id: { S: 'b' } } }))
      expect(Item?.id?.S).toBe('b')
    } finally {
      client.destroy()
    }
  })

  it('says why when the store cannot start', async () => {
    const dir = await tempDir()
    const holder = await started(dir)
    // LevelDB allows one process-wide holder of a folder's lock.
    await expect(startStoreThread({ path: dir })).rejects.toThrow(/the store did not start/)
    await holder.close()
  })
})

describe('the local stack', () => {
  it('stops its store when it closes', async () => {
    const stack = await startLocalStack({ config: readConfig({ PORT: '0' }), seed: false })
    expect(await answers(stack.storeEndpoint)).toBe(true)
    await stack.close()
    expect(await answers(stack.storeEndpoint)).toBe(false)
  })

  it('npm start exits on Ctrl-C (SIGINT) with its store, and DATA_DIR keeps what it wrote', async () => {
    const dir = await tempDir()
    // bin/dev-server.ts with tsx's loader in one process, as `tsx` runs it but without the tsx CLI's
    // parent process: that one passes a SIGINT on, gives its child 2 × 30 ms to acknowledge it, then
    // kills it and exits 130 (tsx 4.23), which a machine loaded by a second test run outlasted.
    const started = spawnNpmStart({ DATA_DIR: dir })
    const url = await started.url
    const articles = (await (await fetch(`${url}/feed.json`)).json()) as { items: unknown[] }
    started.child.kill('SIGINT')
    expect(await started.exited).toBe(0)
    expect(started.output()).toContain('SIGINT: stopping')
    expect(articles.items).toHaveLength(1)
    // The sample article seeded by the process is there for the next start with that DATA_DIR, and
    // not seeded twice. That start in this process: a second `npm start` (3 s of CPU to load under
    // tsx) would prove only what the first did.
    const again = await startLocalStack({ config: readConfig({ PORT: '0', DATA_DIR: dir }) })
    try {
      expect(again.seeded).toBeUndefined()
      const kept = (await (await fetch(`${again.url}/feed.json`)).json()) as { items: unknown[] }
      expect(kept.items).toEqual(articles.items)
    } finally {
      await again.close()
    }
  }, 180_000)
})
