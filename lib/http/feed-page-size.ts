import type { Article } from '../articles/article.ts'
import type { FeedPageEntry } from './feed-page-cache.ts'
import type { Representation } from './representation.ts'

/*
 * What an entry of the feed page cache takes in memory, for lru-cache's `sizeCalculation`, and the
 * map of its renders that has it counted again when one is added.
 */

/** A map of renders that reports each one added. */
export class Renders extends Map<string, Representation> {
  readonly #added: () => void
  constructor(added: () => void) {
    super()
    this.#added = added
  }

  override set(key: string, value: Representation): this {
    super.set(key, value)
    this.#added()
    return this
  }
}

/**
 * An entry's share of memory: its articles, and each render's body with room for its two codings
 * and their base64 text (made lazily, after the entry is counted), which for feed text take less
 * than the body together.
 */
export function entryBytes(entry: FeedPageEntry): number {
  // The entry's own fields and map slot: never 0, which lru-cache refuses (an empty page is an entry too).
  let bytes = 1024 + entry.pageBytes
  for (const rep of entry.renders.values()) bytes += 2 * rep.body.byteLength
  return bytes
}

/** What a page's articles take: their strings as V8 may hold them (two bytes a character), plus small fields. */
export function pageBytes(items: readonly Article[]): number {
  return items.reduce((sum, item) => sum + articleBytes(item), 0)
}

/** An article's strings as V8 may hold them (two bytes a character), plus its small fields. */
function articleBytes(article: Article): number {
  let chars = article.title.length + article.summary.length + article.content.length
  chars += article.contentHtml.length
  return 2 * chars + 1024
}
