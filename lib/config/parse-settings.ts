import * as z from 'zod/mini'

/** A setting that is wrong or missing: the message names it, and the process stops at start. */
export class ConfigError extends Error {
  override name = 'ConfigError'
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

/** `text` as a URL, or `undefined` when it is not one. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
