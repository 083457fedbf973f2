import type { Article, Category } from '../articles/article.ts'
import type { Site } from '../site.ts'

/** One page of one feed, everything a renderer needs; equal documents render to equal bytes. */
export interface FeedDocument {
  readonly site: Site
  /** The category of a category feed; absent for the site-wide feed. */
  readonly category?: Category
  /**
   * The author of an author feed (slug and the name their articles give, with their profile's URL
   * and avatar when set: then the feed names them as its author); absent otherwise.
   */
  readonly author?: {
    readonly slug: string
    readonly name: string
    readonly url?: string
    readonly avatar?: string
  }
  /** Published, due articles, newest first. Their URLs are their `permalink(site.url, slug)`. */
  readonly items: readonly Article[]
  /** Absolute URL of this very page in this format (`rel="self"`), built from `site.url`. */
  readonly selfUrl: string
  /** Absolute URL of the HTML page the feed stands for (the home page or the site). */
  readonly alternateUrl: string
  /** Absolute URL of the next (older) page in this format, when older items exist. */
  readonly nextUrl?: string
  /** WebSub hubs that announce this feed's changes (`WEBSUB_HUBS`), each named `rel="hub"`; none when absent. */
  readonly hubs?: readonly string[]
  /** RFC 3339 UTC: the newest change among the items (never the clock). */
  readonly updated: string
  /** Items carry their summary only, not the full text (`?content=summary`, `FEED_CONTENT=summary`). */
  readonly summaryOnly?: boolean
}
