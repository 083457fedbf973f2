import type { Article } from '../articles/article.ts'
import { ConflictError } from '../articles/errors.ts'
import { writeArticleItem } from './article-write.ts'
import { authorIndexChange } from './author-index.ts'
import { listNewAuthors } from './author-registry.ts'
import { batchPutAll } from './batch-put.ts'
import { listNewCategories } from './category-registry-writes.ts'
import type { WriteCondition } from './conditional-put.ts'
import { eachBounded } from './each-bounded.ts'
import { bumpFeedStatesOfNew, prepareFeedStatesOfMany } from './feed-states.ts'
import { articleItem, type Item, type StoreTable } from './item-keys.ts'
import { recordNewMonths } from './month-registry.ts'

/** Conditional puts of one call in flight at once. */
const putConcurrency = 16

/**
 * Stores new articles, each with its own conditional put (`attribute_not_exists`: never over an
 * article, nor over a deleted one's tombstone), while what they share is written once for the call:
 * the feed-state hints and the months before the puts (as `create` does, so a failure there stores
 * nothing), the feed-state bumps and the category registry after, for the articles stored. A slug
 * repeated within the call is a conflict for every article after the first, which is not written.
 * Returns each article's outcome, in order; a failure other than a taken slug throws (once every
 * put ended), and the articles whose put landed stand.
 */
export async function createEach(
  table: StoreTable,
  articles: readonly Article[],
  hooks: {
    /** Told when a bump or registry write failed after the articles were stored (they stand). */
    readonly onError: (error: unknown) => void
    /** What else a write of new articles brings along (the desk's terms), given the articles stored. */
    readonly afterCreated?: (stored: readonly Article[]) => Promise<void>
  },
): Promise<(ConflictError | undefined)[]> {
  const outcomes: (ConflictError | undefined)[] = articles.map(() => undefined)
  const seen = new Set<string>()
  const writes: { index: number; article: Article }[] = []
  articles.forEach((article, index) => {
    if (seen.has(article.slug)) {
      outcomes[index] = new ConflictError(
        `the slug "${article.slug}" is taken by an earlier article of this batch`,
      )
    } else {
      seen.add(article.slug)
      writes.push({ index, article })
    }
  })
  // Built first: an article the store would refuse (a date out of range) stops the call before any write.
  const items = writes.map(({ article }) => articleItem(article))
  const candidates = writes.map(({ article }) => article)
  await Promise.all([prepareFeedStatesOfMany(table, candidates), recordNewMonths(table, candidates)])
  const stored: Article[] = []
  let failure: { error: unknown } | undefined
  // A store without transactions (dynalite) hands the author entries back after each article's put.
  const entries: Item[] = []
  const putLater = (puts: readonly Item[]) => {
    entries.push(...puts)
  }
  await eachBounded(
    writes.map((write, i) => ({ ...write, item: items[i] })),
    async ({ index, article, item }) => {
      if (item === undefined) return
      try {
        const when: WriteCondition = {
          condition: 'attribute_not_exists(pk)',
          values: {},
          onFail: () =>
            new ConflictError(
              `the slug "${article.slug}" is taken (by an article, or by a deleted one, whose slug a batch never takes)`,
            ),
        }
        await writeArticleItem(table, item, when, authorIndexChange(undefined, article), putLater)
        stored.push(article)
      } catch (error) {
        if (error instanceof ConflictError) outcomes[index] = error
        else failure ??= { error }
      }
    },
    putConcurrency,
  )
  // 25 a BatchWriteItem, as the desk terms: each entry names its own article, under a slug no other
  // article of the call has, so no key repeats. A failure fails the call, as a failed put of one did.
  await batchPutAll(table, entries).catch((error: unknown) => {
    failure ??= { error }
  })
  if (stored.length > 0) {
    // In the order given, as the writes of single creates would have come.
    const order = new Map(articles.map((a, i) => [a, i]))
    stored.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    // As after a single create: a failure here leaves the articles standing and is told, not thrown.
    await bumpFeedStatesOfNew(table, stored).catch(hooks.onError)
    await listNewCategories(table, stored).catch(hooks.onError)
    await listNewAuthors(table, stored).catch(hooks.onError)
    await hooks.afterCreated?.(stored).catch(hooks.onError)
  }
  if (failure !== undefined) throw failure.error
  return outcomes
}
