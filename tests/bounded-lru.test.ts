import { describe, expect, it } from 'vitest'
import { boundedLru } from '../lib/bounded-lru.ts'

const fill = (
  count: number,
  size: (i: number) => number,
  bounds = { maxEntries: 100, maxBytes: 100_000 },
) => {
  const cache = boundedLru<string, { bytes: number }>(bounds, (value) => value.bytes)
  for (let i = 0; i < count; i++) cache.set(`k${i}`, { bytes: size(i) })
  return cache
}

describe('boundedLru', () => {
  it('holds at most maxEntries small entries, the least recently used out first', () => {
    const cache = boundedLru<string, { bytes: number }>(
      { maxEntries: 100, maxBytes: 100_000 },
      (v) => v.bytes,
    )
    cache.set('kept', { bytes: 1 })
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, { bytes: 1 })
      if (i % 50 === 0) cache.get('kept')
    }
    expect(cache.size).toBe(100)
    expect(cache.has('kept')).toBe(true)
    expect(cache.has('k999')).toBe(true)
    expect(cache.has('k0')).toBe(false)
  })

  it('holds at most maxBytes of large entries', () => {
    // 5,000 bytes each: 20 fit in 100,000, fewer than maxEntries.
    const cache = fill(200, () => 5000)
    expect(cache.size).toBe(20)
    expect(cache.calculatedSize).toBeLessThanOrEqual(100_000)
  })

  it('holds both bounds for mixed sizes, generated', () => {
    for (let seed = 1; seed <= 20; seed++) {
      let x = seed
      const next = () => {
        x = (x * 1103515245 + 12345) % 2 ** 31
        return x
      }
      const sizes: number[] = []
      const cache = fill(
        500,
        (i) => {
          sizes[i] = 1 + (next() % 4000)
          return sizes[i] ?? 1
        },
        { maxEntries: 37, maxBytes: 50_000 },
      )
      const kept = [...cache.keys()].map((key) => sizes[Number(key.slice(1))] ?? 0)
      expect(kept.length).toBeLessThanOrEqual(37)
      expect(kept.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(50_000)
      // The newest entry always stays.
      expect(cache.has('k499')).toBe(true)
    }
  })

  it('allocates no slot per maxEntries when built: a cache of a million entries is built at once', () => {
    // lru-cache's own `max` would allocate and fill arrays of a million slots here.
    const cache = boundedLru<string, string>({ maxEntries: 1_000_000, maxBytes: 2 ** 30 }, (v) => v.length)
    expect(cache.max).toBe(0)
    expect(cache.size).toBe(0)
  })
})
