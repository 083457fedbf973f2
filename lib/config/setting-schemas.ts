import * as v from 'valibot'
import { ConfigError, parseSettings, parseUrl } from './parse-settings.ts'

/** The items of a comma-separated setting, trimmed, empty ones dropped (`a, b,,` → `a`, `b`). */
export function commaSeparated(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Free text for feeds and pages: trimmed, at most 500 characters. */
export const textSetting = v.pipe(v.string(), v.trim(), v.maxLength(500, 'must be at most 500 characters'))

/** A whole number from `min` to `max`, written in decimal digits. */
export function integerSetting(min: number, max: number) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, (issue) => `must be a whole number from ${min} to ${max}, not "${String(issue.input)}"`),
    v.transform((digits: string) => Number(digits)),
    v.check(
      (value: number) => value >= min && value <= max,
      (issue) => `must be from ${min} to ${max}, not ${String(issue.input)}`,
    ),
  )
}

/** A BCP 47 language tag such as `en` or `en-GB`. */
export const languageSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/,
    (issue) => `must be a BCP 47 language tag such as "en" or "en-GB", not "${String(issue.input)}"`,
  ),
)

/** An absolute http(s) URL without query or fragment, returned without a trailing slash. */
export const baseUrlSetting = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (text: string) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''),
    (issue) => `must be an absolute http(s) URL, not "${String(issue.input)}"`,
  ),
  v.check((text: string) => {
    const url = parseUrl(text)
    // Not a URL at all: the check before says so.
    return url === undefined || (url.search === '' && url.hash === '')
  }, 'must not have a query or a fragment'),
  v.transform((text: string) => (parseUrl(text)?.href ?? text).replace(/\/+$/, '')),
)

/** An absolute https URL (`SITE_ICON`): pages and feeds are read over https, so the icon must be too. */
export const httpsUrlSetting = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (text: string) => parseUrl(text)?.protocol === 'https:',
    (issue) => `must be an absolute https URL, not "${String(issue.input)}"`,
  ),
  v.transform((text: string) => parseUrl(text)?.href ?? text),
)

/** A DynamoDB table name. */
export const tableNameSetting = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9_.-]{3,255}$/,
    (issue) => `is not a valid DynamoDB table name: "${String(issue.input)}"`,
  ),
)

const tokenRule = 'each token must be at least 16 printable ASCII characters without spaces'

/**
 * Bearer tokens, comma-separated (hold `new,old` while publishers switch over), each at least 16
 * printable ASCII characters. The same rule for `PUBLISH_TOKEN` and for the Secrets Manager value.
 */
export const publishTokensSetting = v.pipe(
  v.string(),
  v.transform(commaSeparated),
  v.array(v.pipe(v.string(), v.minLength(16, tokenRule), v.regex(/^[\x21-\x7e]+$/, tokenRule))),
)

/** A share from 0 to 1, written as a decimal number. */
export const fractionSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/,
    (issue) => `must be a number from 0 to 1, not "${String(issue.input)}"`,
  ),
  v.transform((digits: string) => Number(digits)),
)

const secretKeyRule = 'must be at least 32 printable ASCII characters without spaces'

/** A key for signing (the feeds' page cursors): at least 32 printable ASCII characters. */
export const secretKeySetting = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(32, secretKeyRule),
  v.regex(/^[\x21-\x7e]+$/, secretKeyRule),
)

const urlListRule = 'must be comma-separated absolute http(s) URLs'

/**
 * Comma-separated absolute http(s) URLs without fragments (`WEBSUB_HUBS`, `WEBHOOK_URLS`), each once,
 * normalised as the WHATWG URL parser writes them (`https://Hub.Example.com` → `https://hub.example.com/`).
 */
export const urlListSetting = v.pipe(
  v.string(),
  v.transform(commaSeparated),
  v.array(
    v.pipe(
      v.string(),
      v.check(
        (text: string) => /^https?:$/.test(parseUrl(text)?.protocol ?? ''),
        (issue) => `${urlListRule}; "${String(issue.input)}" is not one`,
      ),
      v.check(
        // Not a URL at all: the check before says so.
        (text: string) => (parseUrl(text)?.hash ?? '') === '',
        (issue) => `"${String(issue.input)}" must not have a fragment`,
      ),
    ),
  ),
  v.transform((items: string[]) => [...new Set(items.map((item) => parseUrl(item)?.href ?? item))]),
)

/** What the feeds carry by default (`FEED_CONTENT`): each item's `full` text, or its `summary` only. */
export const feedContentSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(full|summary)$/, (issue) => `must be full or summary, not "${String(issue.input)}"`),
  v.transform((text: string): 'full' | 'summary' => (text === 'summary' ? 'summary' : 'full')),
)

/** A Secrets Manager secret's ARN, as `aws secretsmanager describe-secret` prints it. */
export const secretArnSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
    (issue) =>
      `must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>), not "${String(issue.input)}"`,
  ),
)

/** `true` or `false` (also yes/no). */
export const booleanSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(true|false|yes|no)$/i, (issue) => `must be true or false, not "${String(issue.input)}"`),
  v.transform((text: string) => /^(true|yes)$/i.test(text)),
)

/**
 * The publish tokens held in a secret (Secrets Manager), by the rule `PUBLISH_TOKEN` follows; unlike
 * the variable, an empty value is refused too, since nobody could publish with it.
 */
export function parsePublishTokens(text: string, name: string): readonly string[] {
  const tokens = parseSettings(publishTokensSetting, text, name)
  if (tokens.length === 0) throw new ConfigError(`${name} holds no token`)
  return tokens
}
