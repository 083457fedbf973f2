import { describe, expect, it } from 'vitest'
import { cachedSecret } from '../../functions/cached-secret.ts'
import { UnavailableError } from '../../lib/articles/errors.ts'
import { type ConfigError, parsePublishTokens } from '../../lib/config.ts'

const good = 'first-token-0123456789,second-token-0123456789'

/** A secret whose value the test sets, read through a cachedSecret with a clock the test moves. */
function secret(initial: string | undefined | Error) {
  let value = initial
  let clock = 0
  const reads: number[] = []
  const refused: ConfigError[] = []
  const get = cachedSecret({
    description: 'the publish token',
    read: async () => {
      reads.push(clock)
      if (value instanceof Error) throw value
      return value
    },
    parse: (text) => parsePublishTokens(text, 'the publish token secret'),
    maxAgeMs: 300_000,
    onRefused: (error) => refused.push(error),
    now: () => clock,
  })
  return {
    get: async () => get(),
    set(next: string | undefined | Error) {
      value = next
    },
    advance(ms: number) {
      clock += ms
    },
    reads,
    refused,
  }
}

describe('cachedSecret', () => {
  it('reads once, then answers from memory until maxAgeMs has passed', async () => {
    const s = secret(good)
    expect(await s.get()).toEqual(['first-token-0123456789', 'second-token-0123456789'])
    s.advance(299_999)
    await s.get()
    expect(s.reads).toEqual([0])
    s.set('third-token-0123456789')
    s.advance(1)
    expect(await s.get()).toEqual(['third-token-0123456789'])
    expect(s.reads).toEqual([0, 300_000])
  })

  it('refuses a value that breaks the token rule: 503 without a good one, logged once however often it is met', async () => {
    const s = secret('short')
    for (let i = 0; i < 3; i++) {
      const error = await s.get().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnavailableError)
    }
    expect(s.reads).toHaveLength(3)
    expect(s.refused).toHaveLength(1)
    expect(s.refused[0]?.message).toContain('at least 16 printable ASCII characters')
    expect(s.refused[0]?.message).not.toContain('short')

    s.set(good)
    expect(await s.get()).toHaveLength(2)
  })

  it('keeps the last good tokens when the secret turns bad, and looks again after maxAgeMs', async () => {
    const s = secret(good)
    await s.get()
    s.set('has a space in it but is long')
    s.advance(300_000)
    expect(await s.get()).toHaveLength(2)
    expect(await s.get()).toHaveLength(2)
    expect(s.reads).toHaveLength(2)
    expect(s.refused).toHaveLength(1)
    s.set('')
    s.advance(300_000)
    expect(await s.get()).toHaveLength(2)
    expect(s.refused.map((e) => e.message)).toEqual([
      expect.stringContaining('each token must be at least 16'),
      'the publish token secret holds no token',
    ])
  })

  it('refuses a secret without a SecretString', async () => {
    const s = secret(undefined)
    await expect(s.get()).rejects.toBeInstanceOf(UnavailableError)
    expect(s.refused[0]?.message).toBe('the publish token secret holds no SecretString')
  })

  it('answers 503 when the read fails and nothing is held, and tries again at the next request', async () => {
    const s = secret(new Error('connect ETIMEDOUT'))
    const error = await s.get().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnavailableError)
    expect((error as UnavailableError).cause).toEqual(new Error('connect ETIMEDOUT'))
    s.set(good)
    expect(await s.get()).toHaveLength(2)
    expect(s.refused).toEqual([])
  })

  it('keeps the held tokens while reads fail, retrying on every request until one succeeds', async () => {
    const s = secret(good)
    await s.get()
    s.set(new Error('throttled'))
    s.advance(300_000)
    expect(await s.get()).toHaveLength(2)
    expect(await s.get()).toHaveLength(2)
    expect(s.reads).toHaveLength(3)
  })

  it('shares one read among requests that arrive while it runs', async () => {
    const s = secret(good)
    const answers = await Promise.all([s.get(), s.get(), s.get()])
    expect(answers.map((a) => a.length)).toEqual([2, 2, 2])
    expect(s.reads).toHaveLength(1)
  })
})
