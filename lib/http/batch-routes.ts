import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { ArticleDeps } from '../articles/create-article.ts'
import { createArticles } from '../articles/create-articles.ts'
import { permalink } from '../articles/permalink.ts'
import type { AppEnv } from './app-base.ts'
import { apiArticleUrl, articleEtag, toArticleResource } from './article-resource.ts'
import { jsonBody } from './json-body.ts'
import { problemResponses, problemSchema } from './openapi.ts'
import { preferredReturn } from './prefer-header.ts'
import { toProblem } from './problem.ts'
import { article } from './publish-schemas.ts'
import { z } from './zod-openapi.ts'

/**
 * The bulk endpoint of the publish API (`docs/api.md`): many creates in one request, for imports.
 * Not `/api/articles/batch`, which would shadow the article whose slug is `batch`.
 */

/** Articles one request may carry (and the body limit, 1 MiB by default, applies to the whole). */
export const maxBatchArticles = 100

const batchBody = z
  .object({
    articles: z
      .array(
        z.unknown().meta({
          description: 'An `ArticleInput`, as `POST /api/articles` takes it; each is checked on its own.',
        }),
      )
      .min(1)
      .max(maxBatchArticles),
  })
  .openapi('ArticleBatch', { description: `Up to ${maxBatchArticles} articles to create.` })

const batchResult = z
  .object({
    results: z
      .array(
        z.object({
          index: z.number().int().meta({ description: 'The position of the article in `articles`, from 0.' }),
          status: z
            .number()
            .int()
            .meta({
              description:
                '201 created; 409 slug taken (by an article, a deleted one, or an earlier article of the batch); 400 invalid; 413 too large.',
              examples: [201],
            }),
          article: article
            .optional()
            .meta({ description: 'The article created (201), unless `return=minimal` was preferred.' }),
          id: z
            .string()
            .optional()
            .meta({ description: 'With `Prefer: return=minimal`: the created article’s `id`.' }),
          slug: z.string().optional().meta({ description: 'With `Prefer: return=minimal`: its `slug`.' }),
          url: z
            .string()
            .optional()
            .meta({ description: 'With `Prefer: return=minimal`: its public `url`.' }),
          version: z
            .number()
            .int()
            .optional()
            .meta({ description: 'With `Prefer: return=minimal`: its `version`.' }),
          etag: z.string().optional().meta({
            description:
              'With `Prefer: return=minimal`: the `ETag` that `POST /api/articles` would have answered.',
          }),
          location: z.string().optional().meta({
            description:
              'With `Prefer: return=minimal`: the `Location` that `POST /api/articles` would have answered.',
          }),
          problem: problemSchema.optional().meta({
            description: 'Why it was not created; paths in `errors` start with `articles.{index}`.',
          }),
        }),
      )
      .readonly(),
    created: z.number().int(),
    refused: z.number().int(),
  })
  .openapi('ArticleBatchResult')

export const createArticleBatchRoute = createRoute({
  method: 'post',
  path: '/api/article-batches',
  operationId: 'createArticleBatch',
  tags: ['articles'],
  summary: 'Create many articles',
  description: `Up to ${maxBatchArticles} articles, each created as \`POST /api/articles\` would (same checks and slug rules, never over an existing article) except that a batch never takes a deleted article's slug. Answered per article in \`results\`, in order; what the articles share (feed states, registries) is written once, and the batch is announced once.`,
  middleware: jsonBody,
  request: {
    headers: z.object({
      Prefer: z
        .string()
        .optional()
        .meta({
          description:
            '`return=minimal` (RFC 7240): each created article is answered by its `id`, `slug`, `url`, `version`, `etag` and `location` instead of in full.',
          examples: ['return=minimal'],
        }),
    }),
    body: { required: true, content: { 'application/json': { schema: batchBody } } },
  },
  responses: {
    200: {
      description: 'Each article’s outcome; 200 even when some or all were refused.',
      headers: {
        'Preference-Applied': {
          description: '`return=minimal` when the answer is the minimal one (RFC 7240).',
          schema: { type: 'string' },
        },
      },
      content: { 'application/json': { schema: batchResult } },
    },
    ...problemResponses(400, 401, 403, 413, 415, 500, 503),
  },
})

/** Registers the bulk endpoint on the publish API. */
export function registerBatchRoutes(
  api: OpenAPIHono<AppEnv>,
  deps: ArticleDeps & { readonly site: { readonly url: string } },
): void {
  api.openapi(createArticleBatchRoute, async (c) => {
    const { articles } = c.req.valid('json')
    const minimal = preferredReturn(c.req.valid('header').Prefer) === 'minimal'
    const outcomes = await createArticles(articles, deps)
    const siteUrl = deps.site.url
    const results = outcomes.map((outcome, index) => {
      if ('article' in outcome) {
        const created = outcome.article
        if (!minimal) return { index, status: 201, article: toArticleResource(created, siteUrl) }
        return {
          index,
          status: 201,
          id: created.id,
          slug: created.slug,
          url: permalink(siteUrl, created.slug),
          version: created.version,
          etag: articleEtag(created),
          location: apiArticleUrl(siteUrl, created.slug),
        }
      }
      const known = toProblem(outcome.error)
      if (known === undefined) throw outcome.error
      const { type, title, status, detail, errors } = known.problem
      return {
        index,
        status,
        problem: {
          type,
          title,
          status,
          detail,
          ...(errors !== undefined && {
            errors: errors.map((issue) => ({
              path: issue.path === '' ? `articles.${index}` : `articles.${index}.${issue.path}`,
              message: issue.message,
            })),
          }),
        },
      }
    })
    const created = results.filter((r) => r.status === 201).length
    const answer = { results, created, refused: results.length - created }
    return minimal ? c.json(answer, 200, { 'Preference-Applied': 'return=minimal' }) : c.json(answer, 200)
  })
}
