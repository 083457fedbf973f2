import type { LRUCache } from 'lru-cache'
import type { Article } from '../articles/article.ts'
import type { Page } from '../articles/article-store.ts'
import { NotFoundError, UnavailableError, ValidationError } from '../articles/errors.ts'
import type { FeedState, PublicReads } from '../articles/public-reads.ts'
import { boundedLru } from '../bounded-lru.ts'
import { newestChange } from '../feeds/dates.ts'
import { entryBytes, pageBytes, Renders } from './feed-page-size.ts'
import type { Representation } from './representation.ts'

/** One page of one feed scope as read from the store, with everything rendered from it so far. */
export interface FeedPageEntry {
  readonly state: FeedState
  readonly page: Page<Article>
  /** Epoch ms when the next scheduled article of the scope becomes due: the entry is stale from then. */
  readonly nextDueMs?: number
  readonly loadedAtMs: number
  /**
   * Epoch ms when the second of the page's newest change ends, when the page was read within that
   * second: its body then has no `Last-Modified` (`stableLastModified`); from this moment one
   * feed-state read confirms it (`confirmedAtMs`) or a changed version reads it again, and the
   * next answer carries the date.
   */
  readonly settlesAtMs?: number
  /**
   * Epoch ms of a feed-state read, made after `settlesAtMs`, that found the page's version unchanged:
   * no write landed in the change's second after the page was read, so its date can be given from
   * then on without reading the page again.
   */
  readonly confirmedAtMs?: number
  /** Roughly what the page's articles take in memory (UTF-16 strings), bytes. */
  readonly pageBytes: number
  /** Rendered bodies by format (`rss`, `atom`, `json`, `home`). */
  readonly renders: Map<string, Representation>
}

export interface FeedPageResult {
  readonly entry: FeedPageEntry
  /** True when the store could not be reached and this is the last good entry. */
  readonly stale: boolean
}

export interface FeedPageCacheOptions {
  readonly store: PublicReads
  readonly clock: () => Date
  readonly pageSize: number
  /** Entries kept per instance; least recently used go first. Default 500. */
  readonly maxEntries?: number
  /**
   * Memory the entries may take, their articles and rendered bodies (every coding) counted; least
   * recently used go first. Default 64 MiB: a 512 MB function keeps well clear of its limit.
   */
  readonly maxBytes?: number
  /** A backstop: an entry is re-read after this long even if no write was seen (a missed bump, a lagging index). */
  readonly maxAgeMs?: number
}

/**
 * The per-instance cache of feed pages, keyed by scope and cursor and valid for one feed-state
 * version. A request whose version matches costs one small read (the feed state); only a write
 * to the scope, a scheduled article falling due or the backstop makes it read the page again.
 */
export class FeedPageCache {
  readonly #options: FeedPageCacheOptions
  readonly #entries: LRUCache<string, FeedPageEntry>
  /**
   * Loads in flight by scope, cursor and feed-state version. Not `fetchMethod`: lru-cache shares a
   * fetch per key, and a reader who saw a newer version must not be handed a page read for an older one.
   */
  readonly #loading = new Map<string, Promise<FeedPageEntry>>()

