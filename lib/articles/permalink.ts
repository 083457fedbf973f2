/** The public URL of an article: `{siteUrl}/articles/{slug}`. */
export function permalink(siteUrl: string, slug: string): string {
  return `${siteUrl}/articles/${slug}`
}
