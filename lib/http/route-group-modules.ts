/*
 * The route groups' modules, behind one import() (publish-route-groups.ts): one chunk for them all
 * in the split bundle, rather than one each with the chunks they share, which cost a cold start
 * more in files to read than the groups apart would save.
 */
export { registerDeskApiRoutes } from '../desk/desk-api-routes.ts'
export { registerAuthorProfileRoutes } from './author-profile-routes.ts'
export { registerBatchRoutes } from './batch-routes.ts'
export { registerSubscriberRoutes } from './subscriber-routes.ts'