  constructor(options: FeedPageCacheOptions) {
    this.#options = options
    // Sizes are counted when an entry is stored and again when a render is added to it (`Renders`),
    // never by walking every entry.
    this.#entries = boundedLru(
      { maxEntries: options.maxEntries ?? 500, maxBytes: options.maxBytes ?? 64 * 2 ** 20 },
      entryBytes,
    )
  }

  async get(category: string | undefined, cursor: string | undefined): Promise<FeedPageResult> {
    const result = await this.#get(category, cursor)
    if (!shown(category, cursor, result.entry)) throw unknownCategory(category ?? '')
    return result
  }

  async #get(category: string | undefined, cursor: string | undefined): Promise<FeedPageResult> {
    const key = `${category ?? ''}|${cursor ?? ''}`
    const cached = this.#entries.get(key)
    const readAtMs = this.#options.clock().getTime()
    // A page read within its change's second, now past it: the feed state is read from the table
    // (not a memo that may predate the second's end), and an unchanged version settles the page.
    const settling = cached?.settlesAtMs !== undefined && readAtMs >= cached.settlesAtMs
    let state: FeedState
    try {
      state = await this.#options.store.readFeedState(category, settling ? { fresh: true } : undefined)
    } catch (error) {
      if (cached && error instanceof UnavailableError) return { entry: cached, stale: true }
      throw error
    }
    // A category exists once an article was about to be published in it (`known` is recorded
    // before the article is written), even if the version bump after that write was lost.
    if (category !== undefined && state.version === 0 && state.known === undefined) {
      throw unknownCategory(category)
    }
    const nowMs = this.#options.clock().getTime()
    if (cached && this.#fresh(cached, state, nowMs)) {
      return { entry: cached, stale: false }
    }
    if (cached && settling) {
      const { settlesAtMs: _, ...rest } = cached
      if (this.#fresh(rest, state, nowMs)) {
        // Same page and bodies, rendered again once with the date (the ETag stays the same).
        const settled: FeedPageEntry = { ...rest, confirmedAtMs: readAtMs, renders: this.#renders(key) }
        this.#entries.set(key, settled)
        return { entry: settled, stale: false }
      }
    }
    try {
      return { entry: await this.#load(key, category, cursor, state), stale: false }
    } catch (error) {
      if (cached && error instanceof UnavailableError) return { entry: cached, stale: true }
      throw error
    }
  }

  #fresh(entry: FeedPageEntry, state: FeedState, nowMs: number): boolean {
    return (
      entry.state.version === state.version &&
      (entry.nextDueMs === undefined || nowMs < entry.nextDueMs) &&
      (entry.settlesAtMs === undefined || nowMs < entry.settlesAtMs) &&
      nowMs - entry.loadedAtMs < (this.#options.maxAgeMs ?? 60_000)
    )
  }

  #load(key: string, category: string | undefined, cursor: string | undefined, state: FeedState) {
    const loadKey = `${key}@${state.version}`
    const running = this.#loading.get(loadKey)
    if (running) return running
    const promise = this.#read(key, category, cursor, state)
      .then((entry) => {
        this.#entries.set(key, entry)
        return entry
      })
      .finally(() => this.#loading.delete(loadKey))
    this.#loading.set(loadKey, promise)
    return promise
  }

  async #read(
    key: string,
    category: string | undefined,
    cursor: string | undefined,
    state: FeedState,
  ): Promise<FeedPageEntry> {
    const now = this.#options.clock()
    const scope = category === undefined ? {} : { category, state }
    // Only look for the next scheduled article when one may still be pending.
    const pending = state.scheduledUntil !== undefined && Date.parse(state.scheduledUntil) > now.getTime()
    const [page, nextDue] = await Promise.all([
      this.#options.store
        .listPublished({
          now,
          limit: this.#options.pageSize,
          ...scope,
          ...(cursor !== undefined ? { cursor } : {}),
        })
        .catch((error: unknown) => {
          if (error instanceof ValidationError) {
            throw new ValidationError(
              [{ path: 'before', message: 'is not a page cursor this feed issued' }],
              {
                cause: error,
              },
            )
          }
          throw error
        }),
      pending ? this.#options.store.nextScheduled({ now, ...scope }) : Promise.resolve(undefined),
    ])
    const changedSecond = Math.floor(Date.parse(newestChange(page.items, state.removedAt)) / 1000)
    const settlesAtMs = (changedSecond + 1) * 1000
    return {
      state,
      page,
      ...(nextDue !== undefined ? { nextDueMs: Date.parse(nextDue) } : {}),
      loadedAtMs: now.getTime(),
      ...(now.getTime() < settlesAtMs ? { settlesAtMs } : {}),
      pageBytes: pageBytes(page.items),
      renders: this.#renders(key),
    }
  }

  /** An entry's renders: adding one counts the entry's size again (and makes it the most recently used). */
  #renders(key: string): Map<string, Representation> {
    const renders: Map<string, Representation> = new Renders(() => {
      const entry = this.#entries.peek(key)
      if (entry?.renders === renders) this.#entries.set(key, entry)
    })
    return renders
  }
}

/**
 * Whether a category's feed exists for readers: it shows an article, or once did. A category named
 * only by scheduled articles that are not due yet must look exactly like one that never existed.
 */
function shown(category: string | undefined, cursor: string | undefined, entry: FeedPageEntry): boolean {
  return (
    category === undefined ||
    cursor !== undefined ||
    entry.page.items.length > 0 ||
    entry.state.wasPublic === true
  )
}

/** The one answer for a category readers cannot see, whatever the reason. */
export function unknownCategory(slug: string): NotFoundError {
  return new NotFoundError(`no category "${slug.slice(0, 100)}"`)
}
