import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb'
import {
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import type { ArticleStore } from '../../lib/articles/article-store.ts'
import { scheduleName } from '../../lib/notify/schedule-name.ts'
import { atExpression } from '../../lib/notify/scheduler-alarms.ts'
import { profileKey } from '../../lib/store/author-profiles.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type AwsProxy, startAwsProxy } from '../support/aws-proxy.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { type FakeCloudFront, startFakeCloudFront } from '../support/fake-aws.ts'
import { LambdaInstance, webhookVerifier } from '../support/lambda-instance.ts'
import { type Moto, motoMissing, motoServerPath } from '../support/moto.ts'
import {
  freshArticle,
  nextVersion,
  notifierArn,
  schedulerRoleArn,
  tombstoneOf,
  webhookSecret,
  writeNotifierRunner,
} from '../support/notifier-fixture.ts'
import { sharedMoto } from '../support/shared-moto.ts'
import { stackBundle } from '../support/stack-bundles.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'
import { startWebSubHub, type WebSubHub } from '../support/websub-hub.ts'

/**
 * functions/notifier.ts bundled with the stack's esbuild options and loaded in its own `node`
 * process as Lambda would, fed synthetic DynamoDB stream batches made from items the real store
 * wrote to dynalite, and Scheduler's due events. Scheduler and Secrets Manager are moto_server,
 * behind proxies that record each call and refuse the writes a test blocks (moto cannot be made to);
 * CloudFront is the stand-in of fake-aws.ts (moto completes invalidations at once and ignores
 * CallerReference reuse). The hub and the webhook endpoint are real HTTP servers. Real stream
 * records from moto's DynamoDB: notifier-moto.test.ts.
 */

const site = 'https://news.example.com'
/** The webhook secret as the stack generates it in Secrets Manager (notifier-fixture.ts). */
const secret = webhookSecret()
/** moto's ARN of the webhook secret, once created there. */
let secretArn = ''
const failureQueueArn = 'arn:aws:sqs:us-east-1:123456789012:NewsFeed-NotifierFailures'

type Image = Record<string, unknown>
let sequence = 1000

/** A stream record as the event source mapping hands it over (NEW_AND_OLD_IMAGES). */
function record(keys: Image, oldImage: Image | undefined, newImage: Image | undefined) {
  sequence += 1
  return {
    eventID: randomUUID().replaceAll('-', ''),
    eventName: oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: keys,
      ...(newImage ? { NewImage: newImage } : {}),
      ...(oldImage ? { OldImage: oldImage } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 1024,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:123456789012:table/NewsFeed-Articles/stream/2025-03-11T00:00:00.000',
  }
}

// Receivers use the value as Secrets Manager holds it: Standard Webhooks libraries take it without the prefix.
const webhookPayload = webhookVerifier(secret)

/** The Scheduler calls the notifier made, through the proxy in front of moto. */
function scheduleCalls(proxy: AwsProxy) {
  return proxy.calls
    .filter((c) => c.path.startsWith('/schedules/'))
    .map((c) => {
      const groupName = c.query.get('groupName')
      return {
        method: c.method,
        name: c.path.slice('/schedules/'.length),
        input: c.input,
        ...(groupName ? { groupName } : {}),
      }
    })
}

describe.skipIf(motoServerPath === undefined)('the notifier function', () => {
  let dir: string
  let dynamo: EmbeddedDynamo
  let tableName: string
  let store: ArticleStore
  let cloudFront: FakeCloudFront
  let moto: Moto
  let scheduler: AwsProxy
  let schedules: SchedulerClient
  let secrets: AwsProxy
  /** Schedule names whose every write the proxy refuses (AccessDenied): moto cannot be made to. */
  const refused = new Set<string>()
  let hub: WebSubHub
  let receiver: WebhookReceiver
  let notifier: LambdaInstance
  let bundledModules: string[] = []

  beforeAll(async () => {
    let runner: string
    ;({ dir, runner } = await writeNotifierRunner('notifier-'))
    // The entry and the options the stack bundles with (cdk/bundling.ts), built once for the run.
    const bundle = await stackBundle('notifier')
    bundledModules = Object.keys(bundle.metafile.inputs)
    ;[dynamo, cloudFront, hub, receiver, moto] = await Promise.all([
      startDynalite(),
      startFakeCloudFront(),
      startWebSubHub(),
      startWebhookReceiver(),
      sharedMoto(),
    ])
    // Secrets Manager and Scheduler are moto, behind proxies that record the calls (and refuse some).
    const clientOptions = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials }
    const secretsClient = new SecretsManagerClient(clientOptions)
    secretArn =
      (await secretsClient.send(new CreateSecretCommand({ Name: 'WebhookSecret', SecretString: secret })))
        .ARN ?? ''
    secretsClient.destroy()
    schedules = new SchedulerClient(clientOptions)
    await schedules.send(new CreateScheduleGroupCommand({ Name: 'NewsFeed-due' }))
    scheduler = await startAwsProxy(moto.endpoint, (call) => {
      const name = call.path.slice('/schedules/'.length)
      return call.path.startsWith('/schedules/') && refused.has(name)
        ? { status: 403, type: 'AccessDeniedException' }
        : undefined
    })
    secrets = await startAwsProxy(moto.endpoint)
    tableName = await dynamo.createTable()
    store = createDynamoArticleStore({ client: dynamo.client, tableName })
    notifier = await LambdaInstance.start(runner, bundle.entry, {
      // moto's region of this file, where the secret and the schedule group are.
      AWS_REGION: moto.region,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      TABLE_NAME: tableName,
      SITE_URL: site,
      DISTRIBUTION_ID: 'E2EXAMPLE0DIST',
      SCHEDULE_GROUP: 'NewsFeed-due',
      SCHEDULER_ROLE_ARN: schedulerRoleArn,
      WEBSUB_HUBS: hub.url,
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET_ARN: secretArn,
      SCHEDULE_DLQ_ARN: failureQueueArn,
    })
  }, 120_000)

  afterAll(async () => {
    notifier?.stop()
    schedules?.destroy()
    await Promise.all([
      cloudFront?.close(),
      scheduler?.close(),
      moto?.stop(),
      secrets?.close(),
      hub?.close(),
      receiver?.close(),
    ])
    await dynamo?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  // Every test reads only what it caused.
  beforeEach(() => {
    cloudFront.invalidations.length = 0
    scheduler.calls.length = 0
    hub.pings.length = 0
    receiver.received.length = 0
  })

  /** The item as the stream shows it: DynamoDB JSON, as GetItem returns it. */
  async function image(slug: string): Promise<Image> {
    const { Item } = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: `ARTICLE#${slug}` }, sk: { S: 'A' } } }),
    )
    if (!Item) throw new Error(`no item for ${slug}`)
    return streamJson(Item)
  }
  const keysOf = (slug: string) => ({ pk: { S: `ARTICLE#${slug}` }, sk: { S: 'A' } })

  const fresh = freshArticle

  async function created(article: Article) {
    await store.create(article)
    return record(keysOf(article.slug), undefined, await image(article.slug))
  }

  async function replaced(previous: Article, changes: Partial<Article>) {
    const before = await image(previous.slug)
    const next = nextVersion(previous, changes)
    await store.replace(next, previous)
    return { next, record: record(keysOf(previous.slug), before, await image(previous.slug)) }
  }

  async function removed(previous: Article) {
    const before = await image(previous.slug)
    await store.remove(previous, tombstoneOf(previous))
    return record(keysOf(previous.slug), before, await image(previous.slug))
  }

  it("drops an author's pages and feeds from the CDN when their profile changes, and announces nothing", async () => {
    await store.putAuthorProfile(
      'zoe-angstrom',
      { bio: 'Writes on ports.' },
      { version: 1, updatedAt: '2025-03-12T12:00:00Z' },
    )
    // The item as the store wrote it, by the key it writes: the stream's Keys and NewImage.
    const key = profileKey('zoe-angstrom')
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: key }))
    const article = await created(fresh({ slug: 'harbour-profile' }))
    const answer = await notifier.invoke({ Records: [record(key, undefined, Item), article] })
    expect(answer).toEqual({ batchItemFailures: [] })
    const paths = cloudFront.invalidations.flatMap((i) => i.paths)
    expect(paths).toContain('/authors/zoe-angstrom/*')
    // The profile announces nothing: the one ping is the article's.
    expect(hub.pings).toHaveLength(1)
    expect(hub.pings[0]?.urls.some((url) => url.includes('zoe-angstrom'))).toBe(false)
  })

  it('invalidates once for the batch (everything: one article was deleted), then pings the hub once and signs one webhook per change', async () => {
    const a = fresh({ slug: 'harbour-a', categories: [{ slug: 'world', name: 'World' }] })
    const b = fresh({ slug: 'harbour-b', categories: [{ slug: 'sport', name: 'Sport' }] })
    const insertA = await created(a)
    const insertB = await created(b)
    const update = await replaced(a, { title: 'Harbour A, updated' })
    const remove = await removed(b)
    const feedState = record({ pk: { S: 'FEED#site' }, sk: { S: 'F' } }, undefined, {
      pk: { S: 'FEED#site' },
      sk: { S: 'F' },
      version: { N: '4' },
    })

    const answer = await notifier.invoke({ Records: [insertA, feedState, insertB, update.record, remove] })
    expect(answer).toEqual({ batchItemFailures: [] })

    expect(cloudFront.invalidations).toHaveLength(1)
    const [invalidation] = cloudFront.invalidations
    expect(invalidation?.distributionId).toBe('E2EXAMPLE0DIST')
    expect(invalidation?.callerReference).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    // One article left view (deleted): it may sit on any `?before=` page of the front page or a topic,
    // which no narrower path reaches, so the batch invalidates everything (the exact paths of a batch
    // without a removal: tests/notify/change-effects.test.ts).
    expect(invalidation?.paths).toEqual(['/*'])

    expect(hub.pings).toHaveLength(1)
    const [ping] = hub.pings
    expect([...(ping?.urls ?? [])].sort()).toEqual(
      ['', '/categories/world', '/categories/sport', '/authors/desk-report']
        .flatMap((scope) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${site}${scope}/${file}`))
        .sort(),
    )
    // The hub fetches the feed through CloudFront as soon as it hears: only once the edge copy is gone.
    expect(ping?.receivedAt).toBeGreaterThan(invalidation?.completedAt ?? Number.POSITIVE_INFINITY)

    const events = receiver.received.map((hook) => webhookPayload(hook.body, hook.headers))
    expect(events.map((e) => `${e.type} ${e.data.slug}`).sort()).toEqual([
      'article.deleted harbour-b',
      'article.published harbour-a',
      'article.published harbour-b',
      'article.updated harbour-a',
    ])
    expect(events.find((e) => e.type === 'article.updated')?.data.title).toBe('Harbour A, updated')
    expect(new Set(receiver.received.map((h) => h.headers['webhook-id'])).size).toBe(4)
    expect(secrets.calls.map((c) => ({ target: c.target, secretId: c.input.SecretId }))).toEqual([
      { target: 'secretsmanager.GetSecretValue', secretId: secretArn },
    ])

    // The same batch again (a replay, or a retry after it was all handled): nothing goes out twice.
    receiver.received.length = 0
    await notifier.invoke({ Records: [insertA, feedState, insertB, update.record, remove] })
    expect(cloudFront.invalidations).toHaveLength(1)
    expect(hub.pings).toHaveLength(1)
    expect(receiver.received).toEqual([])
  })

  it('keeps one schedule per scheduled article: created, moved when its time moves, deleted when it stops being scheduled, announcing nothing', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    const s = fresh({ slug: 'embargoed-report', publishedAt: inAnHour })
    const name = scheduleName(s.slug)
    const answer = await notifier.invoke({ Records: [await created(s)] })
    expect(answer).toEqual({ batchItemFailures: [] })
    expect(scheduleCalls(scheduler).map((c) => `${c.method} ${c.name}`)).toEqual([`POST ${name}`])
    expect(name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/)
    expect(scheduleCalls(scheduler)[0]?.input).toMatchObject({
      GroupName: 'NewsFeed-due',
      ScheduleExpression: atExpression(inAnHour),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: notifierArn, RoleArn: schedulerRoleArn, DeadLetterConfig: { Arn: failureQueueArn } },
    })
    const { Target: target } = await schedules.send(
      new GetScheduleCommand({ Name: name, GroupName: 'NewsFeed-due' }),
    )
    expect(JSON.parse(target?.Input ?? '')).toEqual({ due: s.slug, at: inAnHour })
    // At the latest in the minute before the due time: Scheduler fires within the minute it names.
    const firesBy = Date.parse(`${atExpression(inAnHour).slice(3, -1)}Z`) + 60_000
    expect(firesBy).toBeLessThanOrEqual(Date.parse(inAnHour))
    expect(Date.parse(inAnHour) - firesBy).toBeLessThan(60_000)

    const inTwoHours = new Date(Date.now() + 7_200_000).toISOString()
    const moved = await replaced(s, { publishedAt: inTwoHours })
    await notifier.invoke({ Records: [moved.record] })
    expect(
      scheduleCalls(scheduler)
        .slice(1)
        .map((c) => `${c.method} ${c.name}`),
    ).toEqual([`POST ${name}`, `PUT ${name}`])
    expect(
      await schedules.send(new GetScheduleCommand({ Name: name, GroupName: 'NewsFeed-due' })),
    ).toMatchObject({
      ScheduleExpression: atExpression(inTwoHours),
    })

    const drafted = await replaced(moved.next, { status: 'draft' })
    await notifier.invoke({ Records: [drafted.record] })
    expect(scheduleCalls(scheduler).at(-1)).toMatchObject({
      method: 'DELETE',
      name,
      groupName: 'NewsFeed-due',
    })
    await expect(
      schedules.send(new GetScheduleCommand({ Name: name, GroupName: 'NewsFeed-due' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)

    expect(cloudFront.invalidations).toEqual([])
    expect(hub.pings).toEqual([])
    expect(receiver.received).toEqual([])
  })

  it('announces a scheduled article when its schedule fires, waiting out an early firing, and never before it is due', async () => {
    const dueMs = Date.now() + 1_500
    const dueAtPerf = performance.now() + 1_500
    const publishedAt = new Date(dueMs).toISOString()
    const d = fresh({ slug: 'due-soon', publishedAt, categories: [{ slug: 'later', name: 'Later' }] })
    await store.create(d)

    const answer = await notifier.invoke({ due: d.slug, at: publishedAt })
    expect(answer).toEqual({ due: d.slug })
    expect(hub.pings).toHaveLength(1)
    expect(hub.pings[0]?.urls).toContain(`${site}/categories/later/atom.xml`)
    expect(hub.pings[0]?.receivedAt).toBeGreaterThanOrEqual(dueAtPerf)
    expect(cloudFront.invalidations[0]?.paths).toEqual(
      expect.arrayContaining(['/articles/due-soon', '/categories/later/*']),
    )
    const [event] = receiver.received.map((h) => webhookPayload(h.body, h.headers))
    expect(event).toMatchObject({
      type: 'article.published',
      timestamp: publishedAt,
      data: { slug: 'due-soon' },
    })

    // Fired again (Scheduler delivers at least once): announced once only.
    await notifier.invoke({ due: d.slug, at: publishedAt })
    expect(receiver.received).toHaveLength(1)
    expect(hub.pings).toHaveLength(1)
  })

  it('announces nothing when a due article was made a draft meanwhile, and re-arms one moved later', async () => {
    const soon = new Date(Date.now() + 500).toISOString()
    const gone = fresh({ slug: 'withdrawn', publishedAt: soon, status: 'draft' })
    await store.create(gone)
    await notifier.invoke({ due: gone.slug, at: soon })

    const later = new Date(Date.now() + 3_600_000).toISOString()
    const postponed = fresh({ slug: 'postponed', publishedAt: later })
    await store.create(postponed)
    await notifier.invoke({ due: postponed.slug, at: soon })
    expect(scheduleCalls(scheduler).map((c) => `${c.method} ${c.name}`)).toEqual([
      `POST ${scheduleName('postponed')}`,
    ])
    expect(hub.pings).toEqual([])
    expect(receiver.received).toEqual([])
  })

  it('reports the first record whose schedule could not be written, having announced the ones before it', async () => {
    const first = fresh({ slug: 'first-ok', categories: [{ slug: 'one', name: 'One' }] })
    const blocked = fresh({
      slug: 'blocked-schedule',
      publishedAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const third = fresh({ slug: 'third-later', categories: [{ slug: 'three', name: 'Three' }] })
    refused.add(scheduleName(blocked.slug))
    const records = [await created(first), await created(blocked), await created(third)]

    const answer = await notifier.invoke({ Records: records })
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]?.dynamodb.SequenceNumber }] })
    expect(cloudFront.invalidations).toHaveLength(1)
    expect(cloudFront.invalidations[0]?.paths).toContain('/categories/one/*')
    expect(cloudFront.invalidations[0]?.paths).not.toContain('/categories/three/*')
    expect(hub.pings.flatMap((p) => p.urls)).not.toContain(`${site}/categories/three/rss.xml`)
    expect(receiver.received.map((h) => webhookPayload(h.body, h.headers).data.slug)).toEqual(['first-ok'])
  })

  it('reports the whole batch and pings no hub when CloudFront refuses the invalidation', async () => {
    const article = fresh({ slug: 'refused-invalidation' })
    const records = [await created(article)]
    cloudFront.refuseNext()
    const answer = await notifier.invoke({ Records: records })
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb.SequenceNumber }] })
    expect(hub.pings).toEqual([])
    expect(receiver.received).toEqual([])
  })

  it('reports a record it cannot read, after handling the ones before it', async () => {
    const ok = fresh({ slug: 'readable' })
    const good = await created(ok)
    const broken = record(keysOf('unreadable'), undefined, {
      ...keysOf('unreadable'),
      kind: { S: 'article' },
      doc: { S: '{"not": "an article"' },
    })
    const answer = await notifier.invoke({ Records: [good, broken] })
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: broken.dynamodb.SequenceNumber }] })
    expect(receiver.received.map((h) => webhookPayload(h.body, h.headers).data.slug)).toEqual(['readable'])
  })

  it("logs each delivery as one JSON line with the invocation's request id (Powertools)", async () => {
    const article = fresh({ slug: 'logged-delivery' })
    const records = [await created(article)]
    const logged = notifier.output.length
    await notifier.invoke({ Records: records })
    const lines = notifier.output
      .slice(logged)
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    const delivered = lines.filter((line) => line.message === 'notify: delivered')
    expect(delivered.map((line) => line.kind).sort()).toEqual(['webhook', 'websub'])
    for (const line of delivered) {
      expect(line).toMatchObject({ level: 'INFO', service: expect.any(String), target: expect.any(String) })
      expect(line.function_request_id).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('leaves the credential chain Lambda never uses out of the bundle, as the other functions do', () => {
    expect(bundledModules.some((m) => m.includes('@aws-sdk/client-scheduler/'))).toBe(true)
    expect(bundledModules.some((m) => m.includes('@aws-sdk/credential-provider-env/'))).toBe(true)
    const deadWeight = bundledModules.filter((m) =>
      /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\//.test(
        m,
      ),
    )
    expect(deadWeight).toEqual([])
  })

  it('refuses an event that is neither a stream batch nor a due time', async () => {
    await expect(notifier.invoke({ hello: 'world' })).rejects.toThrow(
      /neither a DynamoDB stream batch nor a due time/,
    )
  })
})

/** An SDK item as the stream's DynamoDB JSON: the same shapes for the S, N, NS and BOOL the table uses. */
function streamJson(item: Record<string, AttributeValue>): Image {
  const json: unknown = JSON.parse(JSON.stringify(item))
  return typeof json === 'object' && json !== null ? Object.fromEntries(Object.entries(json)) : {}
}

if (motoServerPath === undefined) {
  describe('the notifier function', () => {
    it.skip(motoMissing, () => {})
  })
}
