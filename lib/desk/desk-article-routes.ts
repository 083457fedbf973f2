import type { Hono } from 'hono'
import { isTombstone } from '../articles/article-store.ts'
import { createArticle } from '../articles/create-article.ts'
import { deleteArticle } from '../articles/delete-article.ts'
import { PreconditionFailedError, ValidationError } from '../articles/errors.ts'
import { replaceArticle } from '../articles/replace-article.ts'
import { type EditorAction, fieldsFromForm, inputFromFields } from './article-form.ts'
import { editorPage, emptyFields } from './desk-editor-page.ts'
import { type DeskEnv, type DeskKit, formErrors, notFoundPage } from './desk-kit.ts'
import type { DeskListing, DeskStatus } from './desk-listing.ts'
import { deskStatuses } from './desk-listing.ts'
import { listPage, signInPage } from './desk-pages.ts'

const pageSize = 25

/** The desk's list and editor: list and filter, write, save, schedule, unpublish and delete. */
export function addDeskArticleRoutes(desk: Hono<DeskEnv>, kit: DeskKit): void {
  const { deps, timeZone, articleDeps, page, chrome, signedIn, editorView } = kit

  desk.get('/desk/', async (c) => {
    const session = c.get('session')
    if (!session) return page(c, signInPage(deps.site))
    const status = deskStatuses.find((s) => s === c.req.query('status'))
    const text = (name: string, max: number) => (c.req.query(name) ?? '').trim().slice(0, max)
    const query = {
      status: status ?? '',
      category: text('category', 240),
      author: text('author', 200),
      q: text('q', 200),
    }
    const cursor = c.req.query('cursor')
    let listed: Awaited<ReturnType<DeskListing['list']>>
    try {
      listed = await deps.listing.list({
        now: deps.clock(),
        limit: pageSize,
        ...(status && { status: status satisfies DeskStatus }),
        ...(query.category && { category: query.category.toLowerCase() }),
        ...(query.author && { author: query.author }),
        ...(query.q && { search: query.q }),
        ...(cursor !== undefined && { cursor: cursor.slice(0, 2000) }),
      })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      listed = { rows: [] }
    }
    const deleted = c.req.query('deleted')
    return page(
      c,
      listPage(chrome(c, session), {
        query,
        page: listed,
        timeZone,
        ...(deleted !== undefined && { notice: `Deleted “${deleted.slice(0, 240)}”.` }),
      }),
    )
  })

  desk.get('/desk/new', (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    return page(c, editorPage(chrome(c, session), { fields: emptyFields, timeZone }))
  })

  desk.get('/desk/articles/:slug', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const found = await deps.store.findBySlug(c.req.param('slug'))
    if (!found || isTombstone(found)) return page(c, notFoundPage(chrome(c, session)), 404)
    const saved = c.req.query('saved')
    const notices: Record<string, string> = {
      draft: 'Draft saved.',
      publish: 'Published.',
      schedule: 'Scheduled.',
      unpublish: 'Unpublished: it is a draft again, out of the feeds.',
    }
    const notice = saved === undefined ? undefined : notices[saved]
    return page(c, editorPage(chrome(c, session), editorView(c, found, notice ? { notice } : {})))
  })

  const actionOf = (value: unknown): EditorAction | 'delete' => {
    const actions = ['draft', 'publish', 'schedule', 'unpublish', 'delete'] as const
    return actions.find((a) => a === value) ?? 'draft'
  }

  desk.post('/desk/articles', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const body = await c.req.parseBody()
    const fields = fieldsFromForm(body)
    const action = actionOf(body.action)
    try {
      const input = inputFromFields(fields, {
        action: action === 'delete' || action === 'unpublish' ? 'draft' : action,
        now: deps.clock(),
        timeZone,
      })
      const article = await createArticle(input, articleDeps(session))
      return c.redirect(`/desk/articles/${encodeURIComponent(article.slug)}?saved=${action}`, 303)
    } catch (error) {
      const errors = formErrors(error)
      if (!errors) throw error
      return page(c, editorPage(chrome(c, session), { fields, timeZone, errors }))
    }
  })

  desk.post('/desk/articles/:slug', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const slug = c.req.param('slug')
    const found = await deps.store.findBySlug(slug)
    if (!found || isTombstone(found)) return page(c, notFoundPage(chrome(c, session)), 404)
    const body = await c.req.parseBody()
    const fields = fieldsFromForm(body)
    const action = actionOf(body.action)
    const revision = typeof body.revision === 'string' ? body.revision.slice(0, 200) : ''
    const ifMatch = { ifMatch: [revision] }
    try {
      if (action === 'delete') {
        await deleteArticle(slug, ifMatch, articleDeps(session))
        return c.redirect(`/desk/?deleted=${encodeURIComponent(slug)}`, 303)
      }
      const now = deps.clock()
      const input = inputFromFields(fields, {
        action: action === 'unpublish' ? 'draft' : action,
        now,
        timeZone,
        current: found,
      })
      const slugLocked = found.wasPublic === true || found.status === 'published'
      const wanted = fields.slug.trim()
      if (!slugLocked && wanted !== '' && wanted !== slug) {
        // A draft never published may still move: the new slug is created, the old draft removed.
        const moved = await createArticle({ ...input, slug: wanted, id: found.id }, articleDeps(session))
        await deleteArticle(slug, ifMatch, articleDeps(session))
        return c.redirect(`/desk/articles/${encodeURIComponent(moved.slug)}?saved=${action}`, 303)
      }
      await replaceArticle(slug, input, ifMatch, articleDeps(session))
      return c.redirect(`/desk/articles/${encodeURIComponent(slug)}?saved=${action}`, 303)
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        const latest = await deps.store.findBySlug(slug)
        if (!latest || isTombstone(latest)) return page(c, notFoundPage(chrome(c, session)), 404)
        const view = editorView(c, latest, { fields, conflict: latest })
        return page(c, editorPage(chrome(c, session), view))
      }
      const errors = formErrors(error)
      if (!errors) throw error
      return page(c, editorPage(chrome(c, session), editorView(c, found, { fields, errors })))
    }
  })
}
