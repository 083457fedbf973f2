import { createRoute, z } from '@hono/zod-openapi'
import { ifMatchHeader, ifNoneMatchHeader } from './entity-tags.ts'
import { jsonBody } from './json-body.ts'
import { headerRef, problemResponses } from './openapi.ts'
import { openApiDocumentPath } from './publish-route-groups.ts'
import {
  article,
  articleInput,
  articlePage,
  articleReplacement,
  listQuery,
  slugParams,
} from './publish-schemas.ts'

/*
 * Every route of the publish API, declared once: path, parameters, body, every status it answers and
 * the validation all come from here. createPublishApp hands each to `app.openapi` with its handler,
 * and the OpenAPI document is generated from the same declarations, so the two cannot drift.
 */

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
  path: openApiDocumentPath,
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
