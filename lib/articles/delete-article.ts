import type { Tombstone } from './article.ts'
import { isTombstone } from './article-store.ts'
import type { ArticleDeps } from './create-article.ts'
import { GoneError, NotFoundError, PreconditionFailedError } from './errors.ts'
import { afterLostRace, type ReplaceOptions, raceAttempts, tooBusy } from './replace-article.ts'

/**
 * Deletes the article at `slug`, leaving a tombstone so its permalink answers 410. With `ifMatch`,
 * a version that moved on is a `PreconditionFailedError`; without it, a concurrent edit is re-read.
 */
export async function deleteArticle(
  slug: string,
  options: ReplaceOptions,
  deps: ArticleDeps,
): Promise<Tombstone> {
  for (let attempt = 1; ; attempt++) {
    const found = await deps.store.findBySlug(slug)
    if (!found) throw new NotFoundError(`no article "${slug}"`)
    if (isTombstone(found)) throw new GoneError(`article "${slug}" was deleted at ${found.deletedAt}`)
    if (
      options.ifMatch !== undefined &&
      !options.ifMatch.some((tag) => tag === '*' || tag === found.version)
    ) {
      throw new PreconditionFailedError(
        `If-Match does not match the current version ${found.version} of "${slug}"`,
      )
    }
    try {
      return await deps.store.remove(found, deps.clock().toISOString())
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || options.ifMatch !== undefined) throw error
      if (attempt >= raceAttempts) throw tooBusy(slug, error)
      await afterLostRace(attempt)
    }
  }
}
