import { ConfigError, readConfig } from '../lib/config.ts'
import { lineNotifyLogger } from '../lib/notify/notify-logger.ts'
import { createConsoleLogger } from './console-logger.ts'
import { startLocalStack } from './local-stack.ts'

/** `npm start`: the whole product on one port with an embedded store. */
async function main() {
  // Node 20 is this machine's runtime; the SDK's notice about its future support is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  let config: ReturnType<typeof readConfig>
  try {
    config = readConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  const logger = createConsoleLogger()
  const stack = await startLocalStack({
    config,
    logger,
    // SEED_SAMPLE=false: start empty, e.g. to restore an export into it.
    seed: config.seedSample ?? true,
    host: process.env.HOST ?? '127.0.0.1',
    notifyLogger: lineNotifyLogger(),
  })
  const site = config.site.url
  const store = config.dynamoEndpoint
    ? `DynamoDB at ${config.dynamoEndpoint}`
    : `embedded dynalite (${config.dataDir ? `on disk in ${config.dataDir}` : 'in memory: set DATA_DIR to keep data'})`
  console.log(`
${config.site.title} is running on ${stack.url}  (store: ${store}, table ${stack.tableName})

  Front page   ${site}/
  RSS 2.0      ${site}/rss.xml
  Atom 1.0     ${site}/atom.xml
  JSON Feed    ${site}/feed.json
  Category     ${site}/categories/world/   (feeds: ${site}/categories/world/rss.xml …)
  Discovery    ${site}/feeds.opml  ${site}/sitemap.xml  ${site}/news-sitemap.xml  ${site}/robots.txt
  Article      ${site}/articles/${stack.seeded?.slug ?? '{slug}'}
  Health       ${site}/healthz
  Publish API  ${site}/api/articles   (OpenAPI: ${site}/api/openapi.json)

  Announcing   ${announcing(config.notify)}

  Publish token${stack.tokenGenerated ? ' (generated; set PUBLISH_TOKEN to choose one)' : ''}: ${stack.token}
  Try: curl -H "Authorization: Bearer ${stack.token}" ${site}/api/articles

Press Ctrl-C to stop.
`)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    await stack.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

function announcing(notify: ReturnType<typeof readConfig>['notify']): string {
  const hubs = notify.websubHubs.length
  const hooks = notify.webhookUrls.length
  if (hubs === 0 && hooks === 0) return 'off (set WEBSUB_HUBS and/or WEBHOOK_URLS with WEBHOOK_SECRET)'
  return `every change to ${hubs} WebSub hub${hubs === 1 ? '' : 's'} and ${hooks} webhook${hooks === 1 ? '' : 's'}`
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
