import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { type AppEnv, allowOnly, createBaseApp } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { invalidRequest, publishArticleDeps, registerApiRoutes } from './article-api-routes.ts'
import { equalsInConstantTime, isAuthorized } from './bearer-auth.ts'
import { lazyApp } from './lazy-app.ts'
import { declareOtherMethods, openApiDocument, registerComponents } from './openapi.ts'
import { HttpProblem } from './problem.ts'
import { mountRouteGroup, publishRouteGroups } from './publish-route-groups.ts'
import { openApiDocumentRoute } from './publish-routes.ts'
import { sharedParameters } from './publish-schemas.ts'

const defaultMaxBodyBytes = 1024 * 1024

/** The `/api` routes of DESIGN.md: authenticated, JSON only, conditional writes. */
export function createPublishApp(deps: PublishAppDeps): Hono<AppEnv> {
  // Nothing under /api is ever kept by a shared cache, not even an unknown path's 404.
  const app = createBaseApp(deps.logger, { notFoundCacheControl: 'no-store' })
  const api = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
  const articleDeps = publishArticleDeps(deps)
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
  // request, with every route group loaded: a cold start that serves no document does not pay for one.
  api.openAPIRegistry.registerPath(openApiDocumentRoute)
  const groups = publishRouteGroups(deps, articleDeps)
  let document: string | undefined
  api.get(openApiDocumentRoute.getRoutingPath(), async (c) => {
    if (document === undefined) {
      const all = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
      registerComponents(all, sharedParameters)
      all.openAPIRegistry.registerPath(openApiDocumentRoute)
      const loaded = new Map(
        await Promise.all([groups.batch, ...groups.rest].map(async (g) => [g, await g.load()] as const)),
      )
      registerApiRoutes(all, deps, groups, (group) => loaded.get(group)?.(all))
      declareOtherMethods(all, () => undefined)
      document = JSON.stringify(openApiDocument(all, deps.site))
    }
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

  registerApiRoutes(api, deps, groups, (group) =>
    mountRouteGroup(api, group, { defaultHook: invalidRequest }),
  )

  if (deps.desk) {
    const { store, clock, site, tokens } = deps
    const subscribers = deps.subscribers && { subscribers: deps.subscribers }
    const { desk } = deps
    // The desk's pages (luxon, the editor) are built on the first request under /desk: a cold
    // start for the API, the commonest, neither evaluates nor builds them.
    const deskApp = lazyApp(async () => {
      const { createDeskApp } = await import('../desk/create-desk-app.ts')
      return createDeskApp({ ...desk, store, clock, site, tokens, ...subscribers })
    })
    app.all('/desk', deskApp)
    app.all('/desk/*', deskApp)
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
