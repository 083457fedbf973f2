import type { ApiArticle, ApiClient, ArticleBody } from './api-client.ts'
import { ArticleRefusedError } from './cli-error.ts'

/** What the state file remembers of an article an earlier run put on the site. */
export interface KnownPlacement {
  readonly slug: string
  readonly version: number
  /** A digest of the body sent then: the same body again needs no write. */
  readonly digest: string
}

export interface PlaceRequest {
  /** Slugs to try in order. */
  readonly candidates: readonly string[]
  /** The article without its slug. */
  readonly body: ArticleBody
  /** An existing article is this one only with this id; absent: whatever is at the first candidate. */
  readonly id?: string
  /** Whether a deleted (410) slug may be taken again. */
  readonly goneIsFree: boolean
  readonly dryRun: boolean
  /** Replace as a minor edit (`"minor": true` on the PUT); a create never is one. */
  readonly minor?: boolean
  readonly known?: KnownPlacement
  readonly digest?: string
}

export type Placement =
  | { readonly outcome: 'created' | 'updated' | 'unchanged'; readonly article: ApiArticle }
  /** The state file says an earlier run put it here, and someone deleted it since: left deleted. */
  | { readonly outcome: 'deleted'; readonly slug: string }
  | { readonly outcome: 'would-create'; readonly slug: string }
  | { readonly outcome: 'would-update'; readonly article: ApiArticle }

/** A POST that lost its slug to a concurrent writer looks again; this many times. */
const createAttempts = 3

/**
 * Puts one article on the site through the publish API: finds it among its candidate slugs (by id),
 * replaces it there with `If-Match` set to the ETag just read, or creates it at the first free
 * candidate with a create-only POST, so that two writers racing for a slug never overwrite each
 * other. No scan, no index: every lookup is one GET of one slug. It always looks before it creates:
 * a POST would also take a deleted article's slug (the API's create replaces a tombstone), where
 * an item that once lost that slug to another may already live at its next candidate.
 */
export async function placeArticle(api: ApiClient, request: PlaceRequest): Promise<Placement> {
  const { known } = request
  const order =
    known !== undefined
      ? [known.slug, ...request.candidates.filter((c) => c !== known.slug)]
      : [...request.candidates]
  for (let attempt = 1; ; attempt++) {
    let free: string | undefined
    const takenBy: string[] = []
    for (const slug of order) {
      const lookup = await api.getArticle(slug)
      if (lookup.state === 'found') {
        if (request.id === undefined || lookup.article.id === request.id) {
          return update(api, request, slug, lookup.article, lookup.etag)
        }
        takenBy.push(`"${slug}" (${lookup.article.id})`)
        continue
      }
      if (lookup.state === 'gone' && slug === known?.slug) return { outcome: 'deleted', slug }
      if (lookup.state === 'gone' && !request.goneIsFree) {
        takenBy.push(`"${slug}" (deleted)`)
        continue
      }
      // The state's slug is empty (a wiped store): look where the item would go now.
      if (slug === known?.slug && !request.candidates.includes(slug)) continue
      free = slug
      break
    }
    if (free === undefined) {
      throw new ArticleRefusedError(409, `its slugs are taken by other articles: ${takenBy.join(', ')}`)
    }
    if (request.dryRun) return { outcome: 'would-create', slug: free }
    try {
      return { outcome: 'created', article: await api.createArticle({ ...request.body, slug: free }) }
    } catch (error) {
      // Taken between the look and the POST (another item of this run, another writer): look again.
      if (!(error instanceof ArticleRefusedError && error.status === 409) || attempt >= createAttempts)
        throw error
    }
  }
}

async function update(
  api: ApiClient,
  request: PlaceRequest,
  slug: string,
  current: ApiArticle,
  etag: string | undefined,
): Promise<Placement> {
  if (request.dryRun) return { outcome: 'would-update', article: current }
  const { known } = request
  if (
    known !== undefined &&
    known.slug === slug &&
    known.version === current.version &&
    request.digest !== undefined &&
    known.digest === request.digest
  ) {
    return { outcome: 'unchanged', article: current }
  }
  const body = { ...request.body, slug, ...(request.minor === true && { minor: true }) }
  const article = await api.replaceArticle(slug, body, etag)
  // The site writes nothing for identical content and keeps the version.
  return { outcome: article.version === current.version ? 'unchanged' : 'updated', article }
}
