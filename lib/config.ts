import type { Site } from './site.ts'

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
  readonly dataDir?: string
  readonly tableName?: string
  readonly dynamoEndpoint?: string
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

/** Reads and checks the configuration; a wrong value throws a `ConfigError` naming the variable. */
export function readConfig(env: Env): Config {
  const port = readInteger(env, 'PORT', 3000, 0, 65535)
  const siteUrl = readUrl(env, 'SITE_URL', `http://localhost:${port}`)
  const feedPageSize = readInteger(env, 'FEED_PAGE_SIZE', 20, 1, 100)
  const language = readText(env, 'SITE_LANGUAGE', defaults.language)
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language)) {
    throw new ConfigError(
      `SITE_LANGUAGE must be a BCP 47 language tag such as "en" or "en-GB", not "${language}"`,
    )
  }
  const tokens = (env.PUBLISH_TOKEN ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
  for (const token of tokens) {
    if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) {
      throw new ConfigError(
        'PUBLISH_TOKEN: each token must be at least 16 printable ASCII characters without spaces',
      )
    }
  }
  return {
    port,
    site: {
      url: siteUrl,
      title: readText(env, 'SITE_TITLE', defaults.title),
      description: readText(env, 'SITE_DESCRIPTION', defaults.description),
      language,
      author: readText(env, 'SITE_AUTHOR', defaults.author),
    },
    feedPageSize,
    publishTokens: tokens,
    ...optional('cursorSecret', readCursorSecret(env)),
    ...optional('dataDir', env.DATA_DIR),
    ...optional('tableName', readTableName(env)),
    ...optional(
      'dynamoEndpoint',
      env.AWS_ENDPOINT_URL_DYNAMODB ? readUrl(env, 'AWS_ENDPOINT_URL_DYNAMODB', '') : undefined,
    ),
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]: string })
}

function readText(env: Env, name: string, fallback: string): string {
  const value = env[name]
  if (value === undefined || value.trim() === '') return fallback
  if (value.length > 500) throw new ConfigError(`${name} must be at most 500 characters`)
  return value.trim()
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`)
  const value = Number(raw.trim())
  if (value < min || value > max) throw new ConfigError(`${name} must be from ${min} to ${max}, not ${value}`)
  return value
}

function readUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, not "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an absolute http(s) URL, not "${raw}"`)
  }
  if (url.search || url.hash) throw new ConfigError(`${name} must not have a query or a fragment`)
  return url.href.replace(/\/+$/, '')
}

function readTableName(env: Env): string | undefined {
  const value = env.TABLE_NAME
  if (value === undefined || value === '') return undefined
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(value))
    throw new ConfigError(`TABLE_NAME is not a valid DynamoDB table name: "${value}"`)
  return value
}

function readCursorSecret(env: Env): string | undefined {
  const value = env.CURSOR_SECRET?.trim()
  if (value === undefined || value === '') return undefined
  if (value.length < 32 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError('CURSOR_SECRET must be at least 32 printable ASCII characters without spaces')
  }
  return value
}
