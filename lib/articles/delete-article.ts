import type { Tombstone } from './article.ts'
import { isTombstone } from './article-store.ts'
import type { ArticleDeps } from './create-article.ts'
import { GoneError, NotFoundError, PreconditionFailedError } from './errors.ts'
import type { ReplaceOptions } from './replace-article.ts'

/** Deletes the article at `slug`, leaving a tombstone so its permalink answers 410. */
export async function deleteArticle(
  slug: string,
  options: ReplaceOptions,
  deps: ArticleDeps,
): Promise<Tombstone> {
  const found = await deps.store.findBySlug(slug)
  if (!found) throw new NotFoundError(`no article "${slug}"`)
  if (isTombstone(found)) throw new GoneError(`article "${slug}" was deleted at ${found.deletedAt}`)
  if (options.ifMatch !== undefined && !options.ifMatch.some((tag) => tag === '*' || tag === found.version)) {
    throw new PreconditionFailedError(
      `If-Match does not match the current version ${found.version} of "${slug}"`,
    )
  }
  return deps.store.remove(found, deps.clock().toISOString())
}
