import type { Article, Category } from '../articles/article.ts'

/** The category's display name as its articles give it; the slug when the page is empty. */
export function categoryNamed(items: readonly Article[], slug: string): Category {
  for (const item of items) {
    const found = item.categories.find((c) => c.slug === slug)
    if (found) return found
  }
  return { slug, name: slug }
}
