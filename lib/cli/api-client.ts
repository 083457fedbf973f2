import * as z from 'zod'
import { refusal, refusalOf } from './api-refusal.ts'
import { backoff, networkReason, requestTimeoutMs, retryAfterMs, sleep } from './api-retry.ts'
import {
  type ArticleRefusedError,
  type FieldProblem,
  InterruptedError,
  SiteFailedError,
  SiteUnreachableError,
  TokenRefusedError,
} from './cli-error.ts'

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

const batchSchema = z.object({
  results: z.array(
    z.looseObject({
      index: z.number(),
      status: z.number(),
      article: apiArticleSchema.optional(),
      problem: z.unknown().optional(),
    }),
  ),
})

/** What became of one article of a batch: created, or refused as a POST of it alone would have been. */
export type BatchItemResult =
  | { readonly status: 201; readonly article: ApiArticle }
  | { readonly status: number; readonly refusal: ArticleRefusedError }

/** What a GET of one slug found. */
export type Lookup =
  | { readonly state: 'found'; readonly article: ApiArticle; readonly etag: string | undefined }
  | { readonly state: 'missing' }
  /** Deleted: the permalink answers 410. */
  | { readonly state: 'gone' }

/** An article body as sent: the API judges every field, this CLI only builds it. */
export type ArticleBody = Readonly<Record<string, unknown>>

export interface ApiClientOptions {
  /** The site's base URL, e.g. `https://news.example.com` (no `/api`). */
  readonly url: string
  readonly token: string
  readonly fetch?: typeof fetch
  /** Ctrl-C: ends a wait before a retry. A request under way is let finish, so its answer is not lost. */
  readonly signal?: AbortSignal
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Attempts per request when the site answers 429/502/503/504 or the connection fails; default 6. */
  readonly attempts?: number
  /** Told about each retry, for the progress display. */
  readonly onRetry?: (reason: string, delayMs: number) => void
}

/** Retry-After longer than this is not waited out: the run stops and can be resumed later. */
const maxRetryAfterMs = 120_000
/** One request may take this long before it counts as a failed attempt. */
const retryStatuses = new Set([429, 502, 503, 504])

/**
 * The publish API over HTTP, and nothing else: what works against `npm start` works against a
 * deployed site. Overload (429/503 with `Retry-After`), gateway errors and dropped connections are
 * retried; a refused token, an unreachable site and a 5xx that persists end the run
 * ({@link CliError}); a refused article is an {@link ArticleRefusedError} for that item alone.
 */
export class ApiClient {
  readonly #base: string
  readonly #token: string
  readonly #fetch: typeof fetch
  readonly #signal: AbortSignal | undefined
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #attempts: number
  readonly #onRetry: ((reason: string, delayMs: number) => void) | undefined

  constructor(options: ApiClientOptions) {
    this.#base = options.url.replace(/\/+$/, '')
    this.#token = options.token
    this.#fetch = options.fetch ?? fetch
    this.#signal = options.signal
    this.#sleep = options.sleep ?? sleep
    this.#attempts = options.attempts ?? 6
    this.#onRetry = options.onRetry
  }

  get url(): string {
    return this.#base
  }

  /** One cheap authenticated read: proves the site is there, is this API, and takes the token. */
  async checkAccess(): Promise<void> {
    await this.listArticles(undefined, 1)
  }

  async getArticle(slug: string): Promise<Lookup> {
    const res = await this.#send('GET', articlePath(slug))
    if (res.status === 404) return { state: 'missing' }
    if (res.status === 410) return { state: 'gone' }
    if (res.status !== 200) throw await refusal(res)
    const etag = res.headers.get('etag') ?? undefined
    return { state: 'found', article: await this.#parse(res, apiArticleSchema), etag }
  }

  /** POST: creates only; a taken slug is a 409 {@link ArticleRefusedError}, never an overwrite. */
  async createArticle(body: ArticleBody): Promise<ApiArticle> {
    const res = await this.#send('POST', '/api/articles', body)
    if (res.status !== 201) throw await refusal(res)
    return this.#parse(res, apiArticleSchema)
  }

  /**
   * POST /api/article-batches: creates each body (its slug set) as `createArticle` would, but never
   * over a deleted article; one result per body, in order. Undefined when the site has no bulk
   * endpoint (an older site: 404 or 405) or the batch is over its body limit (413): send them one by one.
   */
  async createArticles(bodies: readonly ArticleBody[]): Promise<BatchItemResult[] | undefined> {
    const res = await this.#send('POST', '/api/article-batches', { articles: bodies })
    if (res.status === 404 || res.status === 405 || res.status === 413) {
      await res.body?.cancel()
      return undefined
    }
    if (res.status !== 200) throw await refusal(res)
    const { results } = await this.#parse(res, batchSchema)
    if (results.length !== bodies.length || results.some((r, i) => r.index !== i)) {
      throw new SiteFailedError(`${this.#base} answered a batch of ${bodies.length} with other results`)
    }
    return results.map((result, index): BatchItemResult => {
      if (result.status === 201 && result.article !== undefined)
        return { status: 201, article: result.article }
      return {
        status: result.status,
        refusal: refusalOf(result.status, '', result.problem, `articles.${index}`),
      }
    })
  }

  /** PUT with `If-Match`: the article as it was read, or a 412 {@link ArticleRefusedError}. */
  async replaceArticle(slug: string, body: ArticleBody, etag: string | undefined): Promise<ApiArticle> {
    const res = await this.#send(
      'PUT',
      articlePath(slug),
      body,
      etag !== undefined ? { 'If-Match': etag } : {},
    )
    if (res.status !== 200 && res.status !== 201) throw await refusal(res)
    return this.#parse(res, apiArticleSchema)
  }

