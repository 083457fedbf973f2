import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ConfigError, readConfig } from '../lib/config.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { createJsonLogger } from '../lib/http/json-logger.ts'
import { toLambdaHandler } from '../lib/http/to-lambda-handler.ts'
import { createDynamoArticleStore } from '../lib/store/dynamo-article-store.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { defaultFeedStateMaxAgeMs, memoizeFeedStates } from '../lib/store/memoize-feed-states.ts'

const config = readConfig(process.env)
const logger = createJsonLogger()
// The stack sets both. Without SITE_URL every link would point at localhost and CloudFront would cache it.
if (!config.tableName) throw new ConfigError('TABLE_NAME must be set: the stack sets it on the function')
if (!process.env.SITE_URL) throw new ConfigError('SITE_URL must be set: the stack sets it on the function')
if (!config.cursorSecret)
  throw new ConfigError('CURSOR_SECRET must be set: the stack sets it on the function')
const store = memoizeFeedStates(
  createDynamoArticleStore({
    client: new DynamoDBClient(dynamoClientOptions),
    tableName: config.tableName,
    onBackgroundError: (error) => logger.error(error, { method: 'STORE', path: 'feed-state' }),
  }),
  { maxAgeMs: defaultFeedStateMaxAgeMs },
)

export const handler = toLambdaHandler(
  createPublicApp({
    store,
    clock: () => new Date(),
    site: config.site,
    feedPageSize: config.feedPageSize,
    cursorKey: config.cursorSecret,
    logger,
  }),
)
