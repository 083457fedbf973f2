import type { Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { articleStatuses } from '../articles/article.ts'
import { parseArticleInput } from '../articles/article-input.ts'
import { isTombstone } from '../articles/article-store.ts'
import { createArticle } from '../articles/create-article.ts'
import { deleteArticle } from '../articles/delete-article.ts'
import { GoneError, NotFoundError, ValidationError } from '../articles/errors.ts'
import { type ReplaceOptions, replaceArticle } from '../articles/replace-article.ts'
import { slugPattern } from '../articles/slug.ts'
import { type AppEnv, allowOnly, createBaseApp } from './app-base.ts'
import type { PublishAppDeps } from './app-deps.ts'
import { articleEtag, toArticleResource } from './article-resource.ts'
import { isAuthorized } from './bearer-auth.ts'
import { parseEntityTags } from './entity-tags.ts'
import { buildOpenApiDocument } from './openapi.ts'
import { HttpProblem } from './problem.ts'

const defaultMaxBodyBytes = 1024 * 1024

/** The `/api` routes of DESIGN.md: authenticated, JSON only, conditional writes. */
export function createPublishApp(deps: PublishAppDeps): Hono<AppEnv> {
  // Nothing under /api is ever kept by a shared cache, not even an unknown path's 404.
  const app = createBaseApp(deps.logger, { notFoundCacheControl: 'no-store' })
  const articleDeps = { store: deps.store, clock: deps.clock, site: deps.site }
  const maxBodyBytes = deps.maxBodyBytes ?? defaultMaxBodyBytes
  const openApi = JSON.stringify(buildOpenApiDocument(deps.site))

  app.get('/api/openapi.json', (c) =>
    c.body(openApi, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    }),
  )

  app.use('/api/*', async (c, next) => {
    const tokens = await deps.tokens()
    if (!isAuthorized(c.req.header('authorization'), tokens)) {
      throw new HttpProblem(
        401,
        'Unauthorized',
        'Send a valid publish token as "Authorization: Bearer <token>".',
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="publish"' },
        },
      )
    }
    c.header('Cache-Control', 'no-store')
    await next()
  })
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpProblem(
          413,
          'Content Too Large',
          `The request body is over the ${maxBodyBytes} bytes this API accepts.`,
        )
      },
    }),
  )

  app.post('/api/articles', async (c) => {
    const input = parseArticleInput(await readJson(c))
    const article = await createArticle(input, articleDeps)
    return c.json(toArticleResource(article, deps.site.url), 201, {
      Location: `${deps.site.url}/api/articles/${article.slug}`,
      ETag: articleEtag(article),
    })
  })

  app.get('/api/articles', async (c) => {
    const status = c.req.query('status')
    const limitText = c.req.query('limit')
    const cursor = c.req.query('cursor')
    const issues = []
    if (status !== undefined && !(articleStatuses as readonly string[]).includes(status)) {
      issues.push({ path: 'status', message: `must be one of ${articleStatuses.join(', ')}` })
    }
    const limit = limitText === undefined ? 20 : Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !/^\d+$/.test(limitText ?? '20')) {
      issues.push({ path: 'limit', message: 'must be a whole number from 1 to 100' })
    }
    if (issues.length > 0) throw new ValidationError(issues)
    const page = await deps.store.listByStatus({
      limit,
      ...(status === 'draft' || status === 'published' ? { status } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    })
    return c.json({
      items: page.items.map((a) => toArticleResource(a, deps.site.url)),
      ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    })
  })

  app.get('/api/articles/:slug', async (c) => {
    const slug = pathSlug(c.req.param('slug'))
    const found = await deps.store.findBySlug(slug)
    if (!found) throw new NotFoundError(`no article "${slug}"`)
    if (isTombstone(found)) throw new GoneError(`article "${slug}" was deleted at ${found.deletedAt}`)
    return c.json(toArticleResource(found, deps.site.url), 200, { ETag: articleEtag(found) })
  })

  app.put('/api/articles/:slug', async (c) => {
    const slug = c.req.param('slug')
    if (!slugPattern.test(slug) || slug.length > 80) {
      throw new ValidationError([
        {
          path: 'slug',
          message: 'must be lowercase letters, digits and single hyphens, at most 80 characters',
        },
      ])
    }
    const conditions = preconditions(c)
    const input = parseArticleInput(await readJson(c))
    const { article, created } = await replaceArticle(slug, input, conditions, articleDeps)
    return c.json(toArticleResource(article, deps.site.url), created ? 201 : 200, {
      ETag: articleEtag(article),
      ...(created ? { Location: `${deps.site.url}/api/articles/${article.slug}` } : {}),
    })
  })

  app.delete('/api/articles/:slug', async (c) => {
    const slug = pathSlug(c.req.param('slug'))
    await deleteArticle(slug, preconditions(c), articleDeps)
    return c.body(null, 204)
  })

  allowOnly(app, '/api/openapi.json', ['GET', 'HEAD'])
  allowOnly(app, '/api/articles', ['GET', 'HEAD', 'POST'])
  allowOnly(app, '/api/articles/:slug', ['GET', 'HEAD', 'PUT', 'DELETE'])

  return app
}

function pathSlug(slug: string): string {
  if (!slugPattern.test(slug) || slug.length > 80)
    throw new NotFoundError(`no article "${slug.slice(0, 100)}"`)
  return slug
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  const [mediaType = '', ...params] = type.split(';').map((p) => p.trim().toLowerCase())
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '')
  if (
    (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) ||
    (charset !== undefined && charset !== 'utf-8')
  ) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      'Send the article as "Content-Type: application/json" (UTF-8).',
    )
  }
  const text = await c.req.text()
  try {
    return JSON.parse(text) as unknown
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
}

/** `If-Match` (compared strongly: a weak tag never matches) and `If-None-Match` of a write. */
function preconditions(c: Context<AppEnv>): ReplaceOptions {
  const ifMatch = parseEntityTags(c.req.header('if-match'), 'If-Match', true)
  const ifNoneMatch = parseEntityTags(c.req.header('if-none-match'), 'If-None-Match', false)
  return {
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
  }
}
