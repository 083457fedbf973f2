import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { handle } from 'hono/aws-lambda'
import { UnavailableError } from '../lib/articles/errors.ts'
import { ConfigError, readConfig } from '../lib/config.ts'
import { createPublishApp } from '../lib/http/create-publish-app.ts'
import { createJsonLogger } from '../lib/http/json-logger.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'

/**
 * How long an instance trusts the tokens it read. Secrets Manager is asked once per instance and
 * then at most this often, so a revoked or rotated token stops (or starts) working within minutes
 * without a redeploy, at about one GetSecretValue per instance per five minutes.
 */
const tokenMaxAgeMs = 5 * 60_000

const config = readConfig(process.env)
const logger = createJsonLogger()
const secretArn = process.env.PUBLISH_TOKEN_SECRET_ARN
// The stack sets all three. Without SITE_URL every Location and url would point at localhost.
if (!config.tableName) throw new ConfigError('TABLE_NAME must be set: the stack sets it on the function')
if (!process.env.SITE_URL) throw new ConfigError('SITE_URL must be set: the stack sets it on the function')
if (!secretArn)
  throw new ConfigError('PUBLISH_TOKEN_SECRET_ARN must be set: the stack sets it on the function')
const store = createDynamoArticleStore({
  client: new DynamoDBClient(dynamoClientOptions),
  tableName: config.tableName,
  onBackgroundError: (error) => logger.error(error, { method: 'STORE', path: 'feed-state' }),
})
const secrets = new SecretsManagerClient({})

export const handler = handle(
  createPublishApp({
    store,
    clock: () => new Date(),
    site: config.site,
    tokens: cachedTokens(async () => {
      const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))
      if (SecretString === undefined) throw new ConfigError('the publish token secret has no SecretString')
      // Comma-separated, like PUBLISH_TOKEN locally: hold `new,old` while publishers switch over.
      return SecretString.split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '')
    }, tokenMaxAgeMs),
    logger,
  }),
)

/**
 * Reads the tokens once, then again after `maxAgeMs`. A failed read is not remembered: the next
 * request tries again, and an instance that already holds tokens keeps them until a read succeeds.
 */
function cachedTokens(load: () => Promise<readonly string[]>, maxAgeMs: number) {
  let current: { readonly tokens: readonly string[]; readonly readAt: number } | undefined
  let pending: Promise<readonly string[]> | undefined
  return (): Promise<readonly string[]> | readonly string[] => {
    if (current && Date.now() - current.readAt < maxAgeMs) return current.tokens
    pending ??= load().then(
      (tokens) => {
        current = { tokens, readAt: Date.now() }
        pending = undefined
        return tokens
      },
      (error: unknown) => {
        pending = undefined
        if (current) return current.tokens
        // The client sees a 503 with Retry-After, and the cause is logged once with its stack.
        throw new UnavailableError('the publish token could not be read from Secrets Manager', {
          cause: error,
        })
      },
    )
    return pending
  }
}
