import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import {
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import type { ArticleStore } from '../../lib/articles/article-store.ts'
import { scheduleName } from '../../lib/notify/schedule-name.ts'
import { atExpression } from '../../lib/notify/scheduler-alarms.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { articlePartitionPrefix, createTableInput } from '../../lib/store/table-definition.ts'
import { type FakeCloudFront, startFakeCloudFront } from '../support/fake-aws.ts'
import { LambdaInstance, webhookVerifier } from '../support/lambda-instance.ts'
import { type Moto, motoMissing, motoServerPath } from '../support/moto.ts'
import { createStreamReader, type LambdaStreamRecord, type StreamReader } from '../support/moto-stream.ts'
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
 * functions/notifier.ts bundled as the stack bundles it, run in its own `node` process, against
 * moto_server for everything it calls but CloudFront: the table and its stream (DynamoDB and
 * DynamoDB Streams), the site URL parameter (SSM), the webhook secret (Secrets Manager), the due
 * schedules (EventBridge Scheduler) and their dead-letter queue (SQS). Its stream batches are real
 * stream records, read from moto with GetShardIterator/GetRecords and handed over in the Lambda
 * event shape, as the event source mapping does.
 *
 * Not moto: CloudFront. moto completes an invalidation at once and ignores CallerReference reuse, so
 * the stand-in in fake-aws.ts keeps what the tests need of it (when the invalidation completed, the
 * reference each batch sent). tests/functions/notifier.test.ts keeps stand-ins for the failures moto
 * cannot be made to answer (a refused schedule, a refused invalidation).
 */

const site = 'https://news.example.com'
const secret = webhookSecret()
const group = 'NewsFeed-due'

/** What the event source mapping's filter lets through (cdk/constructs/notifier.ts): article items. */
function articleRecords(records: readonly LambdaStreamRecord[]): LambdaStreamRecord[] {
  return records.filter((r) => {
    const keys = r.dynamodb.Keys
    const pk = typeof keys === 'object' && keys !== null && 'pk' in keys ? keys.pk : undefined
    const s = typeof pk === 'object' && pk !== null && 'S' in pk ? pk.S : undefined
    return typeof s === 'string' && s.startsWith(articlePartitionPrefix)
  })
}

const webhookPayload = webhookVerifier(secret)

describe.skipIf(motoServerPath === undefined)('the notifier function against moto_server', () => {
  let dir: string
  let moto: Moto
  let dynamo: DynamoDBClient
  let scheduler: SchedulerClient
  let tableName: string
  let store: ArticleStore
  let stream: StreamReader
  let cloudFront: FakeCloudFront
  let hub: WebSubHub
  let receiver: WebhookReceiver
  let notifier: LambdaInstance
  let queueArn: string

  beforeAll(async () => {
    let runner: string
    ;({ dir, runner } = await writeNotifierRunner('notifier-moto-'))
    // Built with the stack's options once for the run (tests/support/stack-bundles.ts).
    let bundle: string
    ;[moto, cloudFront, hub, receiver, { entry: bundle }] = await Promise.all([
      sharedMoto(),
      startFakeCloudFront(),
      startWebSubHub(),
      startWebhookReceiver(),
      stackBundle('notifier'),
    ])
    const clientOptions = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials }
    dynamo = new DynamoDBClient(clientOptions)
    scheduler = new SchedulerClient(clientOptions)
    tableName = `articles-${randomUUID()}`
    // The table as the stack makes it: the shared definition, and a stream of both images.
    const { TableDescription: table } = await dynamo.send(
      new CreateTableCommand({
        ...createTableInput(tableName),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    )
    const streamArn = table?.LatestStreamArn
    if (streamArn === undefined) throw new Error('moto made the table without a stream')
    stream = createStreamReader(moto, streamArn)
    store = createDynamoArticleStore({ client: dynamo, tableName })

    const secrets = new SecretsManagerClient(clientOptions)
    const { ARN: secretArn } = await secrets.send(
      new CreateSecretCommand({ Name: `webhook-${randomUUID()}`, SecretString: secret }),
    )
    const ssm = new SSMClient(clientOptions)
    const parameter = '/NewsFeed/site-url'
    await ssm.send(new PutParameterCommand({ Name: parameter, Type: 'String', Value: site }))
    const sqs = new SQSClient(clientOptions)
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'NotifierFailures' }))
    const { Attributes: attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    )
    queueArn = attributes?.QueueArn ?? ''
    await scheduler.send(new CreateScheduleGroupCommand({ Name: group }))
    for (const client of [secrets, ssm, sqs]) client.destroy()

    notifier = await LambdaInstance.start(runner, bundle, {
      ...moto.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.endpoint,
      TABLE_NAME: tableName,
      SITE_URL_PARAMETER: parameter,
      DISTRIBUTION_ID: 'E2EXAMPLE0DIST',
      SCHEDULE_GROUP: group,
      SCHEDULER_ROLE_ARN: schedulerRoleArn,
      SCHEDULE_DLQ_ARN: queueArn,
      WEBSUB_HUBS: hub.url,
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET_ARN: secretArn ?? '',
    })
  }, 180_000)

  afterAll(async () => {
    notifier?.stop()
    dynamo?.destroy()
    scheduler?.destroy()
    await Promise.all([cloudFront?.close(), hub?.close(), receiver?.close()])
    await moto?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  // Every test reads only what it caused: the stream from where the last test stopped.
  beforeEach(async () => {
    await stream.next()
    cloudFront.invalidations.length = 0
    hub.pings.length = 0
    receiver.received.length = 0
  })

  const fresh = freshArticle

  async function replace(previous: Article, changes: Partial<Article>): Promise<Article> {
    const next = nextVersion(previous, changes)
    await store.replace(next, previous)
    return next
  }

  async function remove(previous: Article): Promise<void> {
    await store.remove(previous, tombstoneOf(previous))
  }

  it('announces real stream records once: a replay of the same records sends no invalidation, ping or webhook', async () => {
    const a = fresh({ slug: 'replay-a', categories: [{ slug: 'world', name: 'World' }] })
    const b = fresh({ slug: 'replay-b', categories: [{ slug: 'sport', name: 'Sport' }] })
    await store.create(a)
    await store.create(b)
    const a2 = await replace(a, { title: 'Replay A, updated' })
    await remove(b)
    const records = await stream.next()
    // The store's own items (feed states, registries) are on the stream too; the mapping filters them.
    expect(records.length).toBeGreaterThan(4)
    const batch = articleRecords(records)
    expect(batch.map((r) => r.eventName)).toEqual(['INSERT', 'INSERT', 'MODIFY', 'MODIFY'])

    expect(await notifier.invoke({ Records: batch })).toEqual({ batchItemFailures: [] })
    expect(cloudFront.invalidations).toHaveLength(1)
    // A deleted article may sit on any `?before=` page of the front page or a topic: everything goes.
    expect(cloudFront.invalidations[0]?.paths).toEqual(['/*'])
    expect(hub.pings).toHaveLength(1)
    expect(hub.pings[0]?.urls).toContain(`${site}/categories/sport/rss.xml`)
    const events = receiver.received.map((hook) => webhookPayload(hook.body, hook.headers))
    expect(events.map((e) => `${e.type} ${e.data.slug}`).sort()).toEqual([
      'article.deleted replay-b',
      'article.published replay-a',
      'article.published replay-b',
      'article.updated replay-a',
    ])

    // The event source mapping re-created: the whole stream again, from TRIM_HORIZON.
    const replay = articleRecords(await stream.fromTrimHorizon())
    expect(replay.map((r) => r.dynamodb.SequenceNumber)).toEqual(
      expect.arrayContaining(batch.map((r) => r.dynamodb.SequenceNumber)),
    )
    expect(await notifier.invoke({ Records: replay })).toEqual({ batchItemFailures: [] })
    expect(await notifier.invoke({ Records: batch })).toEqual({ batchItemFailures: [] })
    expect(cloudFront.invalidations).toHaveLength(1)
    expect(hub.pings).toHaveLength(1)
    expect(receiver.received).toHaveLength(4)

    // What the guard wrote never reaches the notifier: its items are outside the filter's prefix.
    const guardRecords = (await stream.next()).filter((r) =>
      JSON.stringify(r.dynamodb.Keys).includes('NOTIFIED#'),
    )
    expect(guardRecords.length).toBeGreaterThan(0)
    expect(articleRecords(guardRecords)).toEqual([])
    const { Items: guards = [] } = await dynamo.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': { S: 'NOTIFIED#' } },
      }),
    )
    expect(guards.map((item) => item.changeV?.N).sort()).toEqual(['2', '2'])

    // A new version after the replay is announced as ever.
    await replace(a2, { title: 'Replay A, again' })
    const next = articleRecords(await stream.next())
    expect(next).toHaveLength(1)
    await notifier.invoke({ Records: next })
    expect(cloudFront.invalidations).toHaveLength(2)
    expect(hub.pings).toHaveLength(2)
    const last = receiver.received.at(-1)
    expect(last && webhookPayload(last.body, last.headers)).toMatchObject({
      type: 'article.updated',
      data: { slug: 'replay-a', title: 'Replay A, again' },
    })
  })

  it('keeps one schedule per scheduled article in Scheduler: created, moved, deleted, with the dead-letter queue; a replay moves nothing back', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    const s = fresh({ slug: 'embargoed-moto', publishedAt: inAnHour })
    const name = scheduleName(s.slug)
    await store.create(s)
    const created = articleRecords(await stream.next())
    expect(await notifier.invoke({ Records: created })).toEqual({ batchItemFailures: [] })
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }))
    expect(schedule).toMatchObject({
      ScheduleExpression: atExpression(inAnHour),
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: notifierArn, RoleArn: schedulerRoleArn, DeadLetterConfig: { Arn: queueArn } },
    })
    expect(JSON.parse(schedule.Target?.Input ?? '')).toEqual({ due: s.slug, at: inAnHour })

    const inTwoHours = new Date(Date.now() + 7_200_000).toISOString()
    await replace(s, { publishedAt: inTwoHours })
    await notifier.invoke({ Records: articleRecords(await stream.next()) })
    const moved = await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }))
    expect(moved.ScheduleExpression).toBe(atExpression(inTwoHours))

    // The creation replayed: the schedule keeps the later time.
    await notifier.invoke({ Records: created })
    const kept = await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }))
    expect(kept.ScheduleExpression).toBe(atExpression(inTwoHours))

    const current = { ...s, publishedAt: inTwoHours, version: 2 }
    await replace(current, { status: 'draft' })
    await notifier.invoke({ Records: articleRecords(await stream.next()) })
    await expect(
      scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException)
    expect(cloudFront.invalidations).toEqual([])
    expect(hub.pings).toEqual([])
    expect(receiver.received).toEqual([])
  })

  it('announces a due article once, however often its schedule fires', async () => {
    const publishedAt = new Date(Date.now() + 1_500).toISOString()
    const d = fresh({ slug: 'due-moto', publishedAt, categories: [{ slug: 'later', name: 'Later' }] })
    await store.create(d)
    expect(await notifier.invoke({ due: d.slug, at: publishedAt })).toEqual({ due: d.slug })
    expect(hub.pings).toHaveLength(1)
    expect(receiver.received.map((h) => webhookPayload(h.body, h.headers).type)).toEqual([
      'article.published',
    ])
    // Scheduler delivers at least once: fired again, nothing goes out again.
    await notifier.invoke({ due: d.slug, at: publishedAt })
    expect(hub.pings).toHaveLength(1)
    expect(receiver.received).toHaveLength(1)
    expect(cloudFront.invalidations).toHaveLength(1)
  })
})

if (motoServerPath === undefined) {
  describe('the notifier function against moto_server', () => {
    it.skip(motoMissing, () => {})
  })
}
