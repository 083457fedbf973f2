import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { type Article, isPublicAt } from '../articles/article.ts'
import type { ArticleStore } from '../articles/article-store.ts'
import { isTombstone } from '../articles/article-store.ts'
import { buildArticle, resolveSlug } from '../articles/build-article.ts'
import { createArticle } from '../articles/create-article.ts'
import { deleteArticle } from '../articles/delete-article.ts'
import {
  ConflictError,
  GoneError,
  NotFoundError,
  PreconditionFailedError,
  TooLargeError,
  ValidationError,
} from '../articles/errors.ts'
import { permalink } from '../articles/permalink.ts'
import { replaceArticle } from '../articles/replace-article.ts'
import { html } from '../pages/html.ts'
import { renderArticlePage } from '../pages/render-article-page.ts'
import { pageSecurityHeaders } from '../pages/security-headers.ts'
import type { Site } from '../site.ts'
import { type EditorAction, fieldsFromForm, fieldsOf, inputFromFields } from './article-form.ts'
import { deskCss, deskJs } from './desk-assets.ts'
import type { DeskListing, DeskStatus } from './desk-listing.ts'
import { deskStatuses } from './desk-listing.ts'
import {
  type Chrome,
  deskDocument,
  type EditorView,
  editorPage,
  emptyFields,
  issuesByField,
  listPage,
  signInPage,
} from './desk-pages.ts'
import type { EditorStore } from './editors.ts'
import { previewPath, readPreviewToken } from './preview-link.ts'
import {
  clearSession,
  formToken,
  isFormToken,
  openSession,
  readSession,
  type Session,
  type SessionDeps,
  writeSession,
} from './session.ts'
import { createSignInLimiter, type SignInLimiter } from './sign-in-limiter.ts'

export interface DeskDeps {
  readonly store: ArticleStore
  readonly listing: DeskListing
  readonly editors: EditorStore
  readonly clock: () => Date
  readonly site: Site
  /** The publish tokens: each signs in too, as "publish token". */
  readonly tokens: () => Promise<readonly string[]> | readonly string[]
  /** Signs sessions, form tokens and preview links (`deriveDeskKey`). */
  readonly key: () => Promise<string> | string
  /** The newsroom's IANA time zone (`SITE_TIME_ZONE`); default UTC. */
  readonly timeZone?: string
  readonly signInLimiter?: SignInLimiter
}

type DeskEnv = { Variables: { session: Session | undefined; key: string } }

/** The desk's own pages: scripts and styles from itself only, forms to itself only, never framed. */
const deskHeaders = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    'img-src https: http: data:',
    "frame-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Type': 'text/html; charset=utf-8',
} as const

const maxFormBytes = 1024 * 1024 + 64 * 1024
const pageSize = 25

/**
 * The editors' desk under `/desk`: sign in with an editor token or the publish token, list, write,
 * preview, schedule, correct, unpublish and delete. Mounted on the publish app, so the origin check
 * runs before it; nothing here reaches the public function's bundle.
 */
