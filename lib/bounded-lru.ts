import { LRUCache } from 'lru-cache'

/** The bounds of a per-instance cache: every cache has both (STYLE.md, "Bound every cache"). */
export interface LruBounds {
  readonly maxEntries: number
  readonly maxBytes: number
}

/**
 * An `LRUCache` holding at most `maxEntries` entries and `maxBytes` of them by `sizeOf`, least
 * recently used out first. Not by lru-cache's `max`: with it, lru-cache allocates and fills arrays
 * of `max` slots when it is built (`Array.from({ length: max })` twice, and a zeroed array of sizes),
 * which for the feed-state memo's 10,000 scopes cost about 2 ms and 300 KB of young garbage at every
 * cold start, for slots that most instances never use. Here each entry counts at least
 * `maxBytes / maxEntries` bytes, so the byte bound holds the entry bound by construction and the
 * arrays grow with the entries (tests/bounded-lru.test.ts).
 */
export function boundedLru<K extends {}, V extends {}>(
  bounds: LruBounds,
  sizeOf: (value: V, key: K) => number,
): LRUCache<K, V> {
  const least = Math.ceil(bounds.maxBytes / bounds.maxEntries)
  return new LRUCache<K, V>({
    maxSize: bounds.maxBytes,
    sizeCalculation: (value, key) => Math.max(sizeOf(value, key), least, 1),
  })
}
