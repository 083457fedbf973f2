import type { Category } from '../articles/article.ts'
import type { Site } from '../site.ts'

/**
 * The title of a feed: the site's, or `{site} — {category}` for a category feed. The three formats
 * and the pages' feed links all say it, so a reader subscribes to the name it was shown.
 */
export function feedTitle(site: Pick<Site, 'title'>, category?: Pick<Category, 'name'>): string {
  return category === undefined ? site.title : `${site.title} — ${category.name}`
}
