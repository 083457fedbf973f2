import type { Article } from '../articles/article.ts'
import { isTombstone } from '../articles/article-store.ts'
import type { ArticleChange } from './change-effects.ts'

/*
 * Re-creating the stream's event source mapping (a refactor that changes its logical id) starts it
 * again at TRIM_HORIZON: up to 24 hours of changes come back. The notifier remembers, per article,
 * the last version whose change it handled, and handles nothing at or below it, so a replay sends no
 * invalidation, ping or webhook twice. A scheduled article falling due is remembered on its own lane.
 */

/** A write's change from the stream, or a scheduled article falling due. */
export type ReplayLane = 'change' | 'due'

/** What the notifier remembers between batches (`lib/store/dynamo-replay-guard.ts` on AWS). */
export interface ReplayGuard {
  /** The highest version recorded in `lane` of each article named (`articleKey`); absent when none. */
  recorded(lane: ReplayLane, keys: readonly string[]): Promise<ReadonlyMap<string, number>>
  /** Records `version` for `key` in `lane`, unless as high a version is recorded already. */
  record(lane: ReplayLane, key: string, version: number): Promise<void>
}

/**
 * The article a guard entry belongs to: its id and its creation time. The id stays the same across
 * every write, and the creation time tells apart an article created again over its tombstone with
 * the same id (an import can), whose versions start again at 1.
 */
export function articleKey(article: Pick<Article, 'id' | 'createdAt'>): string {
  return `${article.id}@${article.createdAt}`
}

/**
 * The guard entry and version of a change, or undefined when no article is on either side (a
 * tombstone going away: nothing to announce). A delete is the tombstone over the article: the
 * article's entry, at the tombstone's version.
 */
export function changeMark(
  change: ArticleChange,
): { readonly key: string; readonly version: number } | undefined {
  const { previous, next } = change
  const article =
    next !== undefined && !isTombstone(next)
      ? next
      : previous !== undefined && !isTombstone(previous)
        ? previous
        : undefined
  if (article === undefined) return undefined
  // No new state: the item itself went away (an operator's delete), one step after the last write.
  const version = next !== undefined ? next.version : article.version + 1
  return { key: articleKey(article), version }
}
