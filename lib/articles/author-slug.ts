import type { Article } from './article.ts'
import { slugify } from './slug.ts'

/**
 * The slug of an author's page and feeds (`/authors/{slug}/`), folded from the name exactly as a
 * category's slug is from its name; empty when the name holds no letter or digit.
 */
export function authorSlug(name: string): string {
  return slugify(name)
}

/** The distinct, non-empty author slugs of `article`'s byline, in byline order. */
export function authorSlugsOf(article: Pick<Article, 'authors'>): string[] {
  return [...new Set(article.authors.map((author) => authorSlug(author.name)).filter((slug) => slug !== ''))]
}

/** The byline's authors that have a page, once each by slug, in byline order, named as the byline first names them. */
export function authorsWithPages(
  article: Pick<Article, 'authors'>,
): { readonly slug: string; readonly name: string }[] {
  const named = new Map<string, string>()
  for (const { name } of article.authors) {
    const slug = authorSlug(name)
    if (slug !== '' && !named.has(slug)) named.set(slug, name)
  }
  return [...named].map(([slug, name]) => ({ slug, name }))
}
