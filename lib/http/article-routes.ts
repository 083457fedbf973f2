import { Hono } from 'hono'
import { isPublicAt, lastWriteAt } from '../articles/article.ts'
import { isTombstone } from '../articles/article-store.ts'
import { GoneError, NotFoundError } from '../articles/errors.ts'
import { permalink } from '../articles/permalink.ts'
import { hasSlugShape, isSlug } from '../articles/slug.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { AppEnv } from './app-base.ts'
import type { PublicAppDeps } from './app-deps.ts'
import { toPublicArticle } from './article-resource.ts'
import { cacheControl, noSniff } from './cache-policy.ts'
import { loadPageRenderers } from './page-renderers.ts'
import { Representation, sendRepresentation, stableLastModified } from './representation.ts'
import { canonicalSlug, redirectTo } from './slug-redirect.ts'

/** `/articles/{slug}` (the permalink page) and `/articles/{slug}.json` (the public article JSON). */
export function articleRoutes(deps: PublicAppDeps): Hono<AppEnv> {
  const { site, store, clock } = deps
  const routes = new Hono<AppEnv>()
  routes.get('/articles/:file', async (c) => {
    const file = c.req.param('file')
    const asJson = file.endsWith('.json')
    const slug = asJson ? file.slice(0, -'.json'.length) : file
    // An article stored before slugs were folded keeps the slug it was stored at, and its permalink.
    const legacy = !isSlug(slug) && hasSlugShape(slug) ? await store.findBySlug(slug) : undefined
    if (!isSlug(slug) && legacy === undefined) {
      const canonical = canonicalSlug(slug)
      if (canonical === undefined) throw new NotFoundError(`no article "${slug.slice(0, 100)}"`)
      return redirectTo(c, `${permalink(site.url, canonical)}${asJson ? '.json' : ''}`)
    }
    const found = legacy ?? (await store.findBySlug(slug))
    const now = clock().getTime()
    // Gone only for what readers could have seen; a deleted draft looks like any unknown slug.
    if (found && isTombstone(found) && found.wasPublic !== false) {
      throw new GoneError(`article "${slug}" was deleted`)
    }
    if (!found || isTombstone(found) || !isPublicAt(found, now))
      throw new NotFoundError(`no article "${slug}"`)
    const lastModified = stableLastModified(lastWriteAt(found), now)
    const rep = asJson
      ? new Representation(
          JSON.stringify(toPublicArticle(found, site)),
          'application/json; charset=utf-8',
          lastModified,
        )
      : new Representation(
          (await loadPageRenderers()).renderArticlePage(found, site),
          'text/html; charset=utf-8',
          lastModified,
        )
    return sendRepresentation(c, rep, 200, {
      ...(asJson ? noSniff : pageSecurityHeaders),
      'Cache-Control': cacheControl(now, undefined),
    })
  })
  return routes
}
