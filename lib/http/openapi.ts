import * as z from 'zod'
import { articleStatuses } from '../articles/article.ts'
import { articleInputSchema, articleSchema } from '../articles/article-input.ts'
import { maxSlugLength } from '../articles/slug.ts'

type JsonObject = Record<string, unknown>

const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: 'A URI naming the kind of problem; `about:blank` when the status says it all.' }),
    title: z
      .string()
      .meta({ description: 'A short summary of the kind of problem.', examples: ['Invalid article'] }),
    status: z
      .number()
      .int()
      .meta({ examples: [400] }),
    detail: z.string().meta({ description: 'What went wrong this time.' }).optional(),
    instance: z.string().meta({ description: 'The request path.' }).optional(),
    errors: z
      .array(
        z.object({
          path: z
            .string()
            .meta({ description: "Dotted path into the body, '' for the body itself.", examples: ['title'] }),
          message: z.string().meta({ examples: ['title is required'] }),
        }),
      )
      .meta({
        description: 'The problems with the input, at most 100 and then one summary entry (400 only).',
      })
      .optional(),
  })
  .meta({ title: 'Problem', description: 'An RFC 9457 problem details object.' })

/** The problem responses, each described once under components.responses. */
const problems = [
  [400, 'The input is invalid; `errors` lists the problems with their paths (at most 100, then a summary).'],
  [401, 'The bearer token is missing or wrong.'],
  [404, 'No article has this slug.'],
  [409, 'An article already has this slug.'],
  [412, 'The article changed since the version in `If-Match`.'],
  [413, 'The request body is too large.'],
  [415, 'The request body is not `application/json`.'],
  [500, 'Something unexpected failed; nothing internal is disclosed.'],
  [503, 'The store cannot be reached; retry after `Retry-After` seconds.'],
] as const
type ProblemStatus = (typeof problems)[number][0]

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` })
const problemResponses = (...statuses: ProblemStatus[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), ref('responses', `Problem${status}`)]))

const jsonBody = (schema: string) => ({ 'application/json': { schema: ref('schemas', schema) } })

/** A zod schema as a JSON Schema 2020-12 object, the dialect of OpenAPI 3.1, for components.schemas. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io })
  return rest
}

/** The OpenAPI 3.1 document of the publish API (`/api`). */
export function buildOpenApiDocument(site: { url: string; title: string }): object {
  const articleWithEtag = (description: string, withLocation: boolean) => ({
    description,
    headers: {
      ETag: ref('headers', 'ETag'),
      ...(withLocation && { Location: ref('headers', 'Location') }),
    },
    content: jsonBody('Article'),
  })
  const slugParameter = ref('parameters', 'Slug')
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: `${site.title} publish API`,
      version: '1.0.0',
      description:
        'Publish, update and delete the articles behind the RSS, Atom and JSON feeds. Errors are `application/problem+json` (RFC 9457).',
    },
    servers: [{ url: site.url }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'articles' }, { name: 'meta' }],
    paths: {
      '/api/articles': {
        post: {
          operationId: 'createArticle',
          tags: ['articles'],
          summary: 'Create an article',
          description: 'The slug is derived from the title when absent. Content is sanitised on write.',
          requestBody: { required: true, content: jsonBody('ArticleInput') },
          responses: {
            '201': articleWithEtag('Created; `Location` is the article in this API.', true),
            ...problemResponses(400, 401, 409, 413, 415, 500, 503),
          },
        },
        get: {
          operationId: 'listArticles',
          tags: ['articles'],
          summary: 'List articles of any status, most recently created first',
          parameters: [
            {
              name: 'status',
              in: 'query',
              required: false,
              description: 'Only articles with this status; absent: all.',
              schema: { type: 'string', enum: [...articleStatuses] },
            },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: 'The `nextCursor` of the previous page.',
              schema: { type: 'string' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: 'Articles per page.',
              schema: { type: 'integer', minimum: 1, maximum: 100 },
            },
          ],
          responses: {
            '200': { description: 'A page of articles.', content: jsonBody('ArticlePage') },
            ...problemResponses(400, 401, 500, 503),
          },
        },
      },
      '/api/articles/{slug}': {
        parameters: [slugParameter],
        get: {
          operationId: 'getArticle',
          tags: ['articles'],
          summary: 'Get an article of any status',
          responses: {
            '200': articleWithEtag('The article; `ETag` is its version.', false),
            ...problemResponses(401, 404, 500, 503),
          },
        },
        put: {
          operationId: 'putArticle',
          tags: ['articles'],
          summary: 'Create or replace an article',
          description:
            'With `If-Match`, the replace only happens when the article is still at that version (412 otherwise).',
          parameters: [ref('parameters', 'IfMatch')],
          requestBody: { required: true, content: jsonBody('ArticleInput') },
          responses: {
            '200': articleWithEtag('Replaced.', false),
            '201': articleWithEtag('Created.', true),
            ...problemResponses(400, 401, 409, 412, 413, 415, 500, 503),
          },
        },
        delete: {
          operationId: 'deleteArticle',
          tags: ['articles'],
          summary: 'Delete an article',
          description: 'It leaves the feeds, and its permalink answers 410 Gone.',
          parameters: [ref('parameters', 'IfMatch')],
          responses: {
            '204': { description: 'Deleted.' },
            ...problemResponses(401, 404, 412, 500, 503),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['meta'],
          summary: 'This document',
          description: 'Public: the document describes the API and holds no secrets.',
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...problemResponses(500),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'One of the configured publish tokens.' },
      },
      schemas: {
        ArticleInput: jsonSchema(articleInputSchema, 'input'),
        Article: jsonSchema(articleSchema, 'output'),
        ArticlePage: {
          type: 'object',
          properties: {
            items: { type: 'array', items: ref('schemas', 'Article') },
            nextCursor: {
              type: 'string',
              description: 'Pass as `cursor` for the next page; absent on the last.',
            },
          },
          required: ['items'],
        },
        Problem: jsonSchema(problemSchema, 'output'),
      },
      parameters: {
        Slug: {
          name: 'slug',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: maxSlugLength },
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The `ETag` the change is based on.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: { description: "The article's version, a strong entity tag.", schema: { type: 'string' } },
        Location: {
          description: 'The URL of the article in this API.',
          schema: { type: 'string', format: 'uri' },
        },
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
      },
      responses: Object.fromEntries(
        problems.map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            ...(status === 503 && { headers: { 'Retry-After': ref('headers', 'RetryAfter') } }),
            content: { 'application/problem+json': { schema: ref('schemas', 'Problem') } },
          },
        ]),
      ),
    },
  }
}
