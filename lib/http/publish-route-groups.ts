import { OpenAPIHono } from '@hono/zod-openapi'
import { type AppEnv, allowOnly } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { lazyApp } from './lazy-app.ts'
import { declareOtherMethods } from './openapi.ts'

/*
 * The /api routes besides the articles' own (issue 20.7): the bulk import, the subscriber counts,
 * the author profiles and the desk's API. Each group, with its modules and zod schemas, is loaded
 * and built on the first request under its paths, so a cold start for the commonest request (a
 * write of an article) builds none of them; the OpenAPI document loads them all.
 */

/** Registers a group's routes, with their handlers, on the API it is handed. */
export type RegisterRoutes = (api: OpenAPIHono<AppEnv>) => void

export interface RouteGroup {
  /** Where its routes live, as Hono paths: a request elsewhere never loads the group. */
  readonly paths: readonly string[]
  readonly load: () => Promise<RegisterRoutes>
}

type ArticleDeps = Parameters<typeof import('./batch-routes.ts').registerBatchRoutes>[1]

/** The groups, `batch` apart: the document lists it between the article's POST and GET. */
export function publishRouteGroups(
  deps: PublishAppDeps,
  articleDeps: ArticleDeps,
): { readonly batch: RouteGroup; readonly rest: readonly RouteGroup[] } {
  const { store, clock, site, desk } = deps
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
  return { batch, rest: deskApi ? [subscribers, authors, deskApi] : [subscribers, authors] }
}

/**
 * Serves `group` under its paths on `api`, built on first use as an API of its own: its routes
 * validate with `options.defaultHook`, and its paths answer OPTIONS and other methods (405) from the
 * methods its routes declare, as the article routes' paths do.
 */
export function mountRouteGroup(
  api: OpenAPIHono<AppEnv>,
  group: RouteGroup,
  options: ConstructorParameters<typeof OpenAPIHono<AppEnv>>[0],
): void {
  const handler = lazyApp(async () => {
    const register = await group.load()
    const groupApi = new OpenAPIHono<AppEnv>(options)
    register(groupApi)
    declareOtherMethods(groupApi, (path, methods) => allowOnly(groupApi, path, methods))
    return groupApi
  })
  for (const path of group.paths) api.all(path, handler)
}
