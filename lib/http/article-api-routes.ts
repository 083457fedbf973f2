import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ZodError } from 'zod'
import { toArticleInput } from '../articles/article-input.ts'
import { issuesFromZod } from '../articles/article-input-messages.ts'
import { type ArticleStore, isTombstone } from '../articles/article-store.ts'
import { createArticle } from '../articles/create-article.ts'
import { deleteArticle } from '../articles/delete-article.ts'
import { GoneError, NotFoundError, ValidationError } from '../articles/errors.ts'
import type { ReplaceOptions } from '../articles/replace-article.ts'
import { replaceArticle } from '../articles/replace-article.ts'
import { hasSlugShape } from '../articles/slug.ts'
import type { AppEnv } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { apiArticleUrl, articleEtag, toArticleResource } from './article-resource.ts'
import { publishArticleDeps } from './publish-route-groups.ts'
import {
  createArticleRoute,
  deleteArticleRoute,
  getArticleRoute,
  listArticlesRoute,
  putArticleRoute,
} from './publish-routes.ts'

/* The article routes of the publish API (`/api/articles`), and the order the document lists all routes in. */

/** What a route's validator hands its hook: the part it checked and, on failure, zod's error. */
type ValidationResult = { readonly target: string } & (
  | { readonly success: true }
  | { readonly success: false; readonly error: ZodError }
)

/**
 * A request part that failed its route's schema: a 400 naming each field, in our words, never the
 * library's default JSON. The validator also hands over what it checked (`data`), which the
 * messages quote.
 */
export function invalidRequest(result: ValidationResult): undefined {
  if (!result.success) {
    throw new ValidationError(issuesFromZod(result.error.issues, 'data' in result ? result.data : undefined))
  }
  return undefined
}

/**
 * The slug the article a path names is stored at: the folded form the route's schema gave (`slug`),
 * unless the path sent another form (`raw`) that an article stored before slugs were folded still
 * holds. Costs a read only on such paths, which no link of the site writes for new articles.
 */
async function storedSlug(store: ArticleStore, slug: string, raw: string): Promise<string> {
  if (raw === slug || !hasSlugShape(raw) || (await store.findBySlug(slug)) !== undefined) return slug
  return (await store.findBySlug(raw)) !== undefined ? raw : slug
}

/** On GET and DELETE, a path segment that cannot be a slug names no article: 404 like an unknown one. */
function unknownSlug(result: ValidationResult, slug: string): undefined {
  if (!result.success && result.target === 'param')
    throw new NotFoundError(`no article "${slug.slice(0, 100)}"`)
  return invalidRequest(result)
}

/** Where the document lists the other route groups among the article routes. */
export interface BetweenArticleRoutes {
  /** After the article's POST (the bulk import). */
  readonly afterCreate: () => void
  /** After the article's DELETE (the rest). */
  readonly atEnd: () => void
}

const nothingBetween: BetweenArticleRoutes = { afterCreate: () => undefined, atEnd: () => undefined }

/**
 * Registers the article routes (`/api/articles`) on `api`, and through `between` the other groups in
 * the order the document lists them (the document's API); served, each group is an app of its own.
 */
export function registerApiRoutes(
  api: OpenAPIHono<AppEnv>,
  deps: PublishAppDeps,
  between: BetweenArticleRoutes = nothingBetween,
): void {
  const articleDeps = publishArticleDeps(deps)
  api.openapi(createArticleRoute, async (c) => {
    const article = await createArticle(toArticleInput(c.req.valid('json')), articleDeps)
    return c.json(toArticleResource(article, deps.site.url), 201, {
      Location: apiArticleUrl(deps.site.url, article.slug),
      ETag: articleEtag(article),
    })
  })

  between.afterCreate()

  api.openapi(listArticlesRoute, async (c) => {
    const { status, cursor, limit } = c.req.valid('query')
    const page = await deps.store.listByStatus({
      limit,
      ...(status !== undefined && { status }),
      ...(cursor !== undefined && { cursor }),
    })
    return c.json(
      {
        items: page.items.map((a) => toArticleResource(a, deps.site.url)),
        ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
      },
      200,
    )
  })

  api.openapi(
    getArticleRoute,
    async (c) => {
      const slug = await storedSlug(deps.store, c.req.valid('param').slug, c.req.param('slug'))
      const found = await deps.store.findBySlug(slug)
      if (!found) throw new NotFoundError(`no article "${slug}"`)
      if (isTombstone(found)) throw new GoneError(`article "${slug}" was deleted at ${found.deletedAt}`)
      return c.json(toArticleResource(found, deps.site.url), 200, { ETag: articleEtag(found) })
    },
    (result, c) => unknownSlug(result, c.req.param('slug')),
  )

  api.openapi(putArticleRoute, async (c) => {
    const slug = await storedSlug(deps.store, c.req.valid('param').slug, c.req.param('slug'))
    const { minor, ...data } = c.req.valid('json')
    const { article, created } = await replaceArticle(
      slug,
      toArticleInput(data),
      { ...preconditions(c.req.valid('header')), ...(minor === true && { minor }) },
      articleDeps,
    )
    const resource = toArticleResource(article, deps.site.url)
    if (!created) return c.json(resource, 200, { ETag: articleEtag(article) })
    return c.json(resource, 201, {
      ETag: articleEtag(article),
      Location: apiArticleUrl(deps.site.url, article.slug),
    })
  })

  api.openapi(
    deleteArticleRoute,
    async (c) => {
      const slug = await storedSlug(deps.store, c.req.valid('param').slug, c.req.param('slug'))
      await deleteArticle(slug, preconditions(c.req.valid('header')), articleDeps)
      return c.body(null, 204)
    },
    (result, c) => unknownSlug(result, c.req.param('slug')),
  )

  between.atEnd()
}

/** The parsed `If-Match` (strong tags only) and `If-None-Match` of a write. */
function preconditions(headers: {
  readonly 'If-Match'?: string[] | undefined
  readonly 'If-None-Match'?: string[] | undefined
}): ReplaceOptions {
  return {
    ...(headers['If-Match'] !== undefined && { ifMatch: headers['If-Match'] }),
    ...(headers['If-None-Match'] !== undefined && { ifNoneMatch: headers['If-None-Match'] }),
  }
}
