import type { Article } from './article.ts'
import { parseArticleInput } from './article-input.ts'
import { buildArticle, resolveSlug } from './build-article.ts'
import type { ArticleDeps } from './create-article.ts'
import { type ConflictError, DomainError, TooLargeError, ValidationError } from './errors.ts'

/** What became of one input of a batch: the article stored, or why it was not. */
export type BatchOutcome =
  | { readonly article: Article }
  | { readonly error: ValidationError | TooLargeError | ConflictError }

/**
 * Creates an article from each input, as `createArticle` would one by one: the same checks and
 * slug rules, and a conditional write that never overwrites (`ArticleStore.createEach`: not even a
 * deleted article's slug). An input that fails its checks or finds its slug taken is refused alone;
 * the others are stored. A store failure throws, and the articles already stored stand.
 */
export async function createArticles(inputs: readonly unknown[], deps: ArticleDeps): Promise<BatchOutcome[]> {
  const now = deps.clock()
  const outcomes: (BatchOutcome | undefined)[] = inputs.map(() => undefined)
  const built: { index: number; article: Article }[] = []
  for (const [index, body] of inputs.entries()) {
    try {
      const input = parseArticleInput(body)
      const article = await buildArticle(input, resolveSlug(input), {
        site: deps.site,
        now,
        ...(deps.editor !== undefined && { editor: deps.editor }),
      })
      built.push({ index, article })
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof TooLargeError)) throw error
      outcomes[index] = { error }
    }
  }
  const stored = built.length > 0 ? await deps.store.createEach(built.map((b) => b.article)) : []
  built.forEach(({ index, article }, i) => {
    const conflict = stored[i]
    outcomes[index] = conflict === undefined ? { article } : { error: conflict }
  })
  return outcomes.map((outcome) => {
    if (outcome === undefined) throw new DomainError('a batch input was left without an outcome')
    return outcome
  })
}
