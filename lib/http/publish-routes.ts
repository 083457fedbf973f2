import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { articleStatuses, contentFormats } from '../articles/article.ts'
import { articleInputSchema, slugSchema } from '../articles/article-input-schema.ts'
import { ifMatchHeader, ifNoneMatchHeader } from './entity-tags.ts'
import { headerRef, problemResponses } from './openapi.ts'
import { HttpProblem } from './problem.ts'

/*
 * Every route of the publish API, declared once: path, parameters, body, every status it answers and
 * the validation all come from here. createPublishApp hands each to `app.openapi` with its handler,
 * and the OpenAPI document is generated from the same declarations, so the two cannot drift.
 */

// Schemas built before @hono/zod-openapi was first imported lack `.openapi` (zod 4 gives each
// instance its methods when it is made): a clone, made now, has it and keeps the checks and meta.
const articleInput = articleInputSchema.clone().openapi('ArticleInput')
/** What PUT takes: the article, and whether this change is minor (`lib/articles/minor-edit.ts`). */
const articleReplacement = articleInputSchema
  .safeExtend({
    minor: z.boolean().optional().meta({
      description:
        "A minor edit (a typo fixed): keeps the article's `updatedAt` and announces nothing (no WebSub ping, no webhook; only the article's page and JSON leave the CDN). Refused (400) when it would change the status, publication time, categories or authors of an article readers can see. Ignored on a create. Absent or false: a significant change, which moves `updatedAt` and is announced.",
    }),
  })
  .openapi('ArticleReplacement', {
    title: 'ArticleReplacement',
    description: 'An article as a publisher sends it to PUT.',
  })

/** An article as the publish API returns it (`toArticleResource`). */
export const article = z
  .object({
    id: z.string().meta({
      description: 'Assigned at creation, never changes.',
      examples: ['urn:uuid:0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c'],
    }),
    slug: z.string().meta({ examples: ['musk-advocates-us-exit-from-nato'] }),
    url: z.string().meta({
      format: 'uri',
      description: 'The public permalink.',
      examples: ['https://news.example.com/articles/musk-advocates-us-exit-from-nato'],
    }),
    title: z.string(),
    summary: z.string(),
    content: z.string().meta({ description: 'As sent, in `contentFormat`.' }),
    contentFormat: z.enum(contentFormats),
    contentHtml: z.string().meta({ description: 'Sanitised HTML with absolute URLs: what feeds show.' }),
    authors: z
      .array(z.object({ name: z.string(), url: z.string().meta({ format: 'uri' }).optional() }))
      .readonly(),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })).readonly(),
    image: z
      .object({
        url: z.string().meta({ format: 'uri' }),
        alt: z.string(),
        type: z.string().optional(),
        length: z.number().int().optional(),
      })
      .optional(),
    attachments: z
      .array(
        z.object({
          url: z.string().meta({ format: 'uri' }),
          type: z.string(),
          length: z.number().int().optional(),
          duration: z.number().optional(),
          title: z.string().optional(),
        }),
      )
      .readonly()
      .optional(),
    episode: z.number().int().optional(),
    source: z.string().meta({ format: 'uri' }).optional(),
    language: z
      .string()
      .meta({
        description: "BCP 47, as given (canonical form); absent: the site's language.",
        examples: ['bn'],
      })
      .optional(),
    status: z.enum(articleStatuses),
    publishedAt: z.string().meta({ format: 'date-time' }).optional(),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z
      .string()
      .meta({ format: 'date-time', description: 'The last significant change: what feeds show as updated.' }),
    editedAt: z
      .string()
      .meta({
        format: 'date-time',
        description: 'The last write, when it was a minor edit (`updatedAt` kept).',
      })
      .optional(),
    version: z.number().int().min(1).meta({ description: 'Starts at 1, +1 on every write; in the ETag.' }),
  })
  .openapi('Article', { description: 'An article as stored, with its permalink.' })

const articlePage = z
  .object({
    items: z.array(article).readonly(),
    nextCursor: z
      .string()
      .meta({ description: 'Pass as `cursor` for the next page; absent on the last.' })
      .optional(),
  })
  .openapi('ArticlePage')

const slugParam = slugSchema.clone().openapi('Slug', {
  param: { name: 'slug', in: 'path', description: 'The article’s slug, as in its permalink.' },
})
const slugParams = z.object({ slug: slugParam })

/** The parameters several routes share, listed once under components.parameters. */
export const sharedParameters = { Slug: slugParam, IfMatch: ifMatchHeader, IfNoneMatch: ifNoneMatchHeader }

/** A query value of digits as the number it spells; anything else stays as sent, for the check to refuse. */
const digits = (value: unknown) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value

const listQuery = z.object({
  status: z
    .enum(articleStatuses)
    .optional()
    .openapi({ description: 'Only articles with this status; absent: all.' }),
  cursor: z.string().optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
  limit: z
    .preprocess(digits, z.int().min(1).max(100))
    .default(20)
    .openapi({ description: 'Articles per page, 1–100.' }),
})

