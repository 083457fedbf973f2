import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { NotFoundError } from '../articles/errors.ts'
import type { AppEnv } from '../http/app-base.ts'
import { problemResponses } from '../http/openapi.ts'
import { jsonBody } from '../http/publish-routes.ts'
import {
  type EditorStore,
  editorKey,
  maxEditorNameLength,
  newEditor,
  normalizeEditorName,
} from './editors.ts'

/*
 * `/api/editors`: how `newsfeed editors add|remove` reaches the table. Behind the publish token like
 * every /api route; an editor token opens the desk only, never this.
 */

const editorName = z
  .string()
  .min(1)
  .max(maxEditorNameLength)
  .meta({ examples: ['Ana Costa'] })

export const addEditorRoute = createRoute({
  method: 'post',
  path: '/api/editors',
  operationId: 'addEditor',
  tags: ['editors'],
  summary: 'Add a named editor and make their desk token',
  description:
    'The token is in this answer only: the table keeps its SHA-256. An editor with the same name (case aside) must be removed first (409).',
  middleware: jsonBody,
  request: {
    body: { required: true, content: { 'application/json': { schema: z.object({ name: editorName }) } } },
  },
  responses: {
    201: {
      description: 'Added; hand `token` to the editor.',
      content: {
        'application/json': {
          schema: z.object({
            name: z.string(),
            token: z.string(),
            addedAt: z.string().meta({ format: 'date-time' }),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 500, 503),
  },
})

export const removeEditorRoute = createRoute({
  method: 'delete',
  path: '/api/editors/{name}',
  operationId: 'removeEditor',
  tags: ['editors'],
  summary: 'Remove an editor: their token and every desk session it opened stop at once',
  request: { params: z.object({ name: editorName }) },
  responses: {
    204: { description: 'Removed.' },
    ...problemResponses(400, 401, 403, 404, 500, 503),
  },
})

export function registerEditorRoutes(
  api: OpenAPIHono<AppEnv>,
  deps: { readonly editors: EditorStore; readonly clock: () => Date },
): void {
  api.openapi(addEditorRoute, async (c) => {
    const { editor, token } = newEditor(c.req.valid('json').name, deps.clock())
    await deps.editors.add(editor)
    return c.json({ name: editor.name, token, addedAt: editor.addedAt }, 201)
  })
  api.openapi(removeEditorRoute, async (c) => {
    const name = normalizeEditorName(c.req.valid('param').name)
    if (!(await deps.editors.remove(editorKey(name)))) throw new NotFoundError(`no editor named "${name}"`)
    return c.body(null, 204)
  })
}
