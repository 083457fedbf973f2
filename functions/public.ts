import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { readPublicConfig } from '../lib/config/function-configs.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { createDynamoPublicReads } from '../lib/store/dynamo-public-reads.ts'
import { defaultFeedStateMaxAgeMs, memoizeFeedStateReads } from '../lib/store/memoize-feed-states.ts'
import { createAppLogger, lazyLogger, withLogContext } from './app-logger.ts'
import { toLambdaHandler } from './lambda-adapter.ts'
import { readSiteUrl } from './site-url.ts'

// The stack sets TABLE_NAME and CURSOR_SECRET: without them the function refuses to start.
const config = readPublicConfig(process.env)
// Once per cold start: SITE_URL, or the SSM parameter the stack names.
const siteUrl = await readSiteUrl(process.env)
const logger = lazyLogger()
const appLogger = createAppLogger(
  logger,
  config.requestLogSampleRate === undefined ? {} : { requestSampleRate: config.requestLogSampleRate },
)
// The store's read side alone: the public function writes nothing, so its bundle holds no write.
const store = memoizeFeedStateReads(
  createDynamoPublicReads({ client: new DynamoDBClient(dynamoClientOptions), tableName: config.tableName }),
  { maxAgeMs: defaultFeedStateMaxAgeMs },
)

export const handler = withLogContext(
  logger,
  toLambdaHandler(
    createPublicApp({
      store,
      clock: () => new Date(),
      site: { ...config.site, url: siteUrl },
      feedPageSize: config.feedPageSize,
      cursorKey: config.cursorSecret,
      websubHubs: config.notify.websubHubs,
      logger: appLogger,
    }),
  ),
)
