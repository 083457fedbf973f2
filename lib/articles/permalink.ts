/**
 * The public URL of an article, `{siteUrl}/articles/{slug}`: what every feed, page, the public JSON
 * and the publish API give as its link, and the base its content's relative links resolve against.
 * The slug is percent-encoded, so the URL stays ASCII whatever letters a slug may hold.
 */
export function permalink(siteUrl: string, slug: string): string {
  return `${siteUrl}/articles/${encodeURIComponent(slug)}`
}

/** Where the categories live: the Atom category scheme, and the prefix of {@link categoryUrl}. */
export function categoriesUrl(siteUrl: string): string {
  return `${siteUrl}/categories/`
}

/** The public URL of a category, `{siteUrl}/categories/{slug}/`, under which its feeds live. */
export function categoryUrl(siteUrl: string, categorySlug: string): string {
  return `${categoriesUrl(siteUrl)}${encodeURIComponent(categorySlug)}/`
}

/** The index of the authors, `{siteUrl}/authors/`, and the prefix of {@link authorUrl}. */
export function authorsUrl(siteUrl: string): string {
  return `${siteUrl}/authors/`
}

/** The public URL of an author, `{siteUrl}/authors/{slug}/` (see author-slug.ts), under which their feeds live. */
export function authorUrl(siteUrl: string, authorSlug: string): string {
  return `${authorsUrl(siteUrl)}${encodeURIComponent(authorSlug)}/`
}
