import { randomUUID } from 'node:crypto'
import {
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Article, Author } from '../../lib/articles/article.ts'
import { PreconditionFailedError } from '../../lib/articles/errors.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createTableInput } from '../../lib/store/table-definition.ts'
import { makeArticle } from '../support/make-article.ts'
import { type Moto, motoServerPath } from '../support/moto.ts'
import { sharedMoto } from '../support/shared-moto.ts'

/*
 * dynalite has no transactions; moto_server has them, so the all-or-nothing write of an article and
 * its author entries (`lib/store/article-write.ts`) is checked here, with the real SDK.
 */

const now = new Date('2025-03-12T12:00:00.000Z')

describe.skipIf(motoServerPath === undefined)(
  'author entries written in the article transaction (moto_server)',
  () => {
    let moto: Moto
    let client: DynamoDBClient
    let tables = 0
    beforeAll(async () => {
      moto = await sharedMoto()
      client = new DynamoDBClient({
        endpoint: moto.endpoint,
        region: moto.region,
        credentials: moto.credentials,
      })
    }, 60_000)
    afterAll(async () => {
      client?.destroy()
      await moto?.stop()
    })

    async function newStore(): Promise<{ store: DynamoArticleStore; tableName: string }> {
      tables += 1
      const tableName = `authors-${tables}`
      await client.send(new CreateTableCommand(createTableInput(tableName)))
      return { store: createDynamoArticleStore({ client, tableName }), tableName }
    }

    async function entries(tableName: string, author: string): Promise<string[]> {
      const output = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :a',
          ExpressionAttributeValues: { ':a': { S: `AUTHOR#${author}` } },
          ConsistentRead: true,
        }),
      )
      return (output.Items ?? []).map((item) => item.sk?.S ?? '')
    }

    function article(authors: readonly Author[], overrides: Partial<Article> = {}): Article {
      return makeArticle({
        id: `urn:uuid:${randomUUID()}`,
        slug: `story-${randomUUID().slice(0, 8)}`,
        authors,
        status: 'published',
        publishedAt: '2025-03-12T11:00:00.000Z',
        ...overrides,
      })
    }

    it('creates, replaces and removes the entries in one TransactWriteItems with the article', async () => {
      const { store, tableName } = await newStore()
      const send = vi.spyOn(client, 'send')
      try {
        const first = article([{ name: 'Ann One' }, { name: 'Bo Two' }])
        await store.create(first)
        expect(await entries(tableName, 'ann-one')).toEqual([`2025-03-12T11:00:00.000Z#${first.slug}`])
        expect(await entries(tableName, 'bo-two')).toHaveLength(1)

        const second = { ...first, authors: [{ name: 'Bo Two' }, { name: 'Cy Three' }], version: 2 }
        await store.replace(second, first)
        expect(await entries(tableName, 'ann-one')).toEqual([])
        expect(await entries(tableName, 'cy-three')).toHaveLength(1)
        expect((await store.listPublished({ now, limit: 5, author: 'cy-three' })).items).toEqual([second])

        await store.remove(second, {
          id: second.id,
          slug: second.slug,
          deletedAt: '2025-03-12T11:30:00.000Z',
          version: 3,
          wasPublic: true,
        })
        expect(await entries(tableName, 'bo-two')).toEqual([])
        expect(await entries(tableName, 'cy-three')).toEqual([])
        const transactions = send.mock.calls.filter(
          ([command]) => command instanceof TransactWriteItemsCommand,
        )
        expect(transactions).toHaveLength(3)
      } finally {
        send.mockRestore()
      }
    })

    it('changes no entry when the article write fails its condition', async () => {
      const { store, tableName } = await newStore()
      const first = article([{ name: 'Ann One' }])
      await store.create(first)
      const moved = { ...first, version: 2, title: 'Moved on' }
      await store.replace(moved, first)
      const stale = { ...first, authors: [{ name: 'Di Four' }], version: 2 }
      await expect(store.replace(stale, first)).rejects.toBeInstanceOf(PreconditionFailedError)
      expect(await entries(tableName, 'di-four')).toEqual([])
      expect(await entries(tableName, 'ann-one')).toHaveLength(1)
    })

    it('takes a create whose answer was lost and that is sent again for the write that landed', async () => {
      const { store, tableName } = await newStore()
      const first = article([{ name: 'Ann One' }])
      await store.create(first)
      await store.create(first)
      expect(await entries(tableName, 'ann-one')).toHaveLength(1)
      await expect(store.create({ ...first, title: 'Another' })).rejects.toThrow(/taken/)
    })
  },
)
