import { Hono } from 'hono'
import { addDeskArticleRoutes } from './desk-article-routes.ts'
import { createDeskKit, type DeskDeps, type DeskEnv } from './desk-kit.ts'
import { addDeskPreviewRoute } from './desk-preview-route.ts'
import { addDeskSessionRoutes } from './desk-session-routes.ts'
import { addDeskSubscriberRoutes } from './desk-subscriber-routes.ts'

export type { DeskDeps } from './desk-kit.ts'

/**
 * The editors' desk under `/desk`: sign in with an editor token or the publish token, list, write,
 * preview, schedule, correct, unpublish and delete. Mounted on the publish app, so the origin check
 * runs before it; nothing here reaches the public function's bundle. The route modules register on
 * one app in this order, since the session check they share is middleware registered between them.
 */
export function createDeskApp(deps: DeskDeps): Hono<DeskEnv> {
  const desk = new Hono<DeskEnv>()
  const kit = createDeskKit(deps)
  addDeskSessionRoutes(desk, kit)
  addDeskArticleRoutes(desk, kit)
  addDeskPreviewRoute(desk, kit)
  addDeskSubscriberRoutes(desk, kit)
  return desk
}
