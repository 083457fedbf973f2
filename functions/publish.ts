import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { readPublishConfig } from '../lib/config/function-configs.ts'
import { ConfigError, parsePublishTokens } from '../lib/config.ts'
import { deriveDeskKey } from '../lib/desk/desk-key.ts'
import { deskTimeZone } from '../lib/desk/desk-time-zone.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { createDeskListing } from '../lib/store/desk-listing-queries.ts'
import { syncDeskTerms } from '../lib/store/desk-terms.ts'
import { syncDeskTermsOfNew } from '../lib/store/desk-terms-of-new.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { createDynamoEditorStore } from '../lib/store/editor-tokens.ts'
import { createSubscriberDayStore } from '../lib/store/subscriber-days.ts'
import { createAppLogger, withLogContext } from './app-logger.ts'
import { cachedSecret } from './cached-secret.ts'
import { toLambdaHandler } from './lambda-adapter.ts'
import { readSiteUrl } from './site-url.ts'

/**
 * How long an instance trusts the secrets it read. Secrets Manager is asked once per instance and
 * then at most this often, so a revoked or rotated token stops (or starts) working within minutes
 * without a redeploy, at about one GetSecretValue per secret per instance per five minutes.
 */
const secretMaxAgeMs = 5 * 60_000

/** The header CloudFront adds on its way to this function (the stack sets the same name). */
const originVerifyHeader = 'X-Origin-Verify'

// The stack sets them all: TABLE_NAME, PUBLISH_TOKEN_SECRET_ARN, ORIGIN_VERIFY_SECRET_ARN.
const config = readPublishConfig(process.env)
const { publishTokenSecretArn: tokenSecretArn, originVerifySecretArn: originSecretArn } = config
const siteUrl = await readSiteUrl(process.env)
const logger = new Logger()
// Every write is worth its line (a few a minute at most): the publish function logs them all.
const appLogger = createAppLogger(logger, { requestSampleRate: config.requestLogSampleRate ?? 1 })
const dynamo = new DynamoDBClient(dynamoClientOptions)
const table = { client: dynamo, name: config.tableName }
const store = createDynamoArticleStore({
  client: dynamo,
  tableName: config.tableName,
  onBackgroundError: (error) => appLogger.error(error, { method: 'STORE', path: 'feed-state' }),
  afterArticleWrite: syncDeskTerms,
  afterArticlesCreated: syncDeskTermsOfNew,
})
// The store's fail-fast settings: a hung Secrets Manager answers 503 in seconds, not at the Lambda timeout.
const secrets = new SecretsManagerClient(dynamoClientOptions)
const readSecret = (secretId: string) => async () =>
  (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString

const tokens = cachedSecret({
  description: 'the publish token',
  read: readSecret(tokenSecretArn),
  // Comma-separated, each by PUBLISH_TOKEN's rule: hold `new,old` while publishers switch over.
  parse: (text) => parsePublishTokens(text, 'the publish token secret'),
  maxAgeMs: secretMaxAgeMs,
  onRefused: (error) => logger.error('secret refused', { error }),
})

const originSecret = originSecretArn
  ? cachedSecret({
      description: 'the origin secret',
      read: readSecret(originSecretArn),
      parse: (text) => {
        if (!/^[\x21-\x7e]{16,}$/.test(text)) {
          throw new ConfigError('the origin secret must be at least 16 printable ASCII characters')
        }
        return text
      },
      maxAgeMs: secretMaxAgeMs,
      onRefused: (error) => logger.error('secret refused', { error }),
    })
  : undefined

export const handler = withLogContext(
  logger,
  toLambdaHandler(
    createPublishApp({
      store,
      clock: () => new Date(),
      site: { ...config.site, url: siteUrl },
      tokens,
      ...(originSecret ? { originVerify: { header: originVerifyHeader, value: originSecret } } : {}),
      desk: {
        listing: createDeskListing(table),
        editors: createDynamoEditorStore(table),
        key: async () => deriveDeskKey((await tokens())[0] ?? ''),
        timeZone: deskTimeZone(config.siteTimeZone),
      },
      // GET /api/subscribers reads the SUBSCRIBERS# items (docs/subscribers.md).
      subscribers: createSubscriberDayStore(table),
      logger: appLogger,
    }),
  ),
)
