import { describe, expect, it } from 'vitest'
import type { ArticleChange } from '../../lib/notify/change-effects.ts'
import { createChangeHandler, type DueAlarms } from '../../lib/notify/change-handler.ts'
import type { Announcement, Notifier } from '../../lib/notify/notifier.ts'
import { silentNotifyLogger } from '../../lib/notify/notify-logger.ts'
import type { ReplayGuard } from '../../lib/notify/replay-guard.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { createDynamoReplayGuard } from '../../lib/store/dynamo-replay-guard.ts'
import { useDynalite } from '../support/dynalite.ts'
import { makeArticle } from '../support/make-article.ts'
import { testSite } from '../support/make-feed-document.ts'

/** The change handler with the real guard in dynalite: what a replayed or retried batch does. */
describe('the change handler with a replay guard', () => {
  const dynamo = useDynalite()

  const alarms: DueAlarms = { leadMs: 60_000, async arm() {}, async disarm() {} }

  async function handlerWith(guard: (real: ReplayGuard) => ReplayGuard) {
    const tableName = await dynamo().createTable()
    const announced: Announcement[] = []
    const invalidated: string[][] = []
    const notifier: Notifier = {
      async announce(a) {
        announced.push(a)
      },
      async close() {},
    }
    const handler = createChangeHandler({
      store: createDynamoArticleStore({ client: dynamo().client, tableName }),
      site: testSite,
      clock: () => new Date(),
      notifier,
      alarms,
      invalidator: {
        async invalidate(paths) {
          invalidated.push([...paths])
        },
      },
      logger: silentNotifyLogger,
      replayGuard: guard(createDynamoReplayGuard({ client: dynamo().client, name: tableName })),
    })
    return { handler, announced, invalidated }
  }

  const now = new Date().toISOString()
  const v1 = makeArticle({ createdAt: now, updatedAt: now, publishedAt: '2025-03-11T09:19:00Z' })
  const v2 = { ...v1, title: 'Second version', version: 2, updatedAt: new Date(Date.now() + 1).toISOString() }
  const batch: ArticleChange[] = [
    { previous: undefined, next: v1 },
    { previous: v1, next: v2 },
  ]

  it('announces a batch once, and of a batch that overlaps it only the changes it did not hold', async () => {
    const { handler, announced, invalidated } = await handlerWith((real) => real)
    expect(await handler.handleChanges(batch.slice(0, 1))).toEqual({})
    expect(await handler.handleChanges(batch)).toEqual({})
    expect(await handler.handleChanges(batch)).toEqual({})
    expect(announced.map((a) => a.events.map((e) => `${e.type} ${e.article.version}`))).toEqual([
      ['article.published 1'],
      ['article.updated 2'],
    ])
    expect(invalidated).toHaveLength(2)
  })

  it('reports the whole batch, announcing nothing, when it cannot tell what was handled', async () => {
    const { handler, announced, invalidated } = await handlerWith((real) => ({
      ...real,
      async recorded() {
        throw new Error('the table is unreachable')
      },
    }))
    expect(await handler.handleChanges(batch)).toEqual({ failedAt: 0 })
    expect(announced).toEqual([])
    expect(invalidated).toEqual([])
  })

  it('still announces when it cannot record what it handled: a replay may repeat it, nothing is lost', async () => {
    const { handler, announced } = await handlerWith((real) => ({
      ...real,
      async record() {
        throw new Error('the table is unreachable')
      },
    }))
    expect(await handler.handleChanges(batch)).toEqual({})
    expect(await handler.handleChanges(batch)).toEqual({})
    expect(announced).toHaveLength(2)
  })
})
