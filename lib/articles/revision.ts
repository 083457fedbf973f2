import { createHash } from 'node:crypto'
import type { Article } from './article.ts'

/**
 * An opaque name for one version of one article, the API's entity tag: its version and a digest of
 * its immutable id. Versions restart at 1 when a deleted slug is created again, so the id is what
 * keeps a tag held for the old article from ever matching the new one.
 */
export function articleRevision(article: Pick<Article, 'id' | 'version'>): string {
  const identity = createHash('sha256').update(article.id, 'utf8').digest('base64url').slice(0, 16)
  return `${article.version}-${identity}`
}
