import type { Hono } from 'hono'
import type { DeskEnv, DeskKit } from './desk-kit.ts'
import { subscribersPage } from './desk-subscribers-page.ts'

/** The shape `GET /api/subscribers` takes for `day`, checked before the store is asked. */
const dayPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** `/desk/subscribers`: what `GET /api/subscribers` answers, for an editor signed in to the desk. */
export function addDeskSubscriberRoutes(desk: Hono<DeskEnv>, kit: DeskKit): void {
  const { deps, page, chrome, signedIn } = kit

  desk.get('/desk/subscribers', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const asked = (c.req.query('day') ?? '').trim()
    // Length first: nothing longer than a day reaches the pattern, or the page.
    const day = asked.slice(0, 10)
    if (asked !== '' && (asked.length !== 10 || !dayPattern.test(asked))) {
      const error = 'Day: must be a day as YYYY-MM-DD.'
      return page(c, subscribersPage(chrome(c, session), { day, error }), 400)
    }
    const counted = await deps.subscribers?.read(day === '' ? undefined : day)
    return page(c, subscribersPage(chrome(c, session), { day, ...(counted && { counted }) }))
  })
}
