import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
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
import { createDeskApp } from '../desk/create-desk-app.ts'
import { registerDeskApiRoutes } from '../desk/desk-api-routes.ts'
import { type AppEnv, allowOnly, createBaseApp } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { apiArticleUrl, articleEtag, toArticleResource } from './article-resource.ts'
import { registerAuthorProfileRoutes } from './author-profile-routes.ts'
import { registerBatchRoutes } from './batch-routes.ts'
import { equalsInConstantTime, isAuthorized } from './bearer-auth.ts'
import { declareOtherMethods, openApiDocument, registerComponents } from './openapi.ts'
import { HttpProblem } from './problem.ts'
import {
  createArticleRoute,
  deleteArticleRoute,
  getArticleRoute,
  listArticlesRoute,
  openApiDocumentRoute,
  putArticleRoute,
} from './publish-routes.ts'
import { sharedParameters } from './publish-schemas.ts'
import { registerSubscriberRoutes } from './subscriber-routes.ts'

const defaultMaxBodyBytes = 1024 * 1024

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
function invalidRequest(result: ValidationResult): undefined {
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

/** The `/api` routes of DESIGN.md: authenticated, JSON only, conditional writes. */
export function createPublishApp(deps: PublishAppDeps): Hono<AppEnv> {
  // Nothing under /api is ever kept by a shared cache, not even an unknown path's 404.
  const app = createBaseApp(deps.logger, { notFoundCacheControl: 'no-store' })
  const api = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
  const articleDeps = { store: deps.store, clock: deps.clock, site: deps.site, editor: 'publish token' }
  const maxBodyBytes = deps.maxBodyBytes ?? defaultMaxBodyBytes
  const { originVerify } = deps
  if (originVerify) {
    // Deployed, only requests CloudFront marked on their way reach the routes (the Function URL
    // itself is public): checked in constant time, before the token and before any body.
    app.use(async (c, next) => {
      if (!equalsInConstantTime(c.req.header(originVerify.header), await originVerify.value())) {
        throw new HttpProblem(403, 'Forbidden', 'The publish API answers only through the site itself.')
      }
      await next()
    })
  }
  registerComponents(api, sharedParameters)

  // No input to validate, so only its declaration goes through the registry. Generated on first
  // request: a cold start that serves no document does not pay for one.
  api.openAPIRegistry.registerPath(openApiDocumentRoute)
  let document: string | undefined
  api.get(openApiDocumentRoute.getRoutingPath(), (c) => {
    document ??= JSON.stringify(openApiDocument(api, deps.site))
    return c.body(document, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
  })

  // Everything after the public document needs the token, unknown paths too.
  api.use('/api/*', authenticate(deps.tokens))
  api.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpProblem(
          413,
          'Content Too Large',
          `The request body is over the ${maxBodyBytes} bytes this API accepts.`,
        )
      },
    }),
  )

  api.openapi(createArticleRoute, async (c) => {
    const article = await createArticle(toArticleInput(c.req.valid('json')), articleDeps)
    return c.json(toArticleResource(article, deps.site.url), 201, {
      Location: apiArticleUrl(deps.site.url, article.slug),
      ETag: articleEtag(article),
    })
  })

  registerBatchRoutes(api, articleDeps)

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

  registerSubscriberRoutes(api, deps.subscribers)
  registerAuthorProfileRoutes(api, { store: deps.store, clock: deps.clock, siteUrl: deps.site.url })

  if (deps.desk) {
    const { store, clock, site, tokens } = deps
    registerDeskApiRoutes(api, { ...deps.desk, store, clock, siteUrl: site.url })
    const subscribers = deps.subscribers && { subscribers: deps.subscribers }
    app.route('/', createDeskApp({ ...deps.desk, store, clock, site, tokens, ...subscribers }))
  }
  app.route('/', api)
  // After the routes and the token check: OPTIONS and 405 with `Allow`, from the methods declared above.
  declareOtherMethods(api, (path, methods) => allowOnly(app, path, methods))
  return app
}

/** 401 unless the request carries one of the tokens; then nothing under /api is cacheable. */
function authenticate(tokens: PublishAppDeps['tokens']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isAuthorized(c.req.header('authorization'), await tokens())) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        'Send a valid publish token as "Authorization: Bearer <token>".',
        { headers: { 'WWW-Authenticate': 'Bearer realm="publish"' } },
      )
    }
    c.header('Cache-Control', 'no-store')
    await next()
  }
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
