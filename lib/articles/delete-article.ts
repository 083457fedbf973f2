import { isPublicAt, type Tombstone } from './article.ts'
import { isTombstone } from './article-store.ts'
import type { ArticleDeps } from './create-article.ts'
import { GoneError, NotFoundError, PreconditionFailedError } from './errors.ts'
import {
  afterLostRace,
  checkPreconditions,
  type ReplaceOptions,
  raceAttempts,
  tooBusy,
} from './replace-article.ts'

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
    checkPreconditions(slug, options, found)
    const now = deps.clock()
    const tombstone: Tombstone = {
      slug,
      id: found.id,
      deletedAt: now.toISOString(),
      version: found.version + 1,
      wasPublic: found.wasPublic === true || isPublicAt(found, now.getTime()),
    }
    try {
      await deps.store.remove(found, tombstone)
      return tombstone
    } catch (error) {
      const conditional = options.ifMatch !== undefined || options.ifNoneMatch !== undefined
      if (!(error instanceof PreconditionFailedError) || conditional) throw error
      if (attempt >= raceAttempts) throw tooBusy(slug, error)
      await afterLostRace(attempt)
    }
  }
}
