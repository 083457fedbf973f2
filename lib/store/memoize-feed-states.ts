import { boundedLru } from '../bounded-lru.ts'
import type { DynamoArticleStore } from './dynamo-article-store.ts'
import type { DynamoPublicReads } from './dynamo-public-reads.ts'
import type { HintedFeedState } from './read-hints.ts'

/**
 * What the Lambda function and `npm start` use: long enough that a busy instance reads each feed
 * state about once a second whatever its traffic, short next to CloudFront's s-maxage of minutes.
 */
export const defaultFeedStateMaxAgeMs = 1000

export interface FeedStateMemoOptions {
  /** How long one read of a scope's feed state answers for it. */
  readonly maxAgeMs: number
  /** A monotonic clock in ms; `performance.now` by default. */
  readonly now?: () => number
  /** Scopes remembered at once, least recently used out first; default {@link defaultMemoBounds}. */
  readonly maxEntries?: number
  /** What the remembered scopes may take in memory, estimated; default {@link defaultMemoBounds}. */
  readonly maxBytes?: number
}

/**
 * Every distinct category asked for is a scope, and anyone can ask for any name: without a bound,
 * random names grow an instance's memory without limit. 10,000 scopes hold every real category of
 * a newsroom many times over in about 5 MiB.
 */
export const defaultMemoBounds = { maxEntries: 10_000, maxBytes: 8 * 2 ** 20 } as const

/** A memo's share of memory: its key as UTF-16, the feed state's fields, the entry and map overhead. */
function memoBytes(_memo: Memo, key: string): number {
  return 2 * key.length + 512
}

interface Memo {
  readonly atMs: number
  readonly state: Promise<HintedFeedState>
}

/**
 * `store`, reusing each scope's feed-state read for `maxAgeMs` per instance, with concurrent
 * callers sharing one read in flight. Revalidations are most of a feed's traffic: this makes a
 * cached feed or a 304 cost no store round trip at all most of the time, and one small read per
 * scope and instance per `maxAgeMs` at most. Another instance's write is seen up to `maxAgeMs`
 * later (CloudFront already holds a feed for minutes); a write through this store is seen at once,
 * since it forgets every memo when it is done. A failed read is forgotten at once too, so an outage
 * is reported on the next request.
 */
export function memoizeFeedStates(
  store: DynamoArticleStore,
  options: FeedStateMemoOptions,
): DynamoArticleStore {
  const memo = feedStateMemo(store, options)
  async function write<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } finally {
      // Also after a failure: the write may have landed and bumped some scopes before it failed.
      memo.clear()
    }
  }

  return {
    ...store,
    create: (article) => write(() => store.create(article)),
    createEach: (articles) => write(() => store.createEach(articles)),
    replace: (next, previous) => write(() => store.replace(next, previous)),
    remove: (previous, tombstone) => write(() => store.remove(previous, tombstone)),
    readFeedState: memo.readFeedState,
  }
}

/**
 * The read side alone (`createDynamoPublicReads`), with its feed-state reads reused as
 * {@link memoizeFeedStates} does: what the public function holds, which never writes.
 */
export function memoizeFeedStateReads<S extends DynamoPublicReads>(
  reads: S,
  options: FeedStateMemoOptions,
): S {
  return { ...reads, readFeedState: feedStateMemo(reads, options).readFeedState }
}

/** The memo of `reads`'s feed states, and how to forget them all. */
function feedStateMemo(
  reads: DynamoPublicReads,
  options: FeedStateMemoOptions,
): { readonly readFeedState: DynamoPublicReads['readFeedState']; readonly clear: () => void } {
  const now = options.now ?? (() => performance.now())
  const memos = boundedLru<string, Memo>(
    {
      maxEntries: options.maxEntries ?? defaultMemoBounds.maxEntries,
      maxBytes: options.maxBytes ?? defaultMemoBounds.maxBytes,
    },
    memoBytes,
  )
  const live = (memo: Memo | undefined): memo is Memo =>
    memo !== undefined && now() - memo.atMs < options.maxAgeMs

  return {
    clear: () => memos.clear(),
    readFeedState(category, readOptions) {
      if (readOptions?.fresh) return reads.readFeedState(category, readOptions)
      const key = category ?? ''
      const found = memos.get(key)
      if (live(found)) return found.state
      const memo: Memo = { atMs: now(), state: reads.readFeedState(category) }
      memos.set(key, memo)
      memo.state.catch(() => {
        if (memos.peek(key) === memo) memos.delete(key)
      })
      return memo.state
    },
  }
}
