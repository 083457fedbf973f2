import * as v from 'valibot'

/** A setting that is wrong or missing: the message names it, and the process stops at start. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/*
 * The settings as valibot schemas, one per kind of value, shared with the CDK app (`cdk/settings.ts`),
 * which checks its `-c` context values with the same pieces. Each takes the raw text (`undefined`
 * or blank means "not set", so it parses to `undefined`) and says what is wrong without naming the
 * setting: the caller names it (`FEED_PAGE_SIZE` here, `feedPageSize` in the CDK app).
 *
 * valibot, not zod/mini, because every Lambda function reads its configuration at its cold start:
 * valibot's schemas are plain objects, where zod/mini builds each schema's parts with their methods
 * bound, and zod's core is 15 KB more to compile (docs/benchmarks.md, issue 20.7).
 */

/** A setting's schema: raw text in, its value out. */
export type SettingSchema<T> = v.GenericSchema<string, T>

/** Blank or absent text is "not set"; anything else goes through `schema`. */
export function optionalSetting<T>(schema: SettingSchema<T>) {
  return v.pipe(
    v.optional(v.string()),
    v.transform((raw) => (raw === undefined || raw.trim() === '' ? undefined : raw)),
    v.optional(schema),
  )
}

/**
 * Parses `input` with `schema`, or throws a `ConfigError` naming the setting of the first problem
 * (`FEED_PAGE_SIZE must be a whole number…`, `PUBLISH_TOKEN: each token must…`).
 */
export function parseSettings<T>(schema: v.GenericSchema<unknown, T>, input: unknown, name?: string): T {
  const result = v.safeParse(schema, input)
  if (result.success) return result.output
  const [issue] = result.issues
  // The setting is the object key; a list's element index (`PUBLISH_TOKEN.0`) would only confuse.
  const setting = name ?? String(issue.path?.[0]?.key ?? 'setting')
  const message = issue.message
  throw new ConfigError(/^(must|is) /.test(message) ? `${setting} ${message}` : `${setting}: ${message}`)
}

/** `text` as a URL, or `undefined` when it is not one. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
