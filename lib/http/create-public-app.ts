import type { Hono } from 'hono'
import { type AppEnv, allowRoutedMethods, createBaseApp } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import { articleRoutes } from './article-routes.ts'
import { authorRoutes } from './author-routes.ts'
import { publicCors } from './cache-policy.ts'
import { canonicalUrls } from './canonical-url.ts'
import { registerDiscoveryRoutes } from './discovery-routes.ts'
import { FeedCursors } from './feed-cursors.ts'
import { FeedPageCache } from './feed-page-cache.ts'
import { feedRoutes } from './feed-routes.ts'
import { frontPageRoutes } from './front-page-routes.ts'
import { healthRoutes } from './health-routes.ts'
import { htmlErrorPages } from './html-error-pages.ts'
import type { PublicRouteDeps } from './public-route-deps.ts'
import { siteIconRoutes } from './site-icon-routes.ts'
import { subscribeRoutes } from './subscribe-routes.ts'

/**
 * The public routes of DESIGN.md: the front page, feeds, article pages and JSON, topic pages and
 * discovery files, the subscribe page, the icon and health. Each route module is a Hono app of its
 * own, composed here with `app.route`; they share the objects built here (the feed page cache, the
 * cursor signer), never each other's functions.
 */
export function createPublicApp(deps: PublicAppDeps): Hono<AppEnv> {
  const app = createBaseApp(deps.logger)
  app.use(publicCors)
  app.use(htmlErrorPages(deps.site))
  app.use(canonicalUrls(deps.site.url))
  const routeDeps: PublicRouteDeps = {
    ...deps,
    feedCache: new FeedPageCache({ store: deps.store, clock: deps.clock, pageSize: deps.feedPageSize }),
    cursors: new FeedCursors(deps.cursorKey),
  }

  app.route('/', frontPageRoutes(routeDeps))
  app.route('/', feedRoutes(routeDeps))
  app.route('/', articleRoutes(routeDeps))
  registerDiscoveryRoutes(app, routeDeps)
  app.route('/', authorRoutes(routeDeps))
  app.route('/', subscribeRoutes(routeDeps))
  app.route('/', siteIconRoutes())
  app.route('/', healthRoutes(routeDeps))

  // Every route answers its own methods only; any other method on its path is a 405 naming them.
  allowRoutedMethods(app)
  return app
}
