import type { Article } from '../articles/article.ts'
import { permalink } from '../articles/permalink.ts'

/** The JSON shape of an article in responses: the stored article plus its public URL. */
export function toArticleResource(article: Article, siteUrl: string) {
  return {
    id: article.id,
    slug: article.slug,
    url: permalink(siteUrl, article.slug),
    title: article.title,
    summary: article.summary,
    content: article.content,
    contentFormat: article.contentFormat,
    contentHtml: article.contentHtml,
    authors: article.authors,
    categories: article.categories,
    ...(article.image ? { image: article.image } : {}),
    status: article.status,
    ...(article.publishedAt !== undefined ? { publishedAt: article.publishedAt } : {}),
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    version: article.version,
  }
}

/** The API's ETag of an article: its version, strong. */
export function articleEtag(article: Pick<Article, 'version'>): string {
  return `"${article.version}"`
}
