import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PreconditionFailedError } from '../../lib/articles/errors.ts'
import type { ArticleChange } from '../../lib/notify/change-effects.ts'
import { createCloudFrontInvalidator, maxWildcardPaths } from '../../lib/notify/cloudfront-invalidator.ts'
import { silentNotifyLogger } from '../../lib/notify/notify-logger.ts'
import { notifyOnWrite } from '../../lib/notify/notify-on-write.ts'
import { createTimerAlarms } from '../../lib/notify/timer-alarms.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { useDynalite } from '../support/dynalite.ts'
import { type FakeCloudFront, startFakeCloudFront } from '../support/fake-aws.ts'
import { makeArticle } from '../support/make-article.ts'

describe('notifyOnWrite', () => {
  const dynamo = useDynalite()

  it('hands each stored write’s previous and next state over after the write has answered, and nothing for a failed one', async () => {
    const store = createDynamoArticleStore({
      client: dynamo().client,
      tableName: await dynamo().createTable(),
    })
    const changes: ArticleChange[] = []
    let answered = 0
    const notifying = notifyOnWrite(
      store,
      (change) => {
        // Off the request path: the writer has its answer before the notifier hears of it.
        expect(answered).toBe(changes.length + 1)
        changes.push(change)
      },
      (error) => {
        throw error
      },
    )
    const first = makeArticle({ slug: 'harbour', version: 1 })
    await notifying.create(first)
    answered += 1
    const second = { ...first, title: 'Harbour, updated', version: 2 }
    await notifying.replace(second, first)
    answered += 1
    await expect(notifying.replace({ ...first, version: 2 }, first)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    )
    const tombstone = { slug: 'harbour', id: first.id, deletedAt: new Date().toISOString(), version: 3 }
    await notifying.remove(second, tombstone)
    answered += 1
    await expect.poll(() => changes.length).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(changes).toEqual([
      { previous: undefined, next: first },
      { previous: first, next: second },
      { previous: second, next: tombstone },
    ])
  })

  it('keeps a write that succeeded when the notifier throws', async () => {
    const store = createDynamoArticleStore({
      client: dynamo().client,
      tableName: await dynamo().createTable(),
    })
    const thrown: unknown[] = []
    const notifying = notifyOnWrite(
      store,
      () => {
        throw new Error('the notifier broke')
      },
      (error) => thrown.push(error),
    )
    const article = makeArticle({ slug: 'kept' })
    await notifying.create(article)
    expect(await store.findBySlug('kept')).toEqual(article)
    await expect.poll(() => thrown.map(String)).toEqual(['Error: the notifier broke'])
  })
})

describe('timer alarms', () => {
  it('go off at the due time with the slug and the time they were set for, once, and can be moved or removed', async () => {
    const fired: [string, string][] = []
    const alarms = createTimerAlarms((slug, dueAt) => fired.push([slug, dueAt]))
    const soon = new Date(Date.now() + 30).toISOString()
    await alarms.arm('a', soon)
    await alarms.arm('b', soon)
    await alarms.arm('c', new Date(Date.now() + 60_000).toISOString())
    await alarms.arm('b', new Date(Date.now() + 60).toISOString())
    await alarms.disarm('c')
    expect(alarms.armed().sort()).toEqual(['a', 'b'])
    await expect.poll(() => fired.length).toBe(2)
    expect(fired[0]).toEqual(['a', soon])
    expect(fired[1]?.[0]).toBe('b')
    expect(alarms.armed()).toEqual([])
    alarms.close()
  })

  it('wait in steps for a due time past what one timer can hold', async () => {
    let now = 0
    const fired: string[] = []
    const alarms = createTimerAlarms(
      (slug) => fired.push(slug),
      () => now,
    )
    // 40 days ahead: setTimeout would overflow and fire at once.
    now = 0
    await alarms.arm('far', new Date(40 * 86_400_000).toISOString())
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(fired).toEqual([])
    expect(alarms.armed()).toEqual(['far'])
    alarms.close()
  })
})

describe('the CloudFront invalidator', () => {
  let cloudFront: FakeCloudFront
  let client: CloudFrontClient
  beforeAll(async () => {
    cloudFront = await startFakeCloudFront()
    client = new CloudFrontClient({
      endpoint: cloudFront.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
  })
  afterAll(async () => {
    client?.destroy()
    await cloudFront?.close()
  })

  it('asks for /* instead when a batch would hold more wildcards than CloudFront runs at once', async () => {
    const invalidator = createCloudFrontInvalidator({
      client,
      distributionId: 'E1',
      logger: silentNotifyLogger,
    })
    const few = ['/', '/rss.xml*', '/atom.xml*', '/feed.json*', '/articles/a', '/articles/a.json']
    await invalidator.invalidate(few, 'ref-few')
    const many = [...few, ...Array.from({ length: maxWildcardPaths }, (_, i) => `/categories/c${i}/*`)]
    await invalidator.invalidate(many, 'ref-many')
    await invalidator.invalidate([...few, '/*'], 'ref-removal')
    expect(cloudFront.invalidations.map((i) => [i.callerReference, i.paths])).toEqual([
      ['ref-few', few],
      ['ref-many', ['/*']],
      ['ref-removal', ['/*']],
    ])
    expect(cloudFront.invalidations.every((i) => i.completedAt !== undefined)).toBe(true)
  })

  it('asks for /* for every batch when told to invalidate all, one billed path instead of seven or more', async () => {
    const invalidator = createCloudFrontInvalidator({
      client,
      distributionId: 'E1',
      logger: silentNotifyLogger,
      scope: 'all',
    })
    cloudFront.invalidations.length = 0
    await invalidator.invalidate(['/', '/rss.xml*', '/articles/a', '/articles/a.json'], 'ref-all')
    expect(cloudFront.invalidations.map((i) => [i.callerReference, i.paths])).toEqual([['ref-all', ['/*']]])
  })
})
