import { Hono } from 'hono'
import type { AppLogger } from './app-deps.ts'
import { internalProblem, problemBody, toProblem } from './problem.ts'

/** What `hono/aws-lambda` puts in `c.env`; absent on other servers. */
interface LambdaEnv {
  readonly event?: { readonly requestContext?: { readonly requestId?: string } }
  readonly lambdaContext?: { readonly awsRequestId?: string }
}

export type AppEnv = { Bindings: LambdaEnv }

const problemType = 'application/problem+json'
const problemHeaders = { 'Content-Type': problemType, 'X-Content-Type-Options': 'nosniff' } as const

export interface BaseAppOptions {
  /** `Cache-Control` of the 404 for a path no route knows; default: a minute in any cache. */
  readonly notFoundCacheControl?: string
}

/**
 * A Hono app with the behaviour both apps share: one log line per request, every error as an
 * RFC 9457 problem through one table, and the same shape for unknown routes.
 */
export function createBaseApp(logger: AppLogger | undefined, options: BaseAppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requestId = (env: LambdaEnv | undefined) =>
    env?.lambdaContext?.awsRequestId ?? env?.event?.requestContext?.requestId

  // No logger, no middleware: a request then goes straight to its handler.
  if (logger) {
    app.use(async (c, next) => {
      const started = performance.now()
      await next()
      const id = requestId(c.env)
      logger.request({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(id ? { requestId: id } : {}),
      })
    })
  }

  app.onError((error, c) => {
    const mapped = toProblem(error)
    if (mapped) {
      return c.body(problemBody(mapped.problem, c.req.path), mapped.problem.status as 400, {
        ...problemHeaders,
        'Cache-Control': 'no-store',
        ...mapped.headers,
      })
    }
    const id = requestId(c.env)
    logger?.error(error, { method: c.req.method, path: c.req.path, ...(id ? { requestId: id } : {}) })
    return c.body(problemBody(internalProblem, c.req.path), 500, {
      ...problemHeaders,
      'Cache-Control': 'no-store',
    })
  })

  app.notFound((c) =>
    c.body(
      problemBody(
        { type: 'about:blank', title: 'Not Found', status: 404, detail: `Nothing lives at ${c.req.path}.` },
        c.req.path,
      ),
      404,
      { ...problemHeaders, 'Cache-Control': options.notFoundCacheControl ?? 'public, max-age=60' },
    ),
  )
  return app
}

const standardMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT']

/**
 * After a path's routes: any other method on it answers 405 with `Allow` (RFC 9110 §15.5.6), and
 * OPTIONS 204 with `Allow`, instead of the cacheable 404 of an unknown path.
 */
export function allowOnly(app: Hono<AppEnv>, path: string, methods: readonly string[]): void {
  const allow = [...methods, 'OPTIONS'].join(', ')
  // Only the other methods: a second handler on an allowed one would make every request go
  // through Hono's middleware composition instead of straight to its route.
  const others = standardMethods.filter((method) => !methods.includes(method))
  app.on(others, path, (c) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allow, 'Cache-Control': 'no-store' })
    return c.body(
      problemBody(
        {
          type: 'about:blank',
          title: 'Method Not Allowed',
          status: 405,
          detail: `${c.req.path} answers ${methods.join(', ')}, not ${c.req.method}.`,
        },
        c.req.path,
      ),
      405,
      { ...problemHeaders, Allow: allow, 'Cache-Control': 'no-store' },
    )
  })
}
