import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { invalidRequest, registerApiRoutes } from './article-api-routes.ts'
import { declareOtherMethods, openApiDocument, registerComponents } from './openapi.ts'
import type { PublishRouteGroups } from './publish-route-groups.ts'
import { openApiDocumentRoute } from './publish-routes.ts'
import { sharedParameters } from './publish-schemas.ts'

/**
 * The OpenAPI document of the publish API, as JSON: every route group loaded and declared in the
 * order the document lists them, on an API built for the document alone.
 */
export async function publishDocument(deps: PublishAppDeps, groups: PublishRouteGroups): Promise<string> {
  const all = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
  registerComponents(all, sharedParameters)
  // No input to validate, so only its declaration goes through the registry.
  all.openAPIRegistry.registerPath(openApiDocumentRoute)
  const [batch, ...rest] = await Promise.all([groups.batch, ...groups.rest].map((group) => group.load()))
  registerApiRoutes(all, deps, {
    afterCreate: () => batch?.(all),
    atEnd: () => {
      for (const register of rest) register(all)
    },
  })
  declareOtherMethods(all, () => undefined)
  return JSON.stringify(openApiDocument(all, deps.site))
}
