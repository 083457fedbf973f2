import { Hono } from 'hono'
import { UnavailableError } from '../articles/errors.ts'
import type { AppEnv } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import { noSniff, noStore } from './cache-policy.ts'
import { retryAfterSeconds } from './problem.ts'

/** `/healthz`: 200 when the store answers now, 503 with `Retry-After` when it does not. */
export function healthRoutes(deps: PublicAppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  routes.get('/healthz', async (c) => {
    try {
      // Past any reuse of recent reads: health is whether the store answers now.
      await deps.store.readFeedState(undefined, { fresh: true })
    } catch (error) {
      if (error instanceof UnavailableError) {
        return c.json({ status: 'unavailable' }, 503, {
          ...noSniff,
          'Cache-Control': noStore,
          'Retry-After': String(retryAfterSeconds),
        })
      }
      throw error
    }
    return c.json({ status: 'ok' }, 200, { ...noSniff, 'Cache-Control': noStore })
  })
  return routes
}
