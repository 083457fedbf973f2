import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { isTombstone } from '../articles/article-store.ts'
import { renderArticlePage } from '../pages/render-article-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import { deskCss, deskJs } from './desk-assets.ts'
import type { DeskEnv, DeskKit } from './desk-kit.ts'
import { signInPage } from './desk-pages.ts'
import { readPreviewToken } from './preview-link.ts'
import { clearSession, isFormToken, openSession, readSession, writeSession } from './session.ts'

const maxFormBytes = 1024 * 1024 + 64 * 1024

/**
 * The desk's way in, in the order it runs: its assets, the cross-site check, the signing key, the
 * shareable preview link, the form size limit, signing in, then the session every later route needs.
 */
export function addDeskSessionRoutes(desk: Hono<DeskEnv>, kit: DeskKit): void {
  const { deps, secure, siteOrigin, limiter, page, sessionDeps } = kit

  desk.get('/desk', (c) => c.redirect('/desk/', 308))
  desk.get('/desk/desk.css', (c) =>
    c.body(deskCss, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  )
  desk.get('/desk/desk.js', (c) =>
    c.body(deskJs, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  )

  // Cross-site form posts are refused by origin (Origin, or Sec-Fetch-Site) before anything else;
  // the session cookie is SameSite=Strict, and every form also carries a token bound to the session.
  desk.use(
    '/desk/*',
    csrf({
      origin: (origin, c) => origin === siteOrigin || origin === new URL(c.req.url).origin,
    }),
  )
  desk.use('/desk/*', async (c, next) => {
    c.set('key', await deps.key())
    await next()
  })

  // The shareable preview link: no session, only the signature and the expiry.
  desk.get('/desk/preview/:token', async (c) => {
    const slug = readPreviewToken(c.get('key'), c.req.param('token'), deps.clock().getTime())
    const found = slug === undefined ? undefined : await deps.store.findBySlug(slug)
    if (!found || isTombstone(found)) return c.notFound()
    return c.body(renderArticlePage(found, deps.site), 200, {
      ...pageSecurityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
      'Referrer-Policy': 'no-referrer',
    })
  })

  desk.post(
    '/desk/*',
    bodyLimit({
      maxSize: maxFormBytes,
      onError: (c) => c.body('The form is larger than the desk accepts (1 MiB).', 413),
    }),
  )

  desk.post('/desk/sign-in', async (c) => {
    const client = (c.req.header('x-forwarded-for') ?? 'direct').slice(0, 200)
    const nowMs = deps.clock().getTime()
    const wait = limiter.retryAfter(client, nowMs)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return page(c, signInPage(deps.site, `Too many attempts: try again in ${wait} seconds.`), 429)
    }
    const body = await c.req.parseBody()
    const token = typeof body.token === 'string' ? body.token.trim().slice(0, 800) : ''
    const sd = await sessionDeps(c)
    const session = token === '' ? undefined : await openSession(token, sd)
    if (!session) {
      limiter.fail(client, nowMs)
      return page(c, signInPage(deps.site, 'That token is not valid, or it was revoked.'), 401)
    }
    await writeSession(c, session, sd)
    return c.redirect('/desk/', 303)
  })

  // A form shown again with its problems (invalid input, a conflict) answers 200: the page says
  // what went wrong, next to the fields, and a browser logs no failed load for it.

  // Everything else needs a session that still stands; every POST, its form token too.
  desk.use('/desk/*', async (c, next) => {
    const session = await readSession(c, await sessionDeps(c))
    c.set('session', session)
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody()
      if (!session || !isFormToken(c.get('key'), session, body._token)) {
        return page(c, signInPage(deps.site, 'Your session ended or the form is stale: sign in again.'), 403)
      }
    }
    c.header('Cache-Control', 'no-store')
    await next()
    return undefined
  })

  desk.post('/desk/sign-out', async (c) => {
    clearSession(c, { secure })
    return c.redirect('/desk/', 303)
  })
}
