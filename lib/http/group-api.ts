import { OpenAPIHono } from '@hono/zod-openapi'
import { type AppEnv, allowOnly } from './app-base.ts'
import { invalidRequest } from './article-api-routes.ts'
import { declareOtherMethods } from './openapi.ts'
import type { RegisterRoutes } from './publish-route-groups.ts'

/**
 * A route group of the publish API as an app of its own: its routes validate with the API's hook
 * (a 400 naming each field), and its paths answer OPTIONS and any other method (405 with `Allow`)
 * from the methods its routes declare.
 */
export function buildGroupApi(register: RegisterRoutes): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
  register(api)
  declareOtherMethods(api, (path, methods) => allowOnly(api, path, methods))
  return api
}
