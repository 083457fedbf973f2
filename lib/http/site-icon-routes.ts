import { Hono } from 'hono'
import { faviconIco } from '../pages/site-icon.ts'
import { faviconPath } from '../site.ts'
import type { AppEnv } from './app-base.ts'
import { iconCacheControl, noSniff } from './cache-policy.ts'

/** `/favicon.ico`: the site's own icon, the same bytes until a deploy changes them. */
export function siteIconRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>()
  routes.get(faviconPath, (c) =>
    c.body(faviconIco, 200, {
      ...noSniff,
      'Content-Type': 'image/x-icon',
      'Cache-Control': iconCacheControl,
    }),
  )
  return routes
}
