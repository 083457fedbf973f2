import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { ConflictError } from '../../lib/articles/errors.ts'
import type { ArticleChange } from '../../lib/notify/change-effects.ts'
import { notifyOnWrite } from '../../lib/notify/notify-on-write.ts'
import { syncDeskTerms } from '../../lib/store/desk-terms.ts'
import { syncDeskTermsOfNew } from '../../lib/store/desk-terms-of-new.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { deskPartitionPrefix } from '../../lib/store/table-definition.ts'
import { localClient, useDynalite } from '../support/dynalite.ts'
import { archiveCategory, hourlyArchive } from '../support/make-article.ts'

const now = new Date('2025-03-12T12:00:00.000Z')
const dynamo = useDynalite()

/** `count` articles an hour apart, a draft every 10th, the last one scheduled after `now`. */
function archive(count: number, prefix: string): Article[] {
  return hourlyArchive(count, prefix, {
    now,
    scheduled: 1,
    vary: (n) => {
      const category = archiveCategory(n)
      return {
        title: `Story ${n} about ${category.name}`,
        authors: [{ name: n % 2 === 0 ? 'Desk Report' : 'Ana Núñez' }],
        categories: n % 2 === 0 ? [category] : [category, { slug: 'extra', name: 'Extra' }],
      }
    },
  })
}

async function table() {
  const client = localClient(dynamo().endpoint)
  const tableName = await dynamo().createTable()
  const errors: unknown[] = []
  const store = createDynamoArticleStore({
    client,
    tableName,
    onBackgroundError: (error) => errors.push(error),
    afterArticleWrite: syncDeskTerms,
    afterArticlesCreated: syncDeskTermsOfNew,
  })
  return { client, tableName, store, errors }
}

/** Every item that is not an article (feed states, registries, desk terms), minus what counts writes. */
async function sideItems(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }))
  return Items.filter((item) => item.kind?.S !== 'article')
    .map((item) => {
      const { version: _version, changedAt: _changedAt, ...rest } = item
      return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))))
    })
    .sort()
}

