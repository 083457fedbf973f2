import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import type { AppEnv } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { lazyApp } from './lazy-app.ts'

/*
 * The /api routes as groups, each loaded and built on the first request under its paths (issue
 * 20.7): the articles' own routes, the bulk import, the subscriber counts, the author profiles and
 * the desk's API. A group's modules, zod and @hono/zod-openapi with them, wait in chunks of their
 * own, so a cold start builds no route and evaluates no schema: a request that needs the articles'
 * routes (a write, a list) loads them, and one that needs none (a 401, a desk page) never does.
 * The OpenAPI document loads them all.
 */

/** Where the OpenAPI document of the publish API is served (publish-routes.ts declares it). */
export const openApiDocumentPath = '/api/openapi.json'

/** Registers a group's routes, with their handlers, on the API it is handed. */
export type RegisterRoutes = (api: OpenAPIHono<AppEnv>) => void

export interface RouteGroup {
  /** Where its routes live, as Hono paths: a request elsewhere never loads the group. */
  readonly paths: readonly string[]
  readonly load: () => Promise<RegisterRoutes>
}

/** The route groups of the publish API, as the document lists them. */
export interface PublishRouteGroups {
  /** The articles' routes; the document lists `batch` between their POST and their GET. */
  readonly articles: RouteGroup
  readonly batch: RouteGroup
  readonly rest: readonly RouteGroup[]
}

/** What the use cases need, for writes made with the publish token. */
export function publishArticleDeps({ store, clock, site }: PublishAppDeps) {
  return { store, clock, site, editor: 'publish token' }
}

export function publishRouteGroups(deps: PublishAppDeps): PublishRouteGroups {
  const { store, clock, site, desk } = deps
  const articleDeps = publishArticleDeps(deps)
  const articles: RouteGroup = {
    paths: ['/api/articles', '/api/articles/*'],
    load: async () => {
      const { registerApiRoutes } = await import('./publish-api-modules.ts')
      return (api) => registerApiRoutes(api, deps)
    },
  }
  const batch: RouteGroup = {
    paths: ['/api/article-batches'],
    load: async () => {
      const { registerBatchRoutes } = await import('./route-group-modules.ts')
      return (api) => registerBatchRoutes(api, articleDeps)
    },
  }
  const subscribers: RouteGroup = {
    paths: ['/api/subscribers'],
    load: async () => {
      const { registerSubscriberRoutes } = await import('./route-group-modules.ts')
      return (api) => registerSubscriberRoutes(api, deps.subscribers)
    },
  }
  const authors: RouteGroup = {
    paths: ['/api/authors/*'],
    load: async () => {
      const { registerAuthorProfileRoutes } = await import('./route-group-modules.ts')
      return (api) => registerAuthorProfileRoutes(api, { store, clock, siteUrl: site.url })
    },
  }
  const deskApi: RouteGroup | undefined = desk && {
    paths: ['/api/editors', '/api/editors/*', '/api/desk/*'],
    load: async () => {
      const { registerDeskApiRoutes } = await import('./route-group-modules.ts')
      return (api) => registerDeskApiRoutes(api, { ...desk, store, clock, siteUrl: site.url })
    },
  }
  return { articles, batch, rest: deskApi ? [subscribers, authors, deskApi] : [subscribers, authors] }
}

/**
 * Serves `group` under its paths on `app`, built on first use as an API of its own
 * (`buildGroupApi`): its routes validate with the publish API's hook, and its paths answer OPTIONS
 * and other methods (405) from the methods its routes declare.
 */
export function mountRouteGroup(app: Hono<AppEnv>, group: RouteGroup): void {
  const handler = lazyApp(async () => {
    const [{ buildGroupApi }, register] = await Promise.all([
      import('./publish-api-modules.ts'),
      group.load(),
    ])
    return buildGroupApi(register)
  })
  for (const path of group.paths) app.all(path, handler)
}
