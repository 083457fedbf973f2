import type { Article } from '../articles/article.ts'
import { authorsWithPages } from '../articles/author-slug.ts'
import { type Item, utcKeyTime } from './item-keys.ts'
import { authorPartitionPrefix } from './table-definition.ts'

/*
 * The author index: one small item per author of each published article (scheduled ones too), in a
 * partition of its own per author, `pk = AUTHOR#{author slug}`, `sk = {publishedAt UTC}#{slug}` (the
 * `pubsk` of the article's item), `n` the name as the byline gives it. An author feed page is one
 * Query of that partition, newest first, plus one BatchGetItem of the page: no index of the table,
 * no scan. The items are written in the same transaction as the article (`article-write.ts`), so the
 * index never names an author the article does not have, nor misses one it has.
 *
 * Bounds: an article names at most 20 authors (the input schema), so a write touches at most 41
 * items (the article, 20 entries put, 20 taken away when all its authors change or it moves in
 * time), under DynamoDB's 100 per transaction; an entry is under 1.5 KB (a 240-byte author slug
 * twice, a 240-byte article slug, a 200-character name).
 */

/** The partition of one author's entries. */
export function authorPartition(author: string): string {
  return `${authorPartitionPrefix}${author}`
}

/** The author entries of `article`: one per distinct author slug while it is published, else none. */
export function authorEntries(article: Article | undefined): Item[] {
  if (article?.status !== 'published' || article.publishedAt === undefined) return []
  const sk = `${utcKeyTime(article.publishedAt, 'publishedAt')}#${article.slug}`
  // The first name a byline gives for each slug, as `authorSlugsOf` keeps the first of each.
  return authorsWithPages(article).map(({ slug, name }) => ({
    pk: { S: authorPartition(slug) },
    sk: { S: sk },
    n: { S: name },
  }))
}

/**
 * What a write from `previous` to `next` does to the author index: the entries to put (new, or with
 * a new name) and the keys to delete (an author taken off the byline, an article unpublished,
 * deleted or moved in time).
 */
export function authorIndexChange(
  previous: Article | undefined,
  next: Article | undefined,
): { readonly puts: Item[]; readonly deletes: Item[] } {
  const keyOf = (item: Item) => `${item.pk?.S}\n${item.sk?.S}`
  const before = new Map(authorEntries(previous).map((item) => [keyOf(item), item]))
  const after = authorEntries(next)
  const afterKeys = new Set(after.map(keyOf))
  return {
    puts: after.filter((item) => before.get(keyOf(item))?.n?.S !== item.n?.S),
    deletes: [...before]
      .filter(([key]) => !afterKeys.has(key))
      .map(([, item]) => ({ pk: { S: item.pk?.S ?? '' }, sk: { S: item.sk?.S ?? '' } })),
  }
}
