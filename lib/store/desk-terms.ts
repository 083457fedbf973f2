import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { type Item, type StoreTable, utcKeyTime } from './item-keys.ts'
import { storeCall } from './store-errors.ts'

/*
 * The desk's filters without a scan: small "term" items beside each live article, one per category,
 * author and title word, each naming the article by slug. Written after the article (no
 * transactions), so the listing always re-reads the article and keeps only what it says.
 *
 * - category: `pk = DESK#cat:{slug}`, `sk = {createdAt UTC}#{slug}` (newest first);
 * - author: `pk = DESK#author:{name folded}`, same `sk`;
 * - title word: `pk = DESK#word:{first letter}`, `sk = {word}#{createdAt UTC}#{slug}`, so a prefix
 *   is a `begins_with` on one partition.
 *
 * A term an article loses is overwritten with `gone = true`, which the listing filters out.
 */

export const maxTitleWords = 24
const maxWordLength = 40

/** Words of a title or a search, folded (NFKC, lower case), letters, marks and digits of any script. */
export function titleWords(text: string): string[] {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? []
  return [...new Set(words.map((w) => w.slice(0, maxWordLength)))]
}

export function foldAuthor(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200)
}

export function wordPartition(word: string): string {
  return `DESK#word:${String.fromCodePoint(word.codePointAt(0) ?? 0x3f)}`
}

/** Every term item of `article`, keyed `pk|sk` so that two articles' terms compare as sets. */
export function deskTerms(article: Article): Map<string, Item> {
  const terms = new Map<string, Item>()
  const createdSk = `${utcKeyTime(article.createdAt, 'createdAt')}#${article.slug}`
  const add = (pk: string, sk: string) =>
    terms.set(`${pk}|${sk}`, { pk: { S: pk }, sk: { S: sk }, kind: { S: 'desk-term' } })
  for (const category of article.categories) add(`DESK#cat:${category.slug}`, createdSk)
  for (const author of article.authors) add(`DESK#author:${foldAuthor(author.name)}`, createdSk)
  for (const word of titleWords(article.title).slice(0, maxTitleWords))
    add(wordPartition(word), `${word}#${createdSk}`)
  return terms
}

/**
 * After an article write: puts the terms `next` has and `previous` had not, deletes the others. A
 * failure is told to `onError` and leaves the article write standing (the listing checks articles).
 */
export async function syncDeskTerms(
  table: StoreTable,
  change: { readonly previous?: Article; readonly next?: Article },
  onError: (error: unknown) => void,
): Promise<void> {
  const before = change.previous ? deskTerms(change.previous) : new Map<string, Item>()
  const after = change.next ? deskTerms(change.next) : new Map<string, Item>()
  const puts = [...after].filter(([id]) => !before.has(id)).map(([, item]) => item)
  const deletes = [...before].filter(([id]) => !after.has(id)).map(([, item]) => item)
  const results = await Promise.allSettled([
    ...puts.map((item) =>
      storeCall(() => table.client.send(new PutItemCommand({ TableName: table.name, Item: item }))),
    ),
    // A term the article no longer has is marked gone, not deleted (the publish function's role has
    // no DeleteItem); the listing's queries leave marked terms out, and a later put clears the mark.
    ...deletes.map((item) =>
      storeCall(() =>
        table.client.send(
          new PutItemCommand({ TableName: table.name, Item: { ...item, gone: { BOOL: true } } }),
        ),
      ),
    ),
  ])
  for (const result of results) if (result.status === 'rejected') onError(result.reason)
}
