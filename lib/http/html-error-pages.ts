import type { MiddlewareHandler } from 'hono'
import { accepts } from 'hono/accepts'
import type { ErrorPageStatus } from '../pages/render-error-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { Site } from '../site.ts'
import type { AppEnv } from './app-base.ts'
import { loadPageRenderers } from './page-renderers.ts'

/** The types an error can be answered in: problem JSON first, the default for anything else. */
const errorTypes = ['application/problem+json', 'application/json', 'text/html']

/**
 * Public app middleware: a 404 or 410 for a browser (`Accept` ranks `text/html` above JSON, as every
 * browser's navigation does) becomes an HTML page in the site's design with the way back; API
 * clients, feed readers and `*\/*` keep the problem JSON. Both variants then say `Vary: Accept`, and
 * neither is kept by a shared cache (`private`): a CDN that keys on the URL alone must never hand
 * one client the other's.
 */
export function htmlErrorPages(site: Site): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    const status = c.res.status
    if (status !== 404 && status !== 410) return
    if (!c.res.headers.get('Content-Type')?.startsWith('application/problem+json')) return
    const cacheControl = privately(c.res.headers.get('Cache-Control'))
    const wantsHtml =
      (c.req.method === 'GET' || c.req.method === 'HEAD') &&
      accepts(c, { header: 'Accept', supports: errorTypes, default: 'application/problem+json' }) ===
        'text/html'
    if (!wantsHtml) {
      c.res.headers.set('Cache-Control', cacheControl)
      c.res.headers.append('Vary', 'Accept')
      return
    }
    const page = (await loadPageRenderers()).renderErrorPage(site, status as ErrorPageStatus)
    const headers = new Headers(pageSecurityHeaders)
    headers.set('Content-Type', 'text/html; charset=utf-8')
    headers.set('Cache-Control', cacheControl)
    headers.set('Vary', 'Accept')
    // Unset first: Hono's setter would otherwise carry the problem's headers over onto the page.
    c.res = undefined
    c.res = new Response(page, { status, headers })
  }
}

/** The problem's own lifetime, for the browser only. */
function privately(cacheControl: string | null): string {
  if (cacheControl === null || cacheControl.includes('no-store')) return cacheControl ?? 'no-store'
  return cacheControl.replace(/\bpublic\b/, 'private')
}
