import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import type { ArticleStore } from '../../lib/articles/article-store.ts'
import { ConflictError, PreconditionFailedError } from '../../lib/articles/errors.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type EmbeddedDynamo, localClient, startDynalite } from '../support/dynalite.ts'
import { type DynamoProxy, startDynamoProxy } from '../support/dynamo-proxy.ts'
import { makeArticle } from '../support/make-article.ts'

let dynamo: EmbeddedDynamo
const open: { proxy: DynamoProxy; client: DynamoDBClient }[] = []

beforeAll(async () => {
  dynamo = await startDynalite()
})

afterEach(async () => {
  for (const { proxy, client } of open.splice(0)) {
    client.destroy()
    await proxy.close()
  }
})

afterAll(async () => {
  await dynamo?.close()
})

/** A store on a fresh table, reached through a proxy that can lose answers and return old items. */
async function fixture(returnOldItem: boolean): Promise<{ store: ArticleStore; proxy: DynamoProxy }> {
  const proxy = await startDynamoProxy(dynamo.endpoint, { returnOldItem })
  const client = localClient(proxy.endpoint, { maxAttempts: 2 })
  open.push({ proxy, client })
  const store = createDynamoArticleStore({
    client,
    tableName: await dynamo.createTable(),
    // A failed feed-state bump is swallowed by design; here it would be a bug.
    onBackgroundError: (error) => {
      throw error
    },
  })
  return { store, proxy }
}

/** The operations `run` sent, once the work before it is done. */
async function sentDuring(proxy: DynamoProxy, run: () => Promise<unknown>): Promise<string[]> {
  const from = proxy.sent.length
  await run()
  return proxy.sent.slice(from)
}

const edited = (article: Article, title: string): Article => ({
  ...article,
  title,
  updatedAt: '2025-03-11T04:00:00Z',
  version: article.version + 1,
})

describe.each([
  { store: 'DynamoDB (the old item comes with the error)', returnOldItem: true, readsAfterFailure: 0 },
  { store: 'dynalite (the error carries no item)', returnOldItem: false, readsAfterFailure: 1 },
])('conditional writes on $store', ({ returnOldItem, readsAfterFailure }) => {
  const reads = (sent: string[]) => sent.filter((operation) => operation === 'GetItem').length

  it('takes a write whose answer was lost, and whose retry met what it wrote, as done', async () => {
    const { store, proxy } = await fixture(returnOldItem)
    const v1 = makeArticle()
    proxy.loseNextAnswer('PutItem')
    const creating = await sentDuring(proxy, () => store.create(v1))
    // The article twice (the answer lost, then the retry), and once its author entry (author-index.ts).
    expect(creating.filter((operation) => operation === 'PutItem')).toHaveLength(3)
    expect(reads(creating)).toBe(readsAfterFailure)

    const v2 = edited(v1, 'Replaced once')
    proxy.loseNextAnswer('PutItem')
    expect(reads(await sentDuring(proxy, () => store.replace(v2, v1)))).toBe(readsAfterFailure)

    const tombstone = {
      slug: v1.slug,
      id: v1.id,
      deletedAt: '2025-03-11T05:00:00Z',
      version: 3,
      wasPublic: true,
    }
    proxy.loseNextAnswer('PutItem')
    expect(reads(await sentDuring(proxy, () => store.remove(v2, tombstone)))).toBe(readsAfterFailure)
    expect(await store.findBySlug(v1.slug)).toEqual(tombstone)
  })

  it('still refuses a create over another article and a replace of a version that moved on', async () => {
    const { store, proxy } = await fixture(returnOldItem)
    const first = makeArticle({ title: 'The first' })
    await store.create(first)
    const taken = await sentDuring(proxy, () =>
      expect(store.create(makeArticle({ slug: first.slug, title: 'The second' }))).rejects.toBeInstanceOf(
        ConflictError,
      ),
    )
    expect(reads(taken)).toBe(readsAfterFailure)

    const v2 = edited(first, 'Second')
    await store.replace(v2, first)
    const stale = await sentDuring(proxy, () =>
      expect(store.replace(edited(first, 'Based on the first'), first)).rejects.toBeInstanceOf(
        PreconditionFailedError,
      ),
    )
    expect(reads(stale)).toBe(readsAfterFailure)
    expect(await store.findBySlug(first.slug)).toEqual(v2)
  })

  it('refuses a replace that meets another writer’s article of the same version: only an equal item is its own', async () => {
    const { store } = await fixture(returnOldItem)
    const v1 = makeArticle()
    await store.create(v1)
    const ours = edited(v1, 'Ours')
    const theirs = edited(v1, 'Theirs')
    await store.replace(theirs, v1)
    await expect(store.replace(ours, v1)).rejects.toBeInstanceOf(PreconditionFailedError)
    expect(await store.findBySlug(v1.slug)).toEqual(theirs)
  })
})
