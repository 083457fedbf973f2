import * as z from 'zod'
import { refusal, refusalOf } from './api-refusal.ts'
import { ApiTransport, type ApiTransportOptions } from './api-transport.ts'
import { type ArticleRefusedError, SiteFailedError } from './cli-error.ts'

export { refusal } from './api-refusal.ts'
export { retryAfterMs, sleep } from './api-retry.ts'

/**
 * An article as the publish API returns it. Loose on purpose: fields this CLI does not know (a newer
 * site's `language`, say) pass through to an export untouched.
 */
export const apiArticleSchema = z.looseObject({
  id: z.string(),
  slug: z.string(),
  url: z.string(),
  title: z.string(),
  status: z.string(),
  version: z.number(),
  publishedAt: z.string().optional(),
})
export type ApiArticle = z.infer<typeof apiArticleSchema>

const listSchema = z.object({ items: z.array(apiArticleSchema), nextCursor: z.string().optional() })

/** What an import keeps of a created article: the minimal answer (`Prefer: return=minimal`) has it. */
const createdSchema = apiArticleSchema.pick({ slug: true, url: true, version: true })
export type CreatedArticle = z.infer<typeof createdSchema>

const batchSchema = z.object({
  results: z.array(
    z.looseObject({
      index: z.number(),
      status: z.number(),
      // The full answer (a site that ignores the preference), or the minimal one's fields beside `status`.
      article: createdSchema.optional(),
      ...createdSchema.partial().shape,
      problem: z.unknown().optional(),
    }),
  ),
})

/** What became of one article of a batch: created, or refused as a POST of it alone would have been. */
export type BatchItemResult =
  | { readonly status: 201; readonly article: CreatedArticle }
  | { readonly status: number; readonly refusal: ArticleRefusedError }

/** What a GET of one slug found. */
export type Lookup =
  | { readonly state: 'found'; readonly article: ApiArticle; readonly etag: string | undefined }
  | { readonly state: 'missing' }
  /** Deleted: the permalink answers 410. */
  | { readonly state: 'gone' }

/** An article body as sent: the API judges every field, this CLI only builds it. */
export type ArticleBody = Readonly<Record<string, unknown>>

/**
 * The publish API over HTTP, and nothing else: what works against `npm start` works against a
 * deployed site. Overload (429/503 with `Retry-After`), gateway errors and dropped connections are
 * retried; a refused token, an unreachable site and a 5xx that persists end the run
 * ({@link CliError}); a refused article is an {@link ArticleRefusedError} for that item alone.
 */
export class ApiClient {
  readonly #transport: ApiTransport

  constructor(options: ApiTransportOptions) {
    this.#transport = new ApiTransport(options)
  }

  get url(): string {
    return this.#transport.url
  }

  /** One cheap authenticated read: proves the site is there, is this API, and takes the token. */
  async checkAccess(): Promise<void> {
    await this.listArticles(undefined, 1)
  }

  async getArticle(slug: string): Promise<Lookup> {
    const res = await this.#transport.send('GET', articlePath(slug))
    if (res.status === 404) return { state: 'missing' }
    if (res.status === 410) return { state: 'gone' }
    if (res.status !== 200) throw await refusal(res)
    const etag = res.headers.get('etag') ?? undefined
    return { state: 'found', article: await this.#transport.parse(res, apiArticleSchema), etag }
  }

  /** POST: creates only; a taken slug is a 409 {@link ArticleRefusedError}, never an overwrite. */
  async createArticle(body: ArticleBody): Promise<ApiArticle> {
    const res = await this.#transport.send('POST', '/api/articles', body)
    if (res.status !== 201) throw await refusal(res)
    return this.#transport.parse(res, apiArticleSchema)
  }

  /**
   * POST /api/article-batches: creates each body (its slug set) as `createArticle` would, but never
   * over a deleted article; one result per body, in order. Undefined when the site has no bulk
   * endpoint (an older site: 404 or 405) or the batch is over its body limit (413): send them one by one.
   */
  async createArticles(bodies: readonly ArticleBody[]): Promise<BatchItemResult[] | undefined> {
    // Each created article's slug, url and version are all an import keeps: not ~7 KB of it in full.
    const res = await this.#transport.send(
      'POST',
      '/api/article-batches',
      { articles: bodies },
      { Prefer: 'return=minimal' },
    )
    if (res.status === 404 || res.status === 405 || res.status === 413) {
      await res.body?.cancel()
      return undefined
    }
    if (res.status !== 200) throw await refusal(res)
    const { results } = await this.#transport.parse(res, batchSchema)
    if (results.length !== bodies.length || results.some((r, i) => r.index !== i)) {
      throw new SiteFailedError(
        `${this.#transport.url} answered a batch of ${bodies.length} with other results`,
      )
    }
    return results.map((result, index): BatchItemResult => {
      const { slug, url, version } = result.article ?? result
      if (result.status === 201 && slug !== undefined && url !== undefined && version !== undefined)
        return { status: 201, article: { slug, url, version } }
      return {
        status: result.status,
        refusal: refusalOf(result.status, '', result.problem, `articles.${index}`),
      }
    })
  }

  /** PUT with `If-Match`: the article as it was read, or a 412 {@link ArticleRefusedError}. */
  async replaceArticle(slug: string, body: ArticleBody, etag: string | undefined): Promise<ApiArticle> {
    const res = await this.#transport.send(
      'PUT',
      articlePath(slug),
      body,
      etag !== undefined ? { 'If-Match': etag } : {},
    )
    if (res.status !== 200 && res.status !== 201) throw await refusal(res)
    return this.#transport.parse(res, apiArticleSchema)
  }

  async listArticles(
    cursor: string | undefined,
    limit = 100,
  ): Promise<{ items: ApiArticle[]; nextCursor?: string }> {
    const query = new URLSearchParams({ limit: String(limit) })
    if (cursor !== undefined) query.set('cursor', cursor)
    const res = await this.#transport.send('GET', `/api/articles?${query}`)
    if (res.status === 404) {
      throw new SiteFailedError(
        `${this.#transport.url} has no newsfeed publish API (GET /api/articles answered 404)`,
      )
    }
    if (res.status !== 200) throw await refusal(res)
    const page = await this.#transport.parse(res, listSchema)
    return { items: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) }
  }

  /** Any other route of the API, with the same retries and errors (`desk-commands.ts` uses it). */
  send(
    method: string,
    path: string,
    body?: ArticleBody,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    return this.#transport.send(method, path, body, extra)
  }
}

function articlePath(slug: string): string {
  return `/api/articles/${encodeURIComponent(slug)}`
}
