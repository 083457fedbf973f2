import * as z from 'zod/mini'
import { isSlug } from './articles/slug.ts'
import type { PodcastSettings, Site } from './site.ts'

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

/** Where changes are announced: `WEBSUB_HUBS`, `WEBHOOK_URLS`, `WEBHOOK_SECRET`. Empty lists: off. */
export interface NotifySettings {
  /** WebSub hubs: pinged on every change, and named by every feed (`rel="hub"`). */
  readonly websubHubs: readonly string[]
  readonly webhookUrls: readonly string[]
  /** `whsec_<base64>`; absent when it comes from Secrets Manager (`webhookSecretArn`) or webhooks are off. */
  readonly webhookSecret?: string
  /** `WEBHOOK_SECRET_ARN`: the Secrets Manager secret holding the webhook secret (on AWS; the stack sets it). */
  readonly webhookSecretArn?: string
  /** `INVALIDATION`: what a change invalidates in CloudFront on AWS, `changed` paths (default) or `all`. */
  readonly invalidation: 'changed' | 'all'
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Readonly<Record<string, string | undefined>>

const defaults = {
  title: 'Newsroom',
  description: 'The latest news, as it is published.',
  language: 'en',
  author: 'Newsroom Desk',
}

/*
 * The settings as zod schemas, one per kind of value, shared with the CDK app (`cdk/settings.ts`),
 * which checks its `-c` context values with the same pieces. Each takes the raw text (`undefined`
 * or blank means "not set", so it parses to `undefined`) and says what is wrong without naming the
 * setting: the caller names it (`FEED_PAGE_SIZE` here, `feedPageSize` in the CDK app).
 */

/** Blank or absent text is "not set"; anything else goes through `schema`. */
export function optionalSetting<T>(schema: z.ZodMiniType<T, string>) {
  return z.pipe(
    z.transform((raw: string | undefined) => (raw === undefined || raw.trim() === '' ? undefined : raw)),
    z.optional(schema),
  )
}

/** Free text for feeds and pages: trimmed, at most 500 characters. */
export const textSetting = z.string().check(z.trim(), z.maxLength(500, 'must be at most 500 characters'))

/** A whole number from `min` to `max`, written in decimal digits. */
export function integerSetting(min: number, max: number) {
  return z.pipe(
    z.string().check(
      z.trim(),
      z.regex(/^\d+$/, {
        error: (issue) => `must be a whole number from ${min} to ${max}, not "${String(issue.input)}"`,
      }),
    ),
    z.pipe(
      z.transform((digits: string) => Number(digits)),
      z.number().check(
        z.refine((value) => value >= min && value <= max, {
          error: (issue) => `must be from ${min} to ${max}, not ${String(issue.input)}`,
        }),
      ),
    ),
  )
}

/** A BCP 47 language tag such as `en` or `en-GB`. */
export const languageSetting = z.string().check(
  z.trim(),
  z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, {
    error: (issue) => `must be a BCP 47 language tag such as "en" or "en-GB", not "${String(issue.input)}"`,
  }),
)

/** An absolute http(s) URL without query or fragment, returned without a trailing slash. */
export const baseUrlSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((text) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''), {
      error: (issue) => `must be an absolute http(s) URL, not "${String(issue.input)}"`,
      abort: true,
    }),
    z.refine(
      (text) => {
        const url = parseUrl(text)
        return url !== undefined && url.search === '' && url.hash === ''
      },
      { error: 'must not have a query or a fragment' },
    ),
  ),
  z.transform((text: string) => (parseUrl(text)?.href ?? text).replace(/\/+$/, '')),
)

/** An absolute https URL (`SITE_ICON`): pages and feeds are read over https, so the icon must be too. */
export const httpsUrlSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((text) => parseUrl(text)?.protocol === 'https:', {
      error: (issue) => `must be an absolute https URL, not "${String(issue.input)}"`,
    }),
  ),
  z.transform((text: string) => parseUrl(text)?.href ?? text),
)

/** A DynamoDB table name. */
export const tableNameSetting = z.string().check(
  z.regex(/^[A-Za-z0-9_.-]{3,255}$/, {
    error: (issue) => `is not a valid DynamoDB table name: "${String(issue.input)}"`,
  }),
)

const tokenRule = 'each token must be at least 16 printable ASCII characters without spaces'

