/*
 * The zod side of the publish API behind one import() (publish-route-groups.ts): the article routes,
 * the group apps and the OpenAPI document, with zod, @hono/zod-openapi and the article schemas they
 * bring. A cold start reads none of it; the first request that needs a route loads it.
 */
export { registerApiRoutes } from './article-api-routes.ts'
export { buildGroupApi } from './group-api.ts'
export { publishDocument } from './publish-document.ts'
