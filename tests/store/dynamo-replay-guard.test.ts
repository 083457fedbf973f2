import { describe, expect, it } from 'vitest'
import { articleKey, changeMark } from '../../lib/notify/replay-guard.ts'
import { createDynamoReplayGuard } from '../../lib/store/dynamo-replay-guard.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'

describe('the replay guard in the table', () => {
  const dynamo = useDynalite()

  it('keeps the highest version recorded per article and lane, and never lowers it', async () => {
    const guard = createDynamoReplayGuard({ client: dynamo().client, name: await dynamo().createTable() })
    expect(await guard.recorded('change', ['a@1', 'b@1'])).toEqual(new Map())
    await guard.record('change', 'a@1', 3)
    await guard.record('change', 'a@1', 2)
    await guard.record('due', 'a@1', 1)
    await Promise.all([guard.record('change', 'b@1', 5), guard.record('change', 'b@1', 4)])
    expect(await guard.recorded('change', ['a@1', 'b@1', 'c@1', 'a@1'])).toEqual(
      new Map([
        ['a@1', 3],
        ['b@1', 5],
      ]),
    )
    expect(await guard.recorded('due', ['a@1', 'b@1'])).toEqual(new Map([['a@1', 1]]))
  })

  it('names an article by its id and creation, so one created again with the same id starts afresh', () => {
    const first = makeArticle({ id: 'urn:uuid:1', createdAt: '2025-03-11T00:00:00.000Z', version: 4 })
    const again = makeArticle({ id: 'urn:uuid:1', createdAt: '2025-03-12T00:00:00.000Z', version: 1 })
    expect(articleKey(first)).not.toBe(articleKey(again))
    const tombstone = { slug: first.slug, id: first.id, deletedAt: '2025-03-11T10:00:00.000Z', version: 5 }
    // A delete counts against the article it removed, at the tombstone's version.
    expect(changeMark({ previous: first, next: tombstone })).toEqual({ key: articleKey(first), version: 5 })
    expect(changeMark({ previous: tombstone, next: again })).toEqual({ key: articleKey(again), version: 1 })
    expect(changeMark({ previous: tombstone, next: undefined })).toBeUndefined()
  })
})