/**
 * Bearer tokens, comma-separated (hold `new,old` while publishers switch over), each at least 16
 * printable ASCII characters. The same rule for `PUBLISH_TOKEN` and for the Secrets Manager value.
 */
export const publishTokensSetting = z.pipe(
  z.transform((text: string) =>
    text
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token !== ''),
  ),
  z.array(z.string().check(z.minLength(16, tokenRule), z.regex(/^[\x21-\x7e]+$/, tokenRule))),
)

/** A share from 0 to 1, written as a decimal number. */
export const fractionSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, {
      error: (issue) => `must be a number from 0 to 1, not "${String(issue.input)}"`,
    }),
  ),
  z.transform((digits: string) => Number(digits)),
)

/** A key for signing (the feeds' page cursors): at least 32 printable ASCII characters. */
export const secretKeySetting = z
  .string()
  .check(
    z.trim(),
    z.minLength(32, 'must be at least 32 printable ASCII characters without spaces'),
    z.regex(/^[\x21-\x7e]+$/, 'must be at least 32 printable ASCII characters without spaces'),
  )

const urlListRule = 'must be comma-separated absolute http(s) URLs'

/**
 * Comma-separated absolute http(s) URLs without fragments (`WEBSUB_HUBS`, `WEBHOOK_URLS`), each once,
 * normalised as the WHATWG URL parser writes them (`https://Hub.Example.com` → `https://hub.example.com/`).
 */
export const urlListSetting = z.pipe(
  z.transform((text: string) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
  z.pipe(
    z.array(
      z.string().check(
        z.refine((text) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''), {
          error: (issue) => `${urlListRule}; "${String(issue.input)}" is not one`,
          abort: true,
        }),
        z.refine((text) => parseUrl(text)?.hash === '', {
          error: (issue) => `"${String(issue.input)}" must not have a fragment`,
        }),
      ),
    ),
    z.transform((items: string[]) => [...new Set(items.map((item) => parseUrl(item)?.href ?? item))]),
  ),
)

const webhookSecretRule =
  'must be "whsec_" followed by the base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)'

/** Base64 (standard alphabet, padded) of 24 to 64 bytes: the key range Standard Webhooks asks for. */
function isWebhookKey(base64: string): boolean {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) return false
  const bytes = Buffer.from(base64, 'base64').length
  return bytes >= 24 && bytes <= 64
}

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 24 to 64 random bytes (`WEBHOOK_SECRET`). */
export const webhookSecretSetting = z.string().check(
  z.trim(),
  z.refine((text) => text.startsWith('whsec_') && isWebhookKey(text.slice('whsec_'.length)), {
    error: webhookSecretRule,
  }),
)

/** What the notifier invalidates in CloudFront per batch: the `changed` paths, or `all` (`/*`). */
export const invalidationSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.regex(/^(changed|all)$/, {
      error: (issue) => `must be changed or all, not "${String(issue.input)}"`,
    }),
  ),
  z.transform((text: string): 'changed' | 'all' => (text === 'all' ? 'all' : 'changed')),
)

/** What the feeds carry by default (`FEED_CONTENT`): each item's `full` text, or its `summary` only. */
export const feedContentSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.regex(/^(full|summary)$/, {
      error: (issue) => `must be full or summary, not "${String(issue.input)}"`,
    }),
  ),
  z.transform((text: string): 'full' | 'summary' => (text === 'summary' ? 'summary' : 'full')),
)

/**
 * An IANA time zone name such as `Europe/London` or `Asia/Dhaka` (`SITE_TIME_ZONE`), as the
 * runtime's tz data knows it, in its canonical spelling (`asia/dhaka` gives `Asia/Dhaka`).
 */
export const timeZoneSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((text) => /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(text) && isTimeZone(text), {
      error: (issue) =>
        `must be an IANA time zone name such as "Europe/London", "Asia/Dhaka" or "UTC", not "${String(issue.input).slice(0, 60)}"`,
    }),
  ),
  z.transform((text: string) => new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone),
)

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** A Secrets Manager secret's ARN, as `aws secretsmanager describe-secret` prints it. */
export const secretArnSetting = z.string().check(
  z.trim(),
  z.regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, {
    error: (issue) =>
      `must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>), not "${String(issue.input)}"`,
  }),
)

