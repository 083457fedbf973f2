import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { ArticleStore } from '../articles/article-store.ts'
import { authorProfileInput, type StoredAuthorProfile } from '../articles/author-profile.ts'
import { NotFoundError, PreconditionFailedError } from '../articles/errors.ts'
import { authorUrl } from '../articles/permalink.ts'
import { isSlug } from '../articles/slug.ts'
import type { AppEnv } from './app-base.ts'
import { ifMatchHeader } from './entity-tags.ts'
import { jsonBody } from './json-body.ts'
import { headerRef, problemResponses } from './openapi.ts'
import { z } from './zod-openapi.ts'

/*
 * `GET` and `PUT /api/authors/{slug}`: an author's profile (bio, URL, avatar) as their page and feeds
 * show it. The slug is the author's page slug (`/authors/{slug}/`); a profile may be set before the
 * author's first article. `ETag` and `If-Match` as for articles: a PUT with an `If-Match` the profile
 * no longer has is a 412.
 */

const authorParams = z.object({
  slug: z
    .string()
    .max(400)
    .refine(isSlug, { error: 'must be an author slug as their page has it (lowercase, hyphens)' })
    .openapi({ param: { name: 'slug', in: 'path' }, examples: ['zoe-angstrom'] }),
})

const authorProfile = z
  .object({
    slug: z.string(),
    page: z.string().openapi({ description: 'The author page.', format: 'uri' }),
    bio: z.string().optional(),
    url: z.string().optional(),
    avatar: z.string().optional(),
    version: z.int(),
    updatedAt: z.string(),
  })
  .openapi('AuthorProfile')

const profileResponse = (description: string) => ({
  description,
  headers: { ETag: headerRef('ETag') },
  content: { 'application/json': { schema: authorProfile } },
})

export const getAuthorProfileRoute = createRoute({
  method: 'get',
  path: '/api/authors/{slug}',
  operationId: 'getAuthorProfile',
  tags: ['authors'],
  summary: "An author's profile",
  request: { params: authorParams },
  responses: { 200: profileResponse('The profile.'), ...problemResponses(400, 401, 403, 404, 500, 503) },
})

export const putAuthorProfileRoute = createRoute({
  method: 'put',
  path: '/api/authors/{slug}',
  operationId: 'putAuthorProfile',
  tags: ['authors'],
  summary: "Set an author's profile",
  description:
    'Replaces the whole profile (a field left out is removed). With `If-Match`, only while the profile is at that version (412 otherwise).',
  middleware: jsonBody,
  request: {
    params: authorParams,
    headers: z.object({ 'If-Match': ifMatchHeader }),
    body: { required: true, content: { 'application/json': { schema: authorProfileInput } } },
  },
  responses: {
    200: profileResponse('Replaced.'),
    201: profileResponse('Created.'),
    ...problemResponses(400, 401, 403, 412, 413, 415, 500, 503),
  },
})

/** The entity tag of a profile version, unquoted: `p` keeps it apart from any article's. */
function profileTag(profile: StoredAuthorProfile): string {
  return `p${profile.version}`
}

function profileEtag(profile: StoredAuthorProfile): string {
  return `"${profileTag(profile)}"`
}

export function registerAuthorProfileRoutes(
  api: OpenAPIHono<AppEnv>,
  deps: { readonly store: ArticleStore; readonly clock: () => Date; readonly siteUrl: string },
): void {
  const resource = (slug: string, profile: StoredAuthorProfile) => ({
    slug,
    page: authorUrl(deps.siteUrl, slug),
    ...profile,
  })
  api.openapi(getAuthorProfileRoute, async (c) => {
    const { slug } = c.req.valid('param')
    const found = await deps.store.findAuthorProfile(slug)
    if (found === undefined) throw new NotFoundError(`no profile of author "${slug}"`)
    return c.json(resource(slug, found), 200, { ETag: profileEtag(found) })
  })
  api.openapi(putAuthorProfileRoute, async (c) => {
    const { slug } = c.req.valid('param')
    const ifMatch = c.req.valid('header')['If-Match']
    const current = await deps.store.findAuthorProfile(slug)
    if (ifMatch !== undefined) {
      const matches =
        current !== undefined && (ifMatch.includes('*') || ifMatch.includes(profileTag(current)))
      if (!matches) throw new PreconditionFailedError(`the profile of "${slug}" is not at that version`)
    }
    const { bio, url, avatar } = c.req.valid('json')
    // An empty bio is no bio.
    const profile = {
      ...(bio !== undefined && bio !== '' && { bio }),
      ...(url !== undefined && { url }),
      ...(avatar !== undefined && { avatar }),
    }
    const stored = await deps.store.putAuthorProfile(slug, profile, {
      version: (current?.version ?? 0) + 1,
      updatedAt: deps.clock().toISOString(),
    })
    return c.json(resource(slug, stored), current === undefined ? 201 : 200, { ETag: profileEtag(stored) })
  })
}
