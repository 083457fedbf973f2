import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { ArticleStore } from '../articles/article-store.ts'
import { isTombstone } from '../articles/article-store.ts'
import { GoneError, NotFoundError } from '../articles/errors.ts'
import type { AppEnv } from '../http/app-base.ts'
import { jsonBody } from '../http/json-body.ts'
import { problemResponses } from '../http/openapi.ts'
import { z } from '../http/zod-openapi.ts'
import { type DeskListing, deskStatuses } from './desk-listing.ts'
import {
  type EditorStore,
  editorKey,
  maxEditorNameLength,
  newEditor,
  normalizeEditorName,
} from './editors.ts'
import { previewLinkLifetimeMs, previewPath } from './preview-link.ts'

/*
 * What the command line needs of the desk, behind the publish token like every /api route (an
 * editor token opens the desk only, never these): `/api/editors` for `newsfeed editors add|remove`,
 * `/api/desk/articles` for `newsfeed list`, `/api/desk/preview-links` for the link `publish` prints.
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

const row = z
  .object({
    slug: z.string(),
    title: z.string().optional(),
    status: z.enum(deskStatuses),
    at: z.string().meta({ format: 'date-time', description: 'Publication (or deletion) time.' }).optional(),
    updatedAt: z.string().meta({ format: 'date-time' }),
    updatedBy: z.string().optional(),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })).readonly(),
    authors: z.array(z.object({ name: z.string(), url: z.string().optional() })).readonly(),
  })
  .openapi('DeskRow')

export const listDeskRoute = createRoute({
  method: 'get',
  path: '/api/desk/articles',
  operationId: 'listDesk',
  tags: ['desk'],
  summary: "The desk's list: every article with its status, filtered without a scan",
  description:
    'One source is read per page (title words, else category, else author, else status) and the other filters applied to what it read, so a page may hold fewer than `limit` rows; follow `nextCursor`.',
  request: {
    query: z.object({
      status: z.enum(deskStatuses).optional(),
      category: z.string().max(240).optional().openapi({ description: 'A category slug.' }),
      author: z.string().max(200).optional(),
      q: z.string().max(200).optional().openapi({ description: 'Title words; the last one a prefix.' }),
      cursor: z.string().max(2000).optional(),
      limit: z
        .preprocess(
          (v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v),
          z.int().min(1).max(100),
        )
        .default(25),
    }),
  },
  responses: {
    200: {
      description: 'A page of rows.',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(row).readonly(), nextCursor: z.string().optional() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 500, 503),
  },
})

export const createPreviewLinkRoute = createRoute({
  method: 'post',
  path: '/api/desk/preview-links',
  operationId: 'createPreviewLink',
  tags: ['desk'],
  summary: 'A signed, expiring link that shows an article as it will look, to anyone who has it',
  middleware: jsonBody,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ slug: z.string().min(1).max(300) }) } },
    },
  },
  responses: {
    201: {
      description: 'The link (noindex, no-store) and when it stops working.',
      content: {
        'application/json': {
          schema: z.object({
            url: z.string().meta({ format: 'uri' }),
            expiresAt: z.string().meta({ format: 'date-time' }),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 410, 413, 415, 500, 503),
  },
})

export interface DeskApiDeps {
  readonly editors: EditorStore
  readonly listing: DeskListing
  readonly store: ArticleStore
  readonly clock: () => Date
  readonly siteUrl: string
  readonly key: () => Promise<string> | string
}

export function registerDeskApiRoutes(api: OpenAPIHono<AppEnv>, deps: DeskApiDeps): void {
  api.openapi(listDeskRoute, async (c) => {
    const { status, category, author, q, cursor, limit } = c.req.valid('query')
    const page = await deps.listing.list({
      now: deps.clock(),
      limit,
      ...(status !== undefined && { status }),
      ...(category !== undefined && category !== '' && { category: category.toLowerCase() }),
      ...(author !== undefined && author !== '' && { author }),
      ...(q !== undefined && q.trim() !== '' && { search: q }),
      ...(cursor !== undefined && { cursor }),
    })
    return c.json(
      { items: page.rows, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) },
      200,
    )
  })
  api.openapi(createPreviewLinkRoute, async (c) => {
    const { slug } = c.req.valid('json')
    const found = await deps.store.findBySlug(slug)
    if (!found) throw new NotFoundError(`no article "${slug.slice(0, 100)}"`)
    if (isTombstone(found)) throw new GoneError(`article "${slug}" was deleted at ${found.deletedAt}`)
    const nowMs = deps.clock().getTime()
    return c.json(
      {
        url: `${deps.siteUrl}${previewPath(await deps.key(), slug, nowMs)}`,
        expiresAt: new Date(nowMs + previewLinkLifetimeMs).toISOString(),
      },
      201,
    )
  })
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
