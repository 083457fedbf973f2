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

/**
 * A Hono app with the behaviour both apps share: one log line per request, every error as an
 * RFC 9457 problem through one table, and the same shape for unknown routes.
 */
export function createBaseApp(logger: AppLogger | undefined): Hono<AppEnv> {
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
        'Content-Type': problemType,
        'Cache-Control': 'no-store',
        ...mapped.headers,
      })
    }
    const id = requestId(c.env)
    logger?.error(error, { method: c.req.method, path: c.req.path, ...(id ? { requestId: id } : {}) })
    return c.body(problemBody(internalProblem, c.req.path), 500, {
      'Content-Type': problemType,
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
      { 'Content-Type': problemType, 'Cache-Control': 'public, max-age=60' },
    ),
  )
  return app
}
