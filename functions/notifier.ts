import { AsyncLocalStorage } from 'node:async_hooks'
import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { Context } from 'aws-lambda'
import { readNotifierConfig } from '../lib/config/function-configs.ts'
import { ConfigError, parseWebhookSecret } from '../lib/config.ts'
import { createChangeHandler } from '../lib/notify/change-handler.ts'
import { createCloudFrontInvalidator } from '../lib/notify/cloudfront-invalidator.ts'
import { createNotifier } from '../lib/notify/notifier.ts'
import {
  handleStreamRecords,
  parseNotifierEvent,
  type StreamBatchResponse,
} from '../lib/notify/notifier-events.ts'
import { createSchedulerAlarms } from '../lib/notify/scheduler-alarms.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { createDynamoReplayGuard } from '../lib/store/dynamo-replay-guard.ts'
import { defaultFeedStateMaxAgeMs } from '../lib/store/memoize-feed-states.ts'
import { createNotifyLogger, lazyLogger, withLogContext } from './app-logger.ts'
import { cachedSecret } from './cached-secret.ts'
import { readSiteUrl } from './site-url.ts'

/*
 * The notifier: the table's stream (article changes) and EventBridge Scheduler (due times) in;
 * one CloudFront invalidation per batch, WebSub pings and signed webhooks out. Every setting below
 * is set by the stack.
 */

const config = readNotifierConfig(process.env)
// JSON lines with the request id and cold start, as the other functions log (Powertools).
const powertools = lazyLogger()
const logger = createNotifyLogger(powertools)

// Once per cold start: SITE_URL, or the SSM parameter the stack names.
const site = { ...config.site, url: await readSiteUrl(process.env) }
/**
 * Schedules invoke this function: by the ARN the current invocation was invoked by (the stack
 * cannot name a function's own ARN in its environment), held for the invocation, not in the module.
 */
const invocation = new AsyncLocalStorage<Context>()
function invokedArn(): string {
  const arn = invocation.getStore()?.invokedFunctionArn
  if (!arn) throw new Error('a schedule can only be armed while handling an invocation')
  return arn
}
const alarms = createSchedulerAlarms({
  client: new SchedulerClient({}),
  groupName: config.scheduleGroup,
  roleArn: config.schedulerRoleArn,
  targetArn: invokedArn,
  ...(config.scheduleDeadLetterArn !== undefined ? { deadLetterArn: config.scheduleDeadLetterArn } : {}),
})

/**
 * The signing secret, which the notifier asks at each announcement: WEBHOOK_SECRET, or the Secrets
 * Manager secret WEBHOOK_SECRET_ARN names, read at the cold start and again at most every five
 * minutes (as the publish function reads its token),
 * so a new value is used within minutes without a deploy, and a value that breaks the rule is
 * refused and logged while the last good one keeps signing.
 */
function webhookSecretSource(): (() => Promise<string> | string) | undefined {
  const { webhookUrls, webhookSecret, webhookSecretArn } = config.notify
  if (webhookUrls.length === 0) return undefined
  if (webhookSecret !== undefined) return () => webhookSecret
  // readConfig refuses WEBHOOK_URLS without one of the two.
  if (webhookSecretArn === undefined)
    throw new ConfigError('WEBHOOK_SECRET_ARN must be set with WEBHOOK_URLS')
  const client = new SecretsManagerClient({})
  return cachedSecret({
    description: 'the webhook secret',
    read: async () =>
      (await client.send(new GetSecretValueCommand({ SecretId: webhookSecretArn }))).SecretString,
    parse: (text) => parseWebhookSecret(text, 'the webhook secret (WEBHOOK_SECRET_ARN)'),
    maxAgeMs: 5 * 60_000,
    onRefused: (error) => logger.error('secret refused', { error: error.message }),
  })
}
const signingSecret = webhookSecretSource()

const dynamo = new DynamoDBClient(dynamoClientOptions)
const store = createDynamoArticleStore({ client: dynamo, tableName: config.tableName })
// A re-created event source mapping replays the stream from TRIM_HORIZON: nothing goes out twice.
const replayGuard = createDynamoReplayGuard({ client: dynamo, name: config.tableName })
const invalidator = createCloudFrontInvalidator({
  client: new CloudFrontClient({}),
  distributionId: config.distributionId,
  logger,
  scope: config.notify.invalidation,
})

const changes = createChangeHandler({
  store,
  site,
  clock: () => new Date(),
  notifier: createNotifier({
    site,
    websubHubs: config.notify.websubHubs,
    webhookUrls: config.notify.webhookUrls,
    ...(signingSecret !== undefined ? { webhookSecret: signingSecret } : {}),
    logger,
  }),
  alarms,
  invalidator,
  // The public function reuses a feed-state read this long: a hub must not fetch before it is over.
  settleMs: defaultFeedStateMaxAgeMs,
  logger,
  replayGuard,
})
// At the cold start: a secret that cannot be read fails the start, which the event source retries.
await signingSecret?.()

/** A stream batch answers which record to retry from; a due time throws when it must be retried. */
export const handler = withLogContext(
  powertools,
  async (event: unknown, context: Context): Promise<StreamBatchResponse | { readonly due: string }> => {
    const parsed = parseNotifierEvent(event)
    return invocation.run(context, async () => {
      if (parsed.kind === 'stream') return handleStreamRecords(parsed.records, changes, logger, invalidator)
      await changes.handleDue(parsed.slug, parsed.at)
      return { due: parsed.slug }
    })
  },
)
