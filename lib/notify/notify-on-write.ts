import type { ArticleStore } from '../articles/article-store.ts'
import type { ArticleChange } from './change-effects.ts'

/**
 * `store`, handing each successful write's (previous, next) pair to `onChange` once the write is
 * done, off the request path: the caller's write resolves first, and nothing `onChange` does or
 * throws can slow or fail it (what it throws goes to `onError`). What the DynamoDB stream gives the notifier on AWS, in-process.
 * A create cannot know whether it replaced a tombstone; it reports none, which changes nothing for
 * readers (a tombstone shows nothing).
 */
export function notifyOnWrite(
  store: ArticleStore,
  onChange: (change: ArticleChange) => void,
  onError: (error: unknown) => void,
  /** Hands the creates of one `createEach` over together, to be announced as one batch; absent: one by one. */
  onChanges?: (changes: readonly ArticleChange[]) => void,
): ArticleStore {
  function after(change: ArticleChange): void {
    setImmediate(() => {
      try {
        onChange(change)
      } catch (error) {
        onError(error)
      }
    })
  }
  return {
    ...store,
    async create(article) {
      await store.create(article)
      after({ previous: undefined, next: article })
    },
    async createEach(articles) {
      const outcomes = await store.createEach(articles)
      const changes = articles
        .filter((_, i) => outcomes[i] === undefined)
        .map((next): ArticleChange => ({ previous: undefined, next }))
      if (changes.length > 0 && onChanges !== undefined) {
        setImmediate(() => {
          try {
            onChanges(changes)
          } catch (error) {
            onError(error)
          }
        })
      } else for (const change of changes) after(change)
      return outcomes
    },
    async replace(next, previous) {
      await store.replace(next, previous)
      after({ previous, next })
    },
    async remove(previous, tombstone) {
      await store.remove(previous, tombstone)
      after({ previous, next: tombstone })
    },
  }
}