export function createDeskApp(deps: DeskDeps): Hono<DeskEnv> {
  const desk = new Hono<DeskEnv>()
  const secure = deps.site.url.startsWith('https:')
  const siteOrigin = new URL(deps.site.url).origin
  const timeZone = deps.timeZone ?? 'UTC'
  const limiter = deps.signInLimiter ?? createSignInLimiter()
  const articleDeps = (session: Session) => ({
    store: deps.store,
    clock: deps.clock,
    site: deps.site,
    editor: session.name,
  })
  const sessionDeps = async (c: Context<DeskEnv>): Promise<SessionDeps> => ({
    key: c.get('key'),
    secure,
    nowMs: deps.clock().getTime(),
    tokens: await deps.tokens(),
    editors: deps.editors,
  })
  const page = (c: Context<DeskEnv>, body: string, status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200) =>
    c.body(body, status, deskHeaders)
  const chrome = (c: Context<DeskEnv>, session: Session): Chrome => ({
    site: deps.site,
    user: { name: session.name, formToken: formToken(c.get('key'), session) },
  })

  desk.get('/desk', (c) => c.redirect('/desk/', 308))
  desk.get('/desk/desk.css', (c) =>
    c.body(deskCss, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  )
  desk.get('/desk/desk.js', (c) =>
    c.body(deskJs, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    }),
  )

  // Cross-site form posts are refused by origin (Origin, or Sec-Fetch-Site) before anything else;
  // the session cookie is SameSite=Strict, and every form also carries a token bound to the session.
  desk.use(
    '/desk/*',
    csrf({
      origin: (origin, c) => origin === siteOrigin || origin === new URL(c.req.url).origin,
    }),
  )
  desk.use('/desk/*', async (c, next) => {
    c.set('key', await deps.key())
    await next()
  })

  // The shareable preview link: no session, only the signature and the expiry.
  desk.get('/desk/preview/:token', async (c) => {
    const slug = readPreviewToken(c.get('key'), c.req.param('token'), deps.clock().getTime())
    const found = slug === undefined ? undefined : await deps.store.findBySlug(slug)
    if (!found || isTombstone(found)) return c.notFound()
    return c.body(renderArticlePage(found, deps.site), 200, {
      ...pageSecurityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
      'Referrer-Policy': 'no-referrer',
    })
  })

  desk.post(
    '/desk/*',
    bodyLimit({
      maxSize: maxFormBytes,
      onError: (c) => c.body('The form is larger than the desk accepts (1 MiB).', 413),
    }),
  )

  desk.post('/desk/sign-in', async (c) => {
    const client = (c.req.header('x-forwarded-for') ?? 'direct').slice(0, 200)
    const nowMs = deps.clock().getTime()
    const wait = limiter.retryAfter(client, nowMs)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return page(c, signInPage(deps.site, `Too many attempts: try again in ${wait} seconds.`), 429)
    }
    const body = await c.req.parseBody()
    const token = typeof body.token === 'string' ? body.token.trim().slice(0, 800) : ''
    const sd = await sessionDeps(c)
    const session = token === '' ? undefined : await openSession(token, sd)
    if (!session) {
      limiter.fail(client, nowMs)
      return page(c, signInPage(deps.site, 'That token is not valid, or it was revoked.'), 401)
    }
    await writeSession(c, session, sd)
    return c.redirect('/desk/', 303)
  })

  // A form shown again with its problems (invalid input, a conflict) answers 200: the page says
  // what went wrong, next to the fields, and a browser logs no failed load for it.

  // Everything else needs a session that still stands; every POST, its form token too.
  desk.use('/desk/*', async (c, next) => {
    const session = await readSession(c, await sessionDeps(c))
    c.set('session', session)
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody()
      if (!session || !isFormToken(c.get('key'), session, body._token)) {
        return page(c, signInPage(deps.site, 'Your session ended or the form is stale: sign in again.'), 403)
      }
    }
    c.header('Cache-Control', 'no-store')
    await next()
    return undefined
  })

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

  desk.post('/desk/sign-out', async (c) => {
    clearSession(c, { secure })
    return c.redirect('/desk/', 303)
  })

  const signedIn = (c: Context<DeskEnv>): Session | undefined => c.get('session')

  desk.get('/desk/new', (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    return page(c, editorPage(chrome(c, session), { fields: emptyFields, timeZone }))
  })

  const editorView = (c: Context<DeskEnv>, article: Article, extra: Partial<EditorView> = {}): EditorView => {
    const nowMs = deps.clock().getTime()
    const isPublic = isPublicAt(article, nowMs)
    const status = article.status === 'draft' ? 'draft' : isPublic ? 'published' : 'scheduled'
    return {
      fields: fieldsOf(article, timeZone),
      article,
      status,
      timeZone,
      ...(isPublic
        ? { publicUrl: permalink(deps.site.url, article.slug) }
        : { previewLink: `${deps.site.url}${previewPath(c.get('key'), article.slug, nowMs)}` }),
      ...extra,
    }
  }

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

  // The live preview: the form as the public page will show it, with that page's own headers (its
  // CSP, which allows no script), framed only by the desk.
  desk.post('/desk/preview', async (c) => {
    const session = signedIn(c)
    if (!session) return c.redirect('/desk/', 303)
    const body = await c.req.parseBody()
    const fields = fieldsFromForm(body)
    const editing = typeof body.editing === 'string' ? body.editing.slice(0, 300) : ''
    const headers = {
      ...pageSecurityHeaders,
      'Content-Security-Policy':
        pageSecurityHeaders['Content-Security-Policy']?.replace(
          "frame-ancestors 'none'",
          "frame-ancestors 'self'",
        ) ?? '',
      'X-Frame-Options': 'SAMEORIGIN',
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Robots-Tag': 'noindex, nofollow',
    }
    try {
      const found = editing === '' ? undefined : await deps.store.findBySlug(editing)
      const current = found && !isTombstone(found) ? found : undefined
      const now = deps.clock()
      const input = inputFromFields(fields, { action: 'preview', now, timeZone, ...(current && { current }) })
      const slug = current?.slug ?? resolveSlug(input)
      const article = buildArticle(input, slug, { site: deps.site, now, editor: session.name }, current)
      return c.body(renderArticlePage(article, deps.site), 200, headers)
    } catch (error) {
      const errors = formErrors(error)
      if (!errors) throw error
      const messages = [...errors.values()].flat()
      return c.body(
        deskDocument(
          { site: deps.site },
          'Preview',
          html`<p>The preview appears once the article is complete:</p><ul>${messages.map((m) => html`<li>${m}</li>`)}</ul>`,
        ),
        200,
        {
          ...deskHeaders,
          'Content-Security-Policy': deskHeaders['Content-Security-Policy'].replace(
            "frame-ancestors 'none'",
            "frame-ancestors 'self'",
          ),
          'X-Frame-Options': 'SAMEORIGIN',
        },
      )
    }
  })

  return desk
}

/** Problems a writer can fix, by form field, in the API's words; undefined for anything else. */
function formErrors(error: unknown): Map<string, string[]> | undefined {
  if (error instanceof ValidationError) return issuesByField(error.issues)
  if (error instanceof ConflictError) return new Map([['slug', [error.message]]])
  if (error instanceof TooLargeError) return new Map([['content', [error.message]]])
  if (error instanceof NotFoundError || error instanceof GoneError) return new Map([['', [error.message]]])
  return undefined
}

function notFoundPage(chrome: Chrome): string {
  return deskDocument(
    chrome,
    'Not found',
    html`<h1>No such article</h1><p><a href="/desk/">Back to the list</a></p>`,
  )
}