describe('createEach', () => {
  it('stores every article, leaving the feed states, registries and desk terms one create at a time would', async () => {
    const batched = await table()
    const oneByOne = await table()
    const articles = archive(40, 'each')
    expect(await batched.store.createEach(articles)).toEqual(articles.map(() => undefined))
    for (const article of articles) await oneByOne.store.create(article)

    for (const article of articles) expect(await batched.store.findBySlug(article.slug)).toEqual(article)
    expect(await sideItems(batched.client, batched.tableName)).toEqual(
      await sideItems(oneByOne.client, oneByOne.tableName),
    )
    expect((await sideItems(batched.client, batched.tableName)).some((i) => i.includes('DESK#word:s'))).toBe(
      true,
    )
    for (const scope of [undefined, 'world', 'extra']) {
      const state = await batched.store.readFeedState(scope)
      expect(state.version, `scope ${scope ?? 'site'}`).toBe(1)
      expect({ ...state, version: 0 }).toEqual({ ...(await oneByOne.store.readFeedState(scope)), version: 0 })
    }
    expect(await batched.store.listCategories(now)).toEqual(await oneByOne.store.listCategories(now))
    expect(await batched.store.listMonths(now)).toEqual(['2025-03'])
    const page = await batched.store.listPublished({ now, limit: 5 })
    expect(page.items.map((a) => a.slug)).toEqual(['each-0', 'each-1', 'each-2', 'each-3', 'each-4'])
    // Their author entries too, as one create at a time writes them.
    const byAuthor = async (t: typeof batched) =>
      (await t.store.listPublished({ now, limit: 50, author: 'desk-report' })).items.map((a) => a.slug)
    expect(await byAuthor(batched)).toEqual(await byAuthor(oneByOne))
    expect(batched.errors).toEqual([])
  }, 120_000)

  it('puts the desk terms and the author entries of a call 25 a BatchWriteItem, the articles alone one by one', async () => {
    const { client, store, errors } = await table()
    const sent: { command: string; input: Record<string, unknown> }[] = []
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> })
        return next(args)
      },
      { step: 'initialize' },
    )
    const articles = archive(30, 'terms')
    expect(await store.createEach(articles)).toEqual(articles.map(() => undefined))
    const batches = sent.filter((s) => s.command === 'BatchWriteItemCommand')
    const keys = batches.flatMap((s) =>
      Object.values(
        s.input.RequestItems as Record<string, { PutRequest?: { Item?: { pk?: { S?: string } } } }[]>,
      )
        .flat()
        .map((request) => request.PutRequest?.Item?.pk?.S),
    )
    const terms = keys.filter((key) => key?.startsWith(deskPartitionPrefix))
    const authorEntries = keys.filter((key) => key?.startsWith('AUTHOR#'))
    // One author entry per published article (27 of 30, each with one author), the rest desk terms.
    expect(authorEntries).toHaveLength(27)
    expect(terms).toHaveLength(keys.length - authorEntries.length)
    expect(terms.length).toBeGreaterThan(30 * 4)
    // Each article's category, author and title words, then the author entries: 25 a request.
    expect(batches).toHaveLength(Math.ceil(terms.length / 25) + Math.ceil(authorEntries.length / 25))
    // Single puts are the articles' own conditional writes only: dynalite has no transactions, and
    // their author entries follow them 25 a BatchWriteItem too (`article-write.ts`, `create-each.ts`).
    const puts = sent.filter((s) => s.command === 'PutItemCommand')
    expect(puts).toHaveLength(30)
    for (const put of puts) expect(put.input.ConditionExpression).toBe('attribute_not_exists(pk)')
    expect(errors).toEqual([])
  })

  it('fails the call when the author entries cannot be written, the articles standing', async () => {
    const { client, store } = await table()
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchWriteItemCommand' && JSON.stringify(args.input).includes('AUTHOR#'))
          throw new Error('entries refused')
        return next(args)
      },
      { step: 'initialize' },
    )
    const articles = archive(4, 'entries')
    await expect(store.createEach(articles)).rejects.toThrow('entries refused')
    for (const article of articles) expect(await store.findBySlug(article.slug)).toEqual(article)
  })

  it('answers a conflict for a taken slug, a deleted one and a repeat, storing the rest and overwriting nothing', async () => {
    const { store } = await table()
    const [live, deleted, ...fresh] = archive(6, 'taken')
    if (!live || !deleted) throw new Error('no articles')
    await store.create(live)
    await store.create(deleted)
    await store.remove(deleted, {
      slug: deleted.slug,
      id: deleted.id,
      deletedAt: now.toISOString(),
      version: 2,
    })
    const [first, second] = fresh
    if (!first || !second) throw new Error('no articles')
    const repeat = { ...first, id: 'urn:uuid:00000000-0000-4000-8000-00000000abcd', title: 'A repeat' }
    const outcomes = await store.createEach([
      { ...live, title: 'Overwritten?' },
      first,
      { ...deleted, title: 'Back from the dead?' },
      repeat,
      second,
    ])
    expect(outcomes.map((o) => o?.constructor)).toEqual([
      ConflictError,
      undefined,
      ConflictError,
      ConflictError,
      undefined,
    ])
    expect(outcomes[3]?.message).toMatch(/earlier article of this batch/)
    expect(await store.findBySlug(live.slug)).toEqual(live)
    expect(await store.findBySlug(deleted.slug)).toMatchObject({ deletedAt: now.toISOString() })
    expect(await store.findBySlug(first.slug)).toEqual(first)
    expect(await store.findBySlug(second.slug)).toEqual(second)
  })

  it('hands the creates of one call to the announcer together, once', async () => {
    const { store } = await table()
    const batches: (readonly ArticleChange[])[] = []
    const single: ArticleChange[] = []
    let delivered = () => {}
    const announced = new Promise<void>((resolve) => {
      delivered = resolve
    })
    const notifying = notifyOnWrite(
      store,
      (change) => single.push(change),
      (error) => {
        throw error
      },
      (changes) => {
        batches.push(changes)
        delivered()
      },
    )
    const [taken, ...rest] = archive(5, 'announced')
    if (!taken) throw new Error('no article')
    await store.create(taken)
    const outcomes = await notifying.createEach([{ ...taken, title: 'Another' }, ...rest])
    expect(outcomes[0]).toBeInstanceOf(ConflictError)
    await announced
    expect(single).toEqual([])
    expect(batches).toHaveLength(1)
    expect(batches[0]?.map((c) => c.next?.slug)).toEqual([
      'announced-1',
      'announced-2',
      'announced-3',
      'announced-4',
    ])
  })
})