/**
 * `application/json` or a `+json` type, with well-formed parameters: what both Hono's JSON validator
 * and @hono/zod-openapi's media-type gate take, so that a type one of them would refuse is ours to
 * refuse first, with our problem.
 */
const jsonMediaType = /^application\/([a-z.-]+\+)?json(;\s*[a-z0-9-]+=[^;]+)*$/i

/**
 * A JSON body, as the validator after it expects: anything but JSON in UTF-8 is a 415, and text that
 * is not JSON a 400, in our problem shape, before any field is looked at.
 */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header('content-type') ?? ''
  const charset = /;\s*charset="?([^";]*)"?/i.exec(contentType)?.[1]?.toLowerCase()
  if (!jsonMediaType.test(contentType) || (charset !== undefined && charset !== 'utf-8')) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      'Send the article as "Content-Type: application/json" (UTF-8).',
    )
  }
  try {
    // Hono keeps the parsed body: the validator that follows reads it from there.
    await c.req.json()
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable'
    throw new HttpProblem(
      400,
      'Malformed JSON',
      `The request body is not valid JSON: ${reason.slice(0, 200)}`,
      {
        errors: [{ path: '', message: 'is not valid JSON' }],
      },
    )
  }
  await next()
}

const articleBody = {
  required: true,
  content: { 'application/json': { schema: articleInput } },
} as const

function articleResponse(description: string, withLocation: boolean) {
  return {
    description,
    headers: { ETag: headerRef('ETag'), ...(withLocation && { Location: headerRef('Location') }) },
    content: { 'application/json': { schema: article } },
  }
}

export const openApiDocumentRoute = createRoute({
  method: 'get',
  path: '/api/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['meta'],
  summary: 'This document',
  description: 'Public: the document describes the API and holds no secrets.',
  security: [],
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document.',
      content: { 'application/json': { schema: { type: 'object' } } },
    },
    ...problemResponses(403, 500),
  },
})

export const createArticleRoute = createRoute({
  method: 'post',
  path: '/api/articles',
  operationId: 'createArticle',
  tags: ['articles'],
  summary: 'Create an article',
  description: 'The slug is derived from the title when absent. Content is sanitised on write.',
  middleware: jsonBody,
  request: { body: articleBody },
  responses: {
    201: articleResponse('Created; `Location` is the article in this API.', true),
    ...problemResponses(400, 401, 403, 409, 413, 415, 500, 503),
  },
})

export const listArticlesRoute = createRoute({
  method: 'get',
  path: '/api/articles',
  operationId: 'listArticles',
  tags: ['articles'],
  summary: 'List articles of any status, most recently created first',
  request: { query: listQuery },
  responses: {
    200: { description: 'A page of articles.', content: { 'application/json': { schema: articlePage } } },
    ...problemResponses(400, 401, 403, 500, 503),
  },
})

export const getArticleRoute = createRoute({
  method: 'get',
  path: '/api/articles/{slug}',
  operationId: 'getArticle',
  tags: ['articles'],
  summary: 'Get an article of any status',
  description: 'A slug that cannot be one answers 404 like an unknown one.',
  request: { params: slugParams },
  responses: {
    200: articleResponse('The article; `ETag` is its revision.', false),
    ...problemResponses(401, 403, 404, 410, 500, 503),
  },
})

export const putArticleRoute = createRoute({
  method: 'put',
  path: '/api/articles/{slug}',
  operationId: 'putArticle',
  tags: ['articles'],
  summary: 'Create or replace an article',
  description:
    'With `If-Match`, the replace only happens when the article is still at that version; with `If-None-Match: *`, only a create happens (412 otherwise).',
  middleware: jsonBody,
  request: {
    params: slugParams,
    headers: z.object({ 'If-Match': ifMatchHeader, 'If-None-Match': ifNoneMatchHeader }),
    body: { required: true, content: { 'application/json': { schema: articleReplacement } } },
  },
  responses: {
    200: articleResponse('Replaced (or unchanged, when the content is identical).', false),
    201: articleResponse('Created.', true),
    ...problemResponses(400, 401, 403, 409, 412, 413, 415, 500, 503),
  },
})

export const deleteArticleRoute = createRoute({
  method: 'delete',
  path: '/api/articles/{slug}',
  operationId: 'deleteArticle',
  tags: ['articles'],
  summary: 'Delete an article',
  description:
    'It leaves the feeds, and its permalink answers 410 Gone if readers could have seen it (404 otherwise).',
  request: {
    params: slugParams,
    headers: z.object({ 'If-Match': ifMatchHeader, 'If-None-Match': ifNoneMatchHeader }),
  },
  responses: {
    204: { description: 'Deleted.' },
    ...problemResponses(400, 401, 403, 404, 410, 412, 500, 503),
  },
})
