import { describe, expect, it } from 'vitest'
import { createSignInLimiter } from '../../lib/desk/sign-in-limiter.ts'

describe('the sign-in limiter', () => {
  it('remembers at most maxClients clients, however many fail', () => {
    const limiter = createSignInLimiter({ perClient: 3, total: 1_000_000, windowMs: 60_000, maxClients: 100 })
    for (let i = 0; i < 5_000; i++) limiter.fail(`client-${i}`, 0)
    expect(limiter.size).toBe(100)
  })

  it('holds the total when every attempt claims another client, until the window ends', () => {
    const limiter = createSignInLimiter({ perClient: 3, total: 20, windowMs: 60_000, maxClients: 10 })
    for (let i = 0; i < 20; i++) limiter.fail(`forged-${i}`, 1_000)
    expect(limiter.retryAfter('someone-new', 2_000)).toBe(59)
    expect(limiter.retryAfter('someone-new', 61_000)).toBe(0)
  })

  it('limits one client per window, and lets it try again after', () => {
    const limiter = createSignInLimiter({ perClient: 2, total: 100, windowMs: 10_000, maxClients: 10 })
    limiter.fail('a', 0)
    expect(limiter.retryAfter('a', 1)).toBe(0)
    limiter.fail('a', 1)
    expect(limiter.retryAfter('a', 2)).toBe(10)
    expect(limiter.retryAfter('b', 2)).toBe(0)
    expect(limiter.retryAfter('a', 10_001)).toBe(0)
  })
})
