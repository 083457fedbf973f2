import { describe, expect, it } from 'vitest'
import type { Category } from '../../lib/articles/article.ts'
import { ConflictError } from '../../lib/articles/errors.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import type { HintedFeedState } from '../../lib/store/read-hints.ts'
import { localClient, useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

const now = new Date('2025-03-12T12:00:00.000Z')

const dynamo = useDynalite()

interface Fixture {
  readonly store: DynamoArticleStore
  /** The index of every Query sent since the last call, sorted. */
  takeQueriedIndexes(): string[]
  close(): void
}

/** A store on a fresh table, on a client of its own that notes which index each Query reads. */
async function fixture(): Promise<Fixture> {
  const client = localClient(dynamo().endpoint)
  let queried: string[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand' && 'IndexName' in args.input) {
        queried.push(String(args.input.IndexName))
      }
      return next(args)
    },
    { step: 'initialize', name: 'noteQueriedIndexes' },
  )
  const store = createDynamoArticleStore({ client, tableName: await dynamo().createTable() })
  return {
    store,
    takeQueriedIndexes() {
      const taken = queried.sort()
      queried = []
      return taken
    },
    close: () => client.destroy(),
  }
}

function category(slug: string): Category {
  return { slug, name: slug.toUpperCase() }
}

const everyCategoryIndex = Array.from({ length: 10 }, (_, i) => `category${i}`)

describe('feed states', () => {
  it('marks a category known from just before its first article is stored, even when that write then fails', async () => {
    const f = await fixture()
    const first = makeArticle({ categories: [category('world')] })
    await f.store.create(first)
    // Same slug, another category: the write is refused, after its feed-state hints were recorded.
    const refused = makeArticle({ slug: first.slug, categories: [category('nato')] })
    await expect(f.store.create(refused)).rejects.toBeInstanceOf(ConflictError)

    expect(await f.store.readFeedState('world')).toMatchObject({ version: 1, known: true })
    expect(await f.store.readFeedState('nato')).toMatchObject({ version: 0, known: true })
    expect(await f.store.readFeedState('never-used')).toEqual({ version: 0 })
    f.close()
  })

  it('gives no read hint for the site, whose feed reads one index anyway', async () => {
    const f = await fixture()
    await f.store.create(makeArticle())
    const site = await f.store.readFeedState()
    expect(site.known).toBe(true)
    expect(site.readHint).toBeUndefined()
    f.close()
  })

  it('reads only the category indexes its read hint names, for the same page and the same next due time', async () => {
    const f = await fixture()
    const fillers = [category('politics'), category('science')]
    const first = makeArticle({ publishedAt: '2025-03-12T10:00:00Z', categories: [category('world')] })
    const third = makeArticle({
      publishedAt: '2025-03-12T11:00:00Z',
      categories: [...fillers, category('world')],
    })
    const scheduled = makeArticle({
      publishedAt: '2025-03-12T15:00:00Z',
      categories: [...fillers, category('world')],
    })
    for (const article of [first, third, scheduled]) await f.store.create(article)
    const state = await f.store.readFeedState('world')
    expect(state.readHint ?? '').not.toBe('')
    f.takeQueriedIndexes()

    const unhinted = await f.store.listPublished({ now, limit: 10, category: 'world' })
    expect(f.takeQueriedIndexes()).toEqual(everyCategoryIndex)
    const hinted = await f.store.listPublished({ now, limit: 10, category: 'world', state })
    expect(f.takeQueriedIndexes()).toEqual(['category0', 'category2'])
    expect(hinted).toEqual(unhinted)
    expect(hinted.items.map((a) => a.slug)).toEqual([third.slug, first.slug])

    const nextDue = await f.store.nextScheduled({ now, category: 'world', state })
    expect(f.takeQueriedIndexes()).toEqual(['category0', 'category2'])
    expect(Date.parse(nextDue ?? '')).toBe(Date.parse('2025-03-12T15:00:00Z'))
    f.close()
  })

  it.each([
    ['another category’s hint', (worldHint: string) => worldHint],
    ['a hint it cannot read', () => 'not a hint'],
  ])('reads every category index when handed %s, and misses nothing', async (_, hintFor) => {
    const f = await fixture()
    const inWorld = makeArticle({ categories: [category('world')] })
    const inNato = makeArticle({ categories: [category('world'), category('nato')] })
    await f.store.create(inWorld)
    await f.store.create(inNato)
    const worldState = await f.store.readFeedState('world')
    const worldHint = worldState.readHint ?? ''
    f.takeQueriedIndexes()

    // The nato query handed a feed state whose hint is not one for nato.
    const state: HintedFeedState = { ...worldState, readHint: hintFor(worldHint) }
    const page = await f.store.listPublished({ now, limit: 10, category: 'nato', state })
    expect(page.items.map((a) => a.slug)).toEqual([inNato.slug])
    expect(f.takeQueriedIndexes()).toEqual(everyCategoryIndex)
    f.close()
  })
})
