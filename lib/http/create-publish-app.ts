import type { Hono, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { type AppEnv, allowRoutedMethods, createBaseApp } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { equalsInConstantTime, isAuthorized } from './bearer-auth.ts'
import { lazyApp } from './lazy-app.ts'
import { HttpProblem } from './problem.ts'
import { mountRouteGroup, openApiDocumentPath, publishRouteGroups } from './publish-route-groups.ts'

const defaultMaxBodyBytes = 1024 * 1024

/** The `/api` routes of DESIGN.md: authenticated, JSON only, conditional writes. */
export function createPublishApp(deps: PublishAppDeps): Hono<AppEnv> {
  // Nothing under /api is ever kept by a shared cache, not even an unknown path's 404.
  const app = createBaseApp(deps.logger, { notFoundCacheControl: 'no-store' })
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
  // Every route is in a group built on its first request (publish-route-groups.ts): a cold start
  // builds none, and evaluates no zod schema. The document, generated on first request, loads them all.
  const groups = publishRouteGroups(deps)
  let document: string | undefined
  app.get(openApiDocumentPath, async (c) => {
    if (document === undefined) {
      const { publishDocument } = await import('./publish-api-modules.ts')
      document = await publishDocument(deps, groups)
    }
    return c.body(document, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    })
  })

  // Everything after the public document needs the token, unknown paths too.
  app.use('/api/*', authenticate(deps.tokens))
  app.use(
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

  for (const group of [groups.articles, groups.batch, ...groups.rest]) mountRouteGroup(app, group)

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
  // After the token check: OPTIONS and 405 with `Allow` on the document's path, from its route; each
  // group answers them on its own paths.
  allowRoutedMethods(app)
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
