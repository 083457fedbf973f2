import type { Article, Category } from '../articles/article.ts'
import { UnavailableError } from '../articles/errors.ts'
import { mainTopics } from '../pages/topic-nav.ts'
import type { Site } from '../site.ts'
import type { FeedPageCache } from './feed-page-cache.ts'
import type { Representation } from './representation.ts'

/**
 * The main topics for a page's navigation, from the front page's newest articles: the feed cache's
 * first site page, which costs the feed-state read when it is cached and one Query of the
 * `published` index when it is not (never a scan). When the store cannot be reached and nothing is
 * cached, from the page's own `fallback` articles.
 */
export async function navTopicsFor(
  site: Site,
  feedCache: FeedPageCache,
  fallback: readonly Article[],
): Promise<Category[]> {
  try {
    const { entry } = await feedCache.get(undefined, undefined)
    return mainTopics(site, entry.page.items)
  } catch (error) {
    if (error instanceof UnavailableError) return mainTopics(site, fallback)
    throw error
  }
}

/**
 * Remembers which navigation a cached page was rendered with: a page whose own entry is still
 * current is rendered again when the front page's topics moved on. Weak: it keeps nothing alive.
 */
export class NavStamps {
  readonly #stamps = new WeakMap<Representation, string>()

  /** `rep` when it was rendered with `topics`; otherwise none. */
  current(rep: Representation | undefined, topics: readonly Category[]): Representation | undefined {
    return rep !== undefined && this.#stamps.get(rep) === stamp(topics) ? rep : undefined
  }

  mark(rep: Representation, topics: readonly Category[]): Representation {
    this.#stamps.set(rep, stamp(topics))
    return rep
  }
}

function stamp(topics: readonly Category[]): string {
  return JSON.stringify(topics.map((topic) => [topic.slug, topic.name]))
}