  async listArticles(
    cursor: string | undefined,
    limit = 100,
  ): Promise<{ items: ApiArticle[]; nextCursor?: string }> {
    const query = new URLSearchParams({ limit: String(limit) })
    if (cursor !== undefined) query.set('cursor', cursor)
    const res = await this.#send('GET', `/api/articles?${query}`)
    if (res.status === 404) {
      throw new SiteFailedError(`${this.#base} has no newsfeed publish API (GET /api/articles answered 404)`)
    }
    if (res.status !== 200) throw await refusal(res)
    const page = await this.#parse(res, listSchema)
    return { items: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) }
  }

  /** Any other route of the API, with the same retries and errors (`desk-commands.ts` uses it). */
  send(
    method: string,
    path: string,
    body?: ArticleBody,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    return this.#send(method, path, body, extra)
  }

  async #parse<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
    const what = `${res.status} to ${new URL(res.url || this.#base).pathname}`
    let body: unknown
    try {
      body = await res.json()
    } catch {
      throw new SiteFailedError(
        `${this.#base} answered ${what} with a body that is not JSON: is it a newsfeed site?`,
      )
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new SiteFailedError(`${this.#base} answered ${what} with JSON that is not the publish API's`)
    }
    return parsed.data
  }

  async #send(method: string, path: string, body?: ArticleBody, extra: Record<string, string> = {}) {
    const url = `${this.#base}${path}`
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#token}`,
      Accept: 'application/json',
      ...extra,
    }
    const payload = body === undefined ? undefined : JSON.stringify(body)
    if (payload !== undefined) headers['Content-Type'] = 'application/json'
    for (let attempt = 1; ; attempt++) {
      let res: Response
      try {
        res = await this.#fetch(url, {
          method,
          headers,
          ...(payload !== undefined && { body: payload }),
          // A followed 301 turns a POST into a GET: say where the API is instead.
          redirect: 'manual',
          signal: AbortSignal.timeout(requestTimeoutMs),
        })
      } catch (error) {
        const reason = networkReason(error)
        if (attempt >= this.#attempts) throw new SiteUnreachableError(`cannot reach ${this.#base}: ${reason}`)
        await this.#wait(backoff(attempt), reason)
        continue
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel()
        const location = res.headers.get('location') ?? 'elsewhere'
        throw new SiteFailedError(
          `${this.#base} redirects ${method} ${path} to ${location}: give the site's own URL as --url`,
        )
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel()
        throw new TokenRefusedError(
          `${this.#base} refused the token (${res.status} ${res.statusText || 'Unauthorized'}): check --token, NEWSFEED_TOKEN or PUBLISH_TOKEN`,
        )
      }
      if (retryStatuses.has(res.status)) {
        const reason = `${method} ${path} answered ${res.status}`
        const delay = retryAfterMs(res.headers.get('retry-after')) ?? backoff(attempt)
        await res.body?.cancel()
        if (attempt >= this.#attempts || delay > maxRetryAfterMs) {
          throw new SiteFailedError(
            `${this.#base} is not answering: ${reason} ${attempt} times; try again later`,
          )
        }
        await this.#wait(delay, reason)
        continue
      }
      if (res.status >= 500) {
        await res.body?.cancel()
        throw new SiteFailedError(`${this.#base} failed: ${method} ${path} answered ${res.status}`)
      }
      return res
    }
  }

  async #wait(ms: number, reason: string): Promise<void> {
    this.#onRetry?.(reason, ms)
    await this.#sleep(ms, this.#signal)
    if (this.#signal?.aborted) throw new InterruptedError(`interrupted while waiting to retry (${reason})`)
  }
}

function articlePath(slug: string): string {
  return `/api/articles/${encodeURIComponent(slug)}`
}
