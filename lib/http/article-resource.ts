import type { Article } from '../articles/article.ts'
import { publicAttachments } from '../articles/attachment.ts'
import { byline } from '../articles/byline.ts'
import { articleLanguage } from '../articles/language.ts'
import { permalink } from '../articles/permalink.ts'
import { articleRevision } from '../articles/revision.ts'
import { sourceLink } from '../articles/source-link.ts'
import { leadImageOf } from '../pages/web-url.ts'
import type { Site } from '../site.ts'

/** The JSON shape of an article in the publish API: the stored article plus its public URL. */
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
    ...(article.attachments !== undefined ? { attachments: article.attachments } : {}),
    ...(article.episode !== undefined ? { episode: article.episode } : {}),
    ...(article.source !== undefined ? { source: article.source } : {}),
    ...(article.language !== undefined ? { language: article.language } : {}),
    status: article.status,
    ...(article.publishedAt !== undefined ? { publishedAt: article.publishedAt } : {}),
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    ...(article.editedAt !== undefined ? { editedAt: article.editedAt } : {}),
    version: article.version,
  }
}

/**
 * The public JSON of a published article (`/articles/{slug}.json`): what its page shows and nothing
 * more. The sanitised HTML, never the source the publisher sent (which may hold comments, scripts
 * or hidden markup), and none of the editorial record (creation time, version, status).
 */
export function toPublicArticle(article: Article, site: Site) {
  const image = leadImageOf(article)
  const attachments = publicAttachments(article.attachments)
  const source = sourceLink(article)
  return {
    id: article.id,
    slug: article.slug,
    url: permalink(site.url, article.slug),
    title: article.title,
    summary: article.summary,
    contentHtml: article.contentHtml,
    authors: byline(article, site).authors,
    categories: article.categories,
    ...(image ? { image } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(source !== undefined ? { source } : {}),
    language: articleLanguage(article, site),
    ...(article.publishedAt !== undefined ? { publishedAt: article.publishedAt } : {}),
    updatedAt: article.updatedAt,
  }
}

/** The API's ETag of an article: its revision, a strong entity tag that names this article only. */
export function articleEtag(article: Pick<Article, 'id' | 'version'>): string {
  return `"${articleRevision(article)}"`
}

/** Where an article lives in this API: an ASCII URL, the slug percent-encoded (a header carries no other). */
export function apiArticleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/api/articles/${encodeURIComponent(slug)}`
}
