import type { Article } from './article.ts'
import type { ArticleInput } from './article-input.ts'
import type { ArticleStore } from './article-store.ts'
import { buildArticle, resolveSlug } from './build-article.ts'

export interface ArticleDeps {
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly site: { readonly url: string; readonly author: string }
  /** Who is writing, recorded as the article's `updatedBy`; absent: nobody is recorded. */
  readonly editor?: string
}

/** Stores a new article; a taken slug is a `ConflictError`, never an overwrite. */
export async function createArticle(input: ArticleInput, deps: ArticleDeps): Promise<Article> {
  const article = await buildArticle(input, resolveSlug(input), {
    site: deps.site,
    now: deps.clock(),
    ...(deps.editor !== undefined && { editor: deps.editor }),
  })
  await deps.store.create(article)
  return article
}
