import type { Article } from './article.ts'
import type { ArticleInput } from './article-input.ts'
import { isTombstone } from './article-store.ts'
import { buildArticle, sameContent } from './build-article.ts'
import type { ArticleDeps } from './create-article.ts'
import { ConflictError, PreconditionFailedError, UnavailableError, ValidationError } from './errors.ts'
import { asMinorEdit } from './minor-edit.ts'
import { articleRevision } from './revision.ts'

/** Conditions on the article's current state, as the HTTP layer read them from the request. */
export interface ReplaceOptions {
  /**
   * `If-Match`: the revisions (`articleRevision`) the client has seen, `*` for any existing
   * article. Absent: replace whatever is there.
   */
  readonly ifMatch?: readonly string[]
  /** `If-None-Match`: `*` to only create, or revisions that must not be the current one. */
  readonly ifNoneMatch?: readonly string[]
  /** A minor edit (`asMinorEdit`): keeps `updatedAt`, announces nothing. Ignored on a create. */
  readonly minor?: boolean
}

export interface ReplaceResult {
  readonly article: Article
  readonly created: boolean
}

/**
 * How often a write without `If-Match` re-reads and retries after losing a race. Every lost race
 * means another writer won, so this covers dozens of simultaneous writers to one article; past it
 * the client hears "busy, retry" (503), never a 412 for a precondition it did not send.
 */
export const raceAttempts = 30

/** A short random pause before retrying a lost race, so that the losers do not collide again in step. */
export function afterLostRace(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt)
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** What a writer without `If-Match` that kept losing races answers. */
export function tooBusy(slug: string, cause: unknown): UnavailableError {
  return new UnavailableError(`"${slug}" is being changed by too many clients at once`, { cause })
}

/**
 * Creates or replaces the article at `slug`. With `ifMatch`, a version that moved on is a
 * `PreconditionFailedError`; without it, a concurrent write is re-read and re-applied, never lost.
 * Replacing with identical content writes nothing and keeps the version.
 */
export async function replaceArticle(
  slug: string,
  input: ArticleInput,
  options: ReplaceOptions,
  deps: ArticleDeps,
): Promise<ReplaceResult> {
  if (input.slug !== undefined && input.slug !== slug) {
    throw new ValidationError([{ path: 'slug', message: `is immutable: this article's slug is "${slug}"` }])
  }
  const conditional = options.ifMatch !== undefined || options.ifNoneMatch !== undefined
  for (let attempt = 1; ; attempt++) {
    const found = await deps.store.findBySlug(slug)
    const current = found && !isTombstone(found) ? found : undefined
    checkPreconditions(slug, options, current)
    const context = {
      site: deps.site,
      now: deps.clock(),
      ...(deps.editor !== undefined && { editor: deps.editor }),
    }
    try {
      if (!current) {
        const article = await buildArticle(input, slug, context)
        await deps.store.create(article)
        return { article, created: true }
      }
      const built = await buildArticle(input, slug, context, current)
      const article = options.minor === true ? asMinorEdit(built, current, context.now) : built
      if (sameContent(current, article)) return { article: current, created: false }
      await deps.store.replace(article, current)
      return { article, created: false }
    } catch (error) {
      // Lost a race with another writer: with a precondition the client must decide; without one, retry on the new state.
      const raced = error instanceof PreconditionFailedError || error instanceof ConflictError
      if (!raced) throw error
      if (conditional) {
        throw error instanceof ConflictError
          ? new PreconditionFailedError(`"${slug}" was created by another request meanwhile`, {
              cause: error,
            })
          : error
      }
      if (attempt >= raceAttempts) throw tooBusy(slug, error)
      await afterLostRace(attempt)
    }
  }
}

/**
 * RFC 9110 §13.1: `If-Match` holds when the article exists and one tag is its revision (or `*`);
 * `If-None-Match` holds when it does not exist (`*`) or none of the tags is its revision.
 */
export function checkPreconditions(
  slug: string,
  options: ReplaceOptions,
  current: Article | undefined,
): void {
  const revision = current === undefined ? undefined : articleRevision(current)
  if (options.ifMatch !== undefined) {
    if (revision === undefined)
      throw new PreconditionFailedError(`If-Match was given but "${slug}" does not exist`)
    if (!options.ifMatch.some((tag) => tag === '*' || tag === revision)) {
      throw new PreconditionFailedError(
        `If-Match does not name "${revision}", the current revision of "${slug}"`,
      )
    }
  }
  if (options.ifNoneMatch !== undefined && revision !== undefined) {
    if (options.ifNoneMatch.some((tag) => tag === '*' || tag === revision)) {
      throw new PreconditionFailedError(
        options.ifNoneMatch.includes('*')
          ? `"${slug}" already exists, and If-None-Match: * asked to create it only`
          : `If-None-Match names the current revision of "${slug}"`,
      )
    }
  }
}
