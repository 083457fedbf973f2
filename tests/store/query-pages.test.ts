import { BatchWriteItemCommand, type QueryCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it, vi } from 'vitest'
import type { Item } from '../../lib/store/item-keys.ts'
import { type PagedQuery, queryItems, queryPages } from '../../lib/store/query-pages.ts'
import { useDynalite } from '../support/dynalite.ts'

const dynamo = useDynalite()
const partition = 'PAGING#test'
const byPartition: PagedQuery = {
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': { S: partition } },
}

/** `count` items of about `bytes` each in one partition, sort keys k000, k001, … */
async function tableWith(count: number, bytes = 10) {
  const name = await dynamo().createTable()
  const items: Item[] = Array.from({ length: count }, (_, i) => ({
    pk: { S: partition },
    sk: { S: `k${String(i).padStart(3, '0')}` },
    body: { S: 'x'.repeat(bytes) },
  }))
  for (let i = 0; i < items.length; i += 25) {
    const PutRequests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    await dynamo().client.send(new BatchWriteItemCommand({ RequestItems: { [name]: PutRequests } }))
  }
  return { name, client: dynamo().client }
}

const keysOf = (items: readonly Item[]) => items.map((item) => item.sk?.S)

describe('queryPages: the pages of one Query, followed to the end or a bound', () => {
  it('follows LastEvaluatedKey past the 1 MB page until the Query is done', async () => {
    // 30 items of 100 KB: DynamoDB (and dynalite) end a page at 1 MB, so at least three pages.
    const table = await tableWith(30, 100_000)
    const pages = []
    for await (const page of queryPages(table, byPartition)) pages.push(page)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(pages.at(-1)?.lastKey).toBeUndefined()
    expect(keysOf(pages.flatMap((p) => p.items))).toEqual(
      Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(3, '0')}`),
    )
  })

  it('asks each page only for the items still wanted, and says there are more', async () => {
    const table = await tableWith(40)
    const send = vi.spyOn(table.client, 'send')
    const { items, more } = await queryItems(table, byPartition, { limit: 15 })
    expect(keysOf(items)).toHaveLength(15)
    expect(more).toBe(true)
    const limits = send.mock.calls.map(([command]) => (command as QueryCommand).input.Limit)
    expect(limits).toEqual([15])
    send.mockRestore()
  })

  it('starts after a given key, and reads nothing when nothing is wanted', async () => {
    const table = await tableWith(10)
    const after = { pk: { S: partition }, sk: { S: 'k006' } }
    const rest = await queryItems(table, byPartition, { startKey: after })
    expect(keysOf(rest.items)).toEqual(['k007', 'k008', 'k009'])
    expect(rest.more).toBe(false)
    const send = vi.spyOn(table.client, 'send')
    expect(await queryItems(table, byPartition, { limit: 0 })).toEqual({ items: [], more: false })
    expect(send).not.toHaveBeenCalled()
    send.mockRestore()
  })

  it('stops at maxPages whatever the data, saying the Query had more', async () => {
    const table = await tableWith(30, 100_000)
    const { items, more } = await queryItems(table, byPartition, { maxPages: 1 })
    expect(items.length).toBeGreaterThan(0)
    expect(items.length).toBeLessThan(30)
    expect(more).toBe(true)
  })

  it('maps a store that cannot answer to UnavailableError, as every store call does', async () => {
    const table = await tableWith(1)
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const send = vi.spyOn(table.client, 'send').mockRejectedValue(refused as never)
    await expect(queryItems(table, byPartition)).rejects.toMatchObject({ name: 'UnavailableError' })
    send.mockRestore()
  })
})
