import { type Context, Hono } from 'hono'
import { TrieRouter } from 'hono/router/trie-router'
import type { AppLogger } from './app-deps.ts'
import { internalProblem, problemBody, toProblem } from './problem.ts'

/** What `hono/aws-lambda` puts in `c.env`; absent on other servers. */
interface LambdaEnv {
  readonly event?: {
    readonly requestContext?: { readonly requestId?: string }
    /** The path as the client sent it (a Function URL event; `npm start` passes it too), before URL parsing. */
    readonly rawPath?: string
    readonly rawQueryString?: string
  }
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
        path: sentTarget(c).path,
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
    logger?.error(error, { method: c.req.method, path: sentTarget(c).path, ...(id ? { requestId: id } : {}) })
    return c.body(problemBody(internalProblem, c.req.path), 500, {
      ...problemHeaders,
      'Cache-Control': 'no-store',
    })
  })

  app.notFound((c) => {
    // A method none of the routes of a path it serves answers (POST, PROPFIND, any token): 405.
    const refused = refuseUnroutedMethod(app, c)
    if (refused !== undefined) return refused
    return c.body(
      problemBody(
        { type: 'about:blank', title: 'Not Found', status: 404, detail: `Nothing lives at ${c.req.path}.` },
        c.req.path,
      ),
      404,
      { ...problemHeaders, 'Cache-Control': options.notFoundCacheControl ?? 'public, max-age=60' },
    )
  })
  return app
}

/**
 * The path and query of a request as the client sent them: still percent-encoded, dot segments and
 * all. The Request's URL has been through a URL parser, which resolves dot segments (`%2E%2E`
 * included) and encodes some characters; the event's raw path has not, where there is one (a Lambda
 * Function URL event, and `npm start`, which hands the apps the same fields). The log shows what a
 * client sent, so a path cannot spell out a status or a duration of its own; and one URL per
 * resource is judged on what caches in front of the app see.
 */
export function sentTarget(c: Context<AppEnv>): { readonly path: string; readonly query?: string } {
  const event = c.env?.event
  if (event?.rawPath !== undefined) {
    const query = event.rawQueryString
    return { path: event.rawPath, ...(query !== undefined && query !== '' ? { query } : {}) }
  }
  const url = c.req.url
  const start = url.indexOf('/', url.indexOf('://') + 3)
  if (start === -1) return { path: '/' }
  const target = url.slice(start).split('#')[0] ?? ''
  const at = target.indexOf('?')
  return at === -1 ? { path: target } : { path: target.slice(0, at), query: target.slice(at + 1) }
}

const standardMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT']

/**
 * After a path's routes: any other method on it answers 405 with `Allow` (RFC 9110 §15.5.6), and
 * OPTIONS 204 with `Allow`, instead of the cacheable 404 of an unknown path.
 */
export function allowOnly(app: Hono<AppEnv>, path: string, methods: readonly string[]): void {
  // Told twice of a path (a route module, then allowRoutedMethods): the first word stands.
  settleRoutedMethods(app)
  if (!recordAllowed(app, path, methods)) return
  // Only the other methods: a second handler on an allowed one would make every request go
  // through Hono's middleware composition instead of straight to its route.
  const others = standardMethods.filter((method) => !methods.includes(method))
  const refuse = (c: Context<AppEnv>) => methodNotAllowed(c, methods)
  refusals.add(refuse)
  app.on(others, path, refuse)
}

/**
 * After every route of `app`: each path answers the methods its routes answer (a GET route answers
 * HEAD too) and any other method 405 with `Allow`, derived from `app.routes` so that no list of paths
 * is kept by hand. The paths are only recorded for the not-found handler, which answers every other
 * method on them, standard or not: no route is added per method, which keeps the app quick to build
 * at a cold start and its router small. The table is derived on the first request no route answers
 * (a 404, a 405, an OPTIONS), not when the app is built: most instances never meet one, and the
 * walk and its router were half of what building the public app allocated (65 of 132 KB sampled).
 */
export function allowRoutedMethods(app: Hono<AppEnv>): void {
  pendingRoutedMethods.set(app, () => {
    const routed = new Map<string, Set<string>>()
    for (const route of app.routes) {
      // Middleware (`use`) is registered for ALL; the 405 handlers allowOnly added are not routes.
      if (route.method === 'ALL' || refusals.has(route.handler)) continue
      const methods = routed.get(route.path) ?? new Set<string>()
      methods.add(route.method)
      if (route.method === 'GET') methods.add('HEAD')
      routed.set(route.path, methods)
    }
    for (const [path, methods] of routed) {
      recordAllowed(
        app,
        path,
        standardMethods.filter((method) => methods.has(method)),
      )
    }
  })
}

/** Per app, the `allowRoutedMethods` derivation not yet run. */
const pendingRoutedMethods = new WeakMap<object, () => void>()

/** Runs `app`'s pending `allowRoutedMethods` derivation, once, in the order it was asked for. */
function settleRoutedMethods(app: object): void {
  const pending = pendingRoutedMethods.get(app)
  if (pending === undefined) return
  pendingRoutedMethods.delete(app)
  pending()
}

/** Tells the not-found handler the methods `path` answers; false when it was told of the path already. */
function recordAllowed(app: Hono<AppEnv>, path: string, methods: readonly string[]): boolean {
  let declared = declaredPaths.get(app)
  if (declared === undefined) {
    declared = new Set()
    declaredPaths.set(app, declared)
  }
  if (declared.has(path)) return false
  declared.add(path)
  let known = knownPaths.get(app)
  if (known === undefined) {
    known = new TrieRouter<readonly string[]>()
    knownPaths.set(app, known)
  }
  known.add('ALL', path, methods)
  return true
}

/**
 * For a path `app` was told of (`allowOnly`, `allowRoutedMethods`) and a method none of its routes
 * answers: 405 with `Allow` (OPTIONS: 204). Undefined for any other path.
 */
export function refuseUnroutedMethod(app: object, c: Context): Response | undefined {
  settleRoutedMethods(app)
  const allowed = knownPaths.get(app)?.match(c.req.method, c.req.path)[0][0]?.[0]
  return allowed === undefined ? undefined : methodNotAllowed(c, allowed)
}

/** Per app, the paths `allowOnly` or `allowRoutedMethods` was told of. */
const declaredPaths = new WeakMap<Hono<AppEnv>, Set<string>>()
/** The 405 handlers `allowOnly` registered, told apart from the routes they refuse for. */
const refusals = new WeakSet<object>()

/** Per app, the paths told of, with the methods each answers: the not-found handler looks a path up here. */
const knownPaths = new WeakMap<object, TrieRouter<readonly string[]>>()

/** OPTIONS: 204 with `Allow`; any other method `methods` leaves out: 405 with `Allow`, never cached. */
function methodNotAllowed(c: Context, methods: readonly string[]): Response {
  const allow = [...methods, 'OPTIONS'].join(', ')
  if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allow, 'Cache-Control': 'no-store' })
  return c.body(
    problemBody(
      {
        type: 'about:blank',
        title: 'Method Not Allowed',
        status: 405,
        detail: `${c.req.path} answers ${methods.join(', ')}, not ${c.req.method.slice(0, 40)}.`,
      },
      c.req.path,
    ),
    405,
    { ...problemHeaders, Allow: allow, 'Cache-Control': 'no-store' },
  )
}