/** Comma-separated category slugs (`PODCAST_CATEGORIES`), each once. */
export const slugListSetting = z.pipe(
  z.transform((text: string) => [
    ...new Set(
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
  ]),
  z.array(
    z.string().check(
      z.refine(isSlug, {
        error: (issue) =>
          `must be comma-separated category slugs such as "podcast"; "${String(issue.input)}" is not one`,
      }),
    ),
  ),
)

/** The most topics the pages' navigation names (`SITE_NAV_TOPICS`): one row on a desktop, two on a phone. */
export const maxNavTopics = 12

/** Comma-separated category slugs for the pages' topic navigation (`SITE_NAV_TOPICS`), at most {@link maxNavTopics}. */
export const navTopicsSetting = z.pipe(
  slugListSetting,
  z.array(z.string()).check(
    z.maxLength(maxNavTopics, {
      error: `must name at most ${maxNavTopics} category slugs`,
    }),
  ),
)

/** One email address. */
export const emailSetting = z.string().check(
  z.trim(),
  z.regex(/^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/, {
    error: (issue) => `must be one email address such as podcasts@example.com, not "${String(issue.input)}"`,
  }),
)

/** Apple Podcasts' top-level categories (podcasters.apple.com/support/1691-apple-podcasts-categories). */
export const appleCategories = [
  'Arts',
  'Business',
  'Comedy',
  'Education',
  'Fiction',
  'Government',
  'Health & Fitness',
  'History',
  'Kids & Family',
  'Leisure',
  'Music',
  'News',
  'Religion & Spirituality',
  'Science',
  'Society & Culture',
  'Sports',
  'Technology',
  'True Crime',
  'TV & Film',
] as const

/** An Apple Podcasts category, optionally `> Subcategory` (`News > Politics`). */
export const itunesCategorySetting = z.pipe(
  z.string().check(
    z.trim(),
    z.refine((text) => (appleCategories as readonly string[]).includes(text.split('>')[0]?.trim() ?? ''), {
      error: (issue) =>
        `must be an Apple Podcasts category (${appleCategories.join(', ')}), optionally "> Subcategory", not "${String(issue.input)}"`,
    }),
  ),
  z.transform((text: string): readonly [string] | readonly [string, string] => {
    const [top = '', sub] = text.split('>').map((part) => part.trim())
    return sub ? [top, sub] : [top]
  }),
)

/** `true` or `false` (also yes/no). */
export const booleanSetting = z.pipe(
  z.string().check(
    z.trim(),
    z.regex(/^(true|false|yes|no)$/i, {
      error: (issue) => `must be true or false, not "${String(issue.input)}"`,
    }),
  ),
  z.transform((text: string) => /^(true|yes)$/i.test(text)),
)

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

const envSchema = z.object({
  PORT: optionalSetting(integerSetting(0, 65535)),
  SITE_URL: optionalSetting(baseUrlSetting),
  FEED_PAGE_SIZE: optionalSetting(integerSetting(1, 100)),
  SITE_TITLE: optionalSetting(textSetting),
  SITE_DESCRIPTION: optionalSetting(textSetting),
  SITE_LANGUAGE: optionalSetting(languageSetting),
  SITE_AUTHOR: optionalSetting(textSetting),
  SITE_ICON: optionalSetting(httpsUrlSetting),
  PUBLISH_TOKEN: optionalSetting(publishTokensSetting),
  CURSOR_SECRET: optionalSetting(secretKeySetting),
  REQUEST_LOG_SAMPLE_RATE: optionalSetting(fractionSetting),
  DATA_DIR: optionalSetting(z.string()),
  TABLE_NAME: optionalSetting(tableNameSetting),
  AWS_ENDPOINT_URL_DYNAMODB: optionalSetting(baseUrlSetting),
  WEBSUB_HUBS: optionalSetting(urlListSetting),
  WEBHOOK_URLS: optionalSetting(urlListSetting),
  WEBHOOK_SECRET: optionalSetting(webhookSecretSetting),
  WEBHOOK_SECRET_ARN: optionalSetting(secretArnSetting),
  INVALIDATION: optionalSetting(invalidationSetting),
  SEED_SAMPLE: optionalSetting(booleanSetting),
  PODCAST_CATEGORIES: optionalSetting(slugListSetting),
  PODCAST_OWNER_EMAIL: optionalSetting(emailSetting),
  PODCAST_IMAGE: optionalSetting(httpsUrlSetting),
  PODCAST_ITUNES_CATEGORY: optionalSetting(itunesCategorySetting),
  PODCAST_EXPLICIT: optionalSetting(booleanSetting),
  FEED_CONTENT: optionalSetting(feedContentSetting),
  SITE_TIME_ZONE: optionalSetting(timeZoneSetting),
  SITE_NAV_TOPICS: optionalSetting(navTopicsSetting),
})

/**
 * Parses `input` with `schema`, or throws a `ConfigError` naming the setting of the first problem
 * (`FEED_PAGE_SIZE must be a whole number…`, `PUBLISH_TOKEN: each token must…`).
 */
export function parseSettings<T>(schema: z.ZodMiniType<T>, input: unknown, name?: string): T {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const [issue] = result.error.issues
  // The setting is the object key; a list's element index (`PUBLISH_TOKEN.0`) would only confuse.
  const setting = name ?? String(issue?.path[0] ?? 'setting')
  const message = issue?.message ?? 'is not valid'
  throw new ConfigError(/^(must|is) /.test(message) ? `${setting} ${message}` : `${setting}: ${message}`)
}

/** Reads and checks the configuration; a wrong value throws a `ConfigError` naming the variable. */
export function readConfig(env: Env): Config {
  const settings = parseSettings(envSchema, env)
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

/** The podcast categories' settings; Apple lists no show without artwork and an owner's email. */
function podcastSettings(settings: z.output<typeof envSchema>): { podcast?: PodcastSettings } {
  const categories = settings.PODCAST_CATEGORIES ?? []
  if (categories.length === 0) return {}
  const { PODCAST_OWNER_EMAIL: ownerEmail, PODCAST_IMAGE: image } = settings
  if (ownerEmail === undefined) {
    throw new ConfigError(
      'PODCAST_OWNER_EMAIL must be set when PODCAST_CATEGORIES is: Apple Podcasts asks for it',
    )
  }
  if (image === undefined) {
    throw new ConfigError(
      "PODCAST_IMAGE must be set when PODCAST_CATEGORIES is: the https URL of the show's artwork (1400–3000 px square)",
    )
  }
  return {
    podcast: {
      categories,
      ownerEmail,
      image,
      itunesCategory: settings.PODCAST_ITUNES_CATEGORY ?? ['News'],
      explicit: settings.PODCAST_EXPLICIT ?? false,
    },
  }
}

function notifySettings(settings: z.output<typeof envSchema>): NotifySettings {
  const webhookUrls = settings.WEBHOOK_URLS ?? []
  const { WEBHOOK_SECRET: webhookSecret, WEBHOOK_SECRET_ARN: webhookSecretArn } = settings
  if (webhookUrls.length > 0 && webhookSecret === undefined && webhookSecretArn === undefined) {
    throw new ConfigError(
      'WEBHOOK_SECRET must be set when WEBHOOK_URLS is: webhooks are always signed (whsec_ followed by base64)',
    )
  }
  return {
    websubHubs: settings.WEBSUB_HUBS ?? [],
    webhookUrls,
    ...(webhookSecret !== undefined ? { webhookSecret } : {}),
    ...(webhookSecretArn !== undefined ? { webhookSecretArn } : {}),
    invalidation: settings.INVALIDATION ?? 'changed',
  }
}

/**
 * The webhook secret held in Secrets Manager. The stack generates it, and Secrets Manager can only
 * generate characters, not prefix them: so the value is `whsec_<base64>` or the base64 alone (as
 * Standard Webhooks libraries take it too), by `WEBHOOK_SECRET`'s rule otherwise. Returns it with
 * the prefix; `name` is what the error calls it.
 */
export function parseWebhookSecret(text: string, name: string): string {
  const trimmed = text.trim()
  return parseSettings(
    webhookSecretSetting,
    trimmed.startsWith('whsec_') ? trimmed : `whsec_${trimmed}`,
    name,
  )
}

/**
 * The publish tokens held in a secret (Secrets Manager), by the rule `PUBLISH_TOKEN` follows; unlike
 * the variable, an empty value is refused too, since nobody could publish with it.
 */
export function parsePublishTokens(text: string, name: string): readonly string[] {
  const tokens = parseSettings(publishTokensSetting, text, name)
  if (tokens.length === 0) throw new ConfigError(`${name} holds no token`)
  return tokens
}
