import { describe, expect, it } from 'vitest'
import { retryAfterMs } from '../../lib/cli/api-client.ts'

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2025-03-11T09:00:00Z')
    expect(retryAfterMs('7', now)).toBe(7000)
    expect(retryAfterMs(' 0 ', now)).toBe(0)
    expect(retryAfterMs('Tue, 11 Mar 2025 09:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterMs('Tue, 11 Mar 2025 08:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs(null, now)).toBeUndefined()
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs('-5', now)).toBeUndefined()
  })
})
