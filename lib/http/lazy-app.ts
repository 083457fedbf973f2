import type { Env, Hono, MiddlewareHandler } from 'hono'
import { refuseUnroutedMethod } from './app-base.ts'

/** Thrown by a lazy app for a request none of its routes answered: the outer app answers it. */
class NotAnswered extends Error {
  override readonly name = 'NotAnswered'
}

/**
 * A route group built on the first request to one of its paths, so a cold start that serves none
 * of them neither evaluates its modules nor builds its routes (issue 20.7): `load` typically
 * `import()`s the group, which the split bundle keeps in a chunk of its own.
 *
 * It answers as if `app.route('/', group)` had mounted it: the outer app's middleware runs first,
 * an error the group throws reaches the outer app's `onError`, and a request the group does not
 * answer (no route, or `c.notFound()`) gets the outer app's `notFound`, unless the group was told
 * the methods of its path (`allowOnly`): then 405 with `Allow`.
 */
export function lazyApp<E extends Env>(load: () => Promise<Hono<E>>): MiddlewareHandler {
  let group: Promise<Hono<E>> | undefined
  const build = async () => {
    const app = await load()
    app.onError((error) => {
      throw error
    })
    app.notFound((c) => {
      const refused = refuseUnroutedMethod(app, c)
      if (refused !== undefined) return refused
      throw new NotAnswered()
    })
    return app
  }
  return async (c) => {
    // A failed load (a chunk that cannot be read) is not kept: the next request tries again.
    group ??= build().catch((error: unknown) => {
      group = undefined
      throw error
    })
    const app = await group
    try {
      const res = await app.fetch(c.req.raw, c.env)
      // With the headers the outer middleware set before (`c.header`), under the group's own.
      return c.newResponse(res.body, res)
    } catch (error) {
      if (error instanceof NotAnswered) return c.notFound()
      throw error
    }
  }
}
