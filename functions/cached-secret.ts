import { UnavailableError } from '../lib/articles/errors.ts'
import { ConfigError } from '../lib/config.ts'

export interface CachedSecretOptions<T> {
  /** What the secret holds now (Secrets Manager's `SecretString`); `undefined` when it holds none. */
  readonly read: () => Promise<string | undefined>
  /** Checks the text; throws a `ConfigError` saying what is wrong (never quoting the value). */
  readonly parse: (text: string) => T
  /** How long a good value is trusted before the secret is read again. */
  readonly maxAgeMs: number
  /** Called once per bad value the secret holds, however many requests meet it. */
  readonly onRefused: (error: ConfigError) => void
  /** What the secret is, for the 503's cause: "the publish token". */
  readonly description: string
  readonly now?: () => number
}

/**
 * A secret read once, then again after `maxAgeMs`, so a changed value takes effect within that time
 * without a redeploy, at one read per instance per period.
 *
 * A value that does not parse is never used: it is reported once, and the instance keeps the last
 * good value if it has one (and looks again after `maxAgeMs`), else every request answers 503 (and
 * reads again) until the secret is fixed. A failed read is not remembered either: the next request
 * tries again, and an instance that already holds a value keeps it until a read succeeds.
 *
 * Not Powertools Parameters: its provider caches for `maxAge` too, but once that has passed a failed
 * fetch throws (`GetParameterError`) instead of answering with the value it held, and it has no place
 * for a check that refuses a value; wrapping it to get both would leave it doing nothing but the read.
 */
export function cachedSecret<T>(options: CachedSecretOptions<T>): () => Promise<T> | T {
  const now = options.now ?? Date.now
  let current: { readonly value: T; readAt: number } | undefined
  let pending: Promise<T> | undefined
  // The bad value last reported, boxed: a secret without a SecretString is reported too.
  let refused: { readonly text: string | undefined } | undefined

  const unavailable = (message: string, cause: unknown) =>
    new UnavailableError(`${options.description} ${message}`, { cause })

  async function load(): Promise<T> {
    let text: string | undefined
    try {
      text = await options.read()
    } catch (error) {
      if (current) return current.value
      // The client sees a 503 with Retry-After, and the cause is logged once with its stack.
      throw unavailable('could not be read from Secrets Manager', error)
    }
    try {
      if (text === undefined) throw new ConfigError(`${options.description} secret holds no SecretString`)
      const value = options.parse(text)
      current = { value, readAt: now() }
      refused = undefined
      return value
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      if (refused === undefined || refused.text !== text) {
        refused = { text }
        options.onRefused(error)
      }
      if (current) {
        current.readAt = now()
        return current.value
      }
      throw unavailable('in Secrets Manager is not valid', error)
    }
  }

  return () => {
    if (current && now() - current.readAt < options.maxAgeMs) return current.value
    pending ??= load().finally(() => {
      pending = undefined
    })
    return pending
  }
}
