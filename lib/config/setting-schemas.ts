import * as z from 'zod/mini'
import { ConfigError, parseSettings, parseUrl } from './parse-settings.ts'

/** Free text for feeds and pages: trimmed, at most 500 characters. */
export const textSetting = z.lazy(() =>
  z.string().check(z.trim(), z.maxLength(500, 'must be at most 500 characters')),
)

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
export const languageSetting = z.lazy(() =>
  z.string().check(
    z.trim(),
    z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, {
      error: (issue) => `must be a BCP 47 language tag such as "en" or "en-GB", not "${String(issue.input)}"`,
    }),
  ),
)

/** An absolute http(s) URL without query or fragment, returned without a trailing slash. */
export const baseUrlSetting = z.lazy(() =>
  z.pipe(
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
  ),
)

/** An absolute https URL (`SITE_ICON`): pages and feeds are read over https, so the icon must be too. */
export const httpsUrlSetting = z.lazy(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.refine((text) => parseUrl(text)?.protocol === 'https:', {
        error: (issue) => `must be an absolute https URL, not "${String(issue.input)}"`,
      }),
    ),
    z.transform((text: string) => parseUrl(text)?.href ?? text),
  ),
)

/** A DynamoDB table name. */
export const tableNameSetting = z.lazy(() =>
  z.string().check(
    z.regex(/^[A-Za-z0-9_.-]{3,255}$/, {
      error: (issue) => `is not a valid DynamoDB table name: "${String(issue.input)}"`,
    }),
  ),
)

const tokenRule = 'each token must be at least 16 printable ASCII characters without spaces'

/**
 * Bearer tokens, comma-separated (hold `new,old` while publishers switch over), each at least 16
 * printable ASCII characters. The same rule for `PUBLISH_TOKEN` and for the Secrets Manager value.
 */
export const publishTokensSetting = z.lazy(() =>
  z.pipe(
    z.transform((text: string) =>
      text
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== ''),
    ),
    z.array(z.string().check(z.minLength(16, tokenRule), z.regex(/^[\x21-\x7e]+$/, tokenRule))),
  ),
)

/** A share from 0 to 1, written as a decimal number. */
export const fractionSetting = z.lazy(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, {
        error: (issue) => `must be a number from 0 to 1, not "${String(issue.input)}"`,
      }),
    ),
    z.transform((digits: string) => Number(digits)),
  ),
)

/** A key for signing (the feeds' page cursors): at least 32 printable ASCII characters. */
export const secretKeySetting = z.lazy(() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(32, 'must be at least 32 printable ASCII characters without spaces'),
      z.regex(/^[\x21-\x7e]+$/, 'must be at least 32 printable ASCII characters without spaces'),
    ),
)

const urlListRule = 'must be comma-separated absolute http(s) URLs'

/**
 * Comma-separated absolute http(s) URLs without fragments (`WEBSUB_HUBS`, `WEBHOOK_URLS`), each once,
 * normalised as the WHATWG URL parser writes them (`https://Hub.Example.com` → `https://hub.example.com/`).
 */
export const urlListSetting = z.lazy(() =>
  z.pipe(
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
  ),
)

/** What the feeds carry by default (`FEED_CONTENT`): each item's `full` text, or its `summary` only. */
export const feedContentSetting = z.lazy(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.regex(/^(full|summary)$/, {
        error: (issue) => `must be full or summary, not "${String(issue.input)}"`,
      }),
    ),
    z.transform((text: string): 'full' | 'summary' => (text === 'summary' ? 'summary' : 'full')),
  ),
)

/** A Secrets Manager secret's ARN, as `aws secretsmanager describe-secret` prints it. */
export const secretArnSetting = z.lazy(() =>
  z.string().check(
    z.trim(),
    z.regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, {
      error: (issue) =>
        `must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>), not "${String(issue.input)}"`,
    }),
  ),
)

/** `true` or `false` (also yes/no). */
export const booleanSetting = z.lazy(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.regex(/^(true|false|yes|no)$/i, {
        error: (issue) => `must be true or false, not "${String(issue.input)}"`,
      }),
    ),
    z.transform((text: string) => /^(true|yes)$/i.test(text)),
  ),
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
