import * as v from 'valibot'
import { type Env, envNames } from './config/env-names.ts'
import {
  invalidationSetting,
  type NotifySettings,
  notifySettings,
  webhookSecretSetting,
} from './config/notify-config.ts'
import { navTopicsSetting, timeZoneSetting } from './config/page-settings.ts'
import { parseSettings, type SettingSchema } from './config/parse-settings.ts'
import {
  emailSetting,
  itunesCategorySetting,
  podcastSettings,
  slugListSetting,
} from './config/podcast-config.ts'
import {
  baseUrlSetting,
  booleanSetting,
  feedContentSetting,
  fractionSetting,
  httpsUrlSetting,
  integerSetting,
  languageSetting,
  publishTokensSetting,
  secretArnSetting,
  secretKeySetting,
  tableNameSetting,
  textSetting,
  urlListSetting,
} from './config/setting-schemas.ts'
import type { Site } from './site.ts'

// The pieces live in lib/config/; importers keep reaching them here.
export * from './config/env-names.ts'
export * from './config/notify-config.ts'
export * from './config/page-settings.ts'
export * from './config/parse-settings.ts'
export * from './config/podcast-config.ts'
export * from './config/setting-schemas.ts'

export interface Config {
  readonly port: number
  readonly site: Site
  readonly feedPageSize: number
  /** Bearer tokens accepted by the publish API; empty when they come from elsewhere (Secrets Manager). */
  readonly publishTokens: readonly string[]
  /**
   * `CURSOR_SECRET`: signs the feeds' page cursors; the same on every instance and across deploys,
   * or the links of pages already out stop working. `npm start` makes one up when it is absent.
   */
  readonly cursorSecret?: string
  /** `REQUEST_LOG_SAMPLE_RATE`: the share of answered requests (below 400) a function logs, 0 to 1. */
  readonly requestLogSampleRate?: number
  readonly dataDir?: string
  /** `SEED_SAMPLE`: whether `npm start` seeds the sample article into an empty table; absent: it does. */
  readonly seedSample?: boolean
  readonly tableName?: string
  readonly dynamoEndpoint?: string
  /** `WEBSUB_HUBS`, `WEBHOOK_URLS`, `WEBHOOK_SECRET`: where changes are announced (lib/notify). */
  readonly notify: NotifySettings
}

const defaults = {
  title: 'Newsroom',
  description: 'The latest news, as it is published.',
  language: 'en',
  author: 'Newsroom Desk',
}

/**
 * Each variable's schema, parsed when the variable is set: a function's environment sets a few of
 * them, and the rest cost nothing at its cold start.
 */
const envSettings = {
  [envNames.port]: () => integerSetting(0, 65535),
  [envNames.siteUrl]: () => baseUrlSetting,
  [envNames.feedPageSize]: () => integerSetting(1, 100),
  [envNames.siteTitle]: () => textSetting,
  [envNames.siteDescription]: () => textSetting,
  [envNames.siteLanguage]: () => languageSetting,
  [envNames.siteAuthor]: () => textSetting,
  [envNames.siteIcon]: () => httpsUrlSetting,
  [envNames.publishToken]: () => publishTokensSetting,
  [envNames.cursorSecret]: () => secretKeySetting,
  [envNames.requestLogSampleRate]: () => fractionSetting,
  [envNames.dataDir]: () => v.string(),
  [envNames.tableName]: () => tableNameSetting,
  [envNames.dynamoEndpoint]: () => baseUrlSetting,
  [envNames.websubHubs]: () => urlListSetting,
  [envNames.webhookUrls]: () => urlListSetting,
  [envNames.webhookSecret]: () => webhookSecretSetting,
  [envNames.webhookSecretArn]: () => secretArnSetting,
  [envNames.invalidation]: () => invalidationSetting,
  [envNames.seedSample]: () => booleanSetting,
  [envNames.podcastCategories]: () => slugListSetting,
  [envNames.podcastOwnerEmail]: () => emailSetting,
  [envNames.podcastImage]: () => httpsUrlSetting,
  [envNames.podcastItunesCategory]: () => itunesCategorySetting,
  [envNames.podcastExplicit]: () => booleanSetting,
  [envNames.feedContent]: () => feedContentSetting,
  [envNames.siteTimeZone]: () => timeZoneSetting,
  [envNames.siteNavTopics]: () => navTopicsSetting,
} satisfies Record<string, () => SettingSchema<unknown>>

type EnvSettings = {
  readonly [K in keyof typeof envSettings]?: v.InferOutput<ReturnType<(typeof envSettings)[K]>>
}

/** The variables of `envSettings` that are set (blank is unset), each parsed, in the table's order. */
function parseEnv(env: Env): EnvSettings {
  const table: Readonly<Record<string, () => SettingSchema<unknown>>> = envSettings
  const settings: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(table)) {
    const raw = env[name]
    if (raw !== undefined && raw.trim() !== '') settings[name] = parseSettings(schema(), raw, name)
  }
  // Each value is the output of its own variable's schema: what EnvSettings says, key by key.
  return settings as EnvSettings
}

/** Reads and checks the configuration; a wrong value throws a `ConfigError` naming the variable. */
export function readConfig(env: Env): Config {
  const settings = parseEnv(env)
  const port = settings.PORT ?? 3000
  return {
    port,
    site: {
      url: settings.SITE_URL ?? `http://localhost:${port}`,
      title: settings.SITE_TITLE ?? defaults.title,
      description: settings.SITE_DESCRIPTION ?? defaults.description,
      language: settings.SITE_LANGUAGE ?? defaults.language,
      author: settings.SITE_AUTHOR ?? defaults.author,
      ...(settings.SITE_ICON !== undefined ? { icon: settings.SITE_ICON } : {}),
      ...podcastSettings(settings),
      ...(settings.FEED_CONTENT === 'summary' ? { feedContent: 'summary' as const } : {}),
      ...(settings.SITE_TIME_ZONE !== undefined ? { timeZone: settings.SITE_TIME_ZONE } : {}),
      ...(settings.SITE_NAV_TOPICS !== undefined && settings.SITE_NAV_TOPICS.length > 0
        ? { navTopics: settings.SITE_NAV_TOPICS }
        : {}),
    },
    feedPageSize: settings.FEED_PAGE_SIZE ?? 20,
    publishTokens: settings.PUBLISH_TOKEN ?? [],
    ...(settings.CURSOR_SECRET !== undefined ? { cursorSecret: settings.CURSOR_SECRET } : {}),
    ...(settings.REQUEST_LOG_SAMPLE_RATE !== undefined
      ? { requestLogSampleRate: settings.REQUEST_LOG_SAMPLE_RATE }
      : {}),
    ...(settings.DATA_DIR !== undefined ? { dataDir: settings.DATA_DIR } : {}),
    ...(settings.SEED_SAMPLE !== undefined ? { seedSample: settings.SEED_SAMPLE } : {}),
    ...(settings.TABLE_NAME !== undefined ? { tableName: settings.TABLE_NAME } : {}),
    ...(settings.AWS_ENDPOINT_URL_DYNAMODB !== undefined
      ? { dynamoEndpoint: settings.AWS_ENDPOINT_URL_DYNAMODB }
      : {}),
    notify: notifySettings(settings),
  }
}
