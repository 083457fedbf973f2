import type { Context } from 'hono'
import { type Article, isPublicAt } from '../articles/article.ts'
import type { ArticleStore } from '../articles/article-store.ts'
import {
  ConflictError,
  GoneError,
  NotFoundError,
  TooLargeError,
  ValidationError,
} from '../articles/errors.ts'
import { permalink } from '../articles/permalink.ts'
import { html } from '../pages/html.ts'
import type { Site } from '../site.ts'
import type { SubscriberCounts } from '../subscribers/subscriber-counts.ts'
import { fieldsOf } from './article-form.ts'
import { type EditorView, issuesByField } from './desk-editor-page.ts'
import type { DeskListing } from './desk-listing.ts'
import { type Chrome, deskDocument } from './desk-pages.ts'
import type { EditorStore } from './editors.ts'
import { previewPath } from './preview-link.ts'
import { formToken, type Session, type SessionDeps } from './session.ts'
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
  /** What `GET /api/subscribers` reads: the subscribers panel shows it; absent: the panel says none were counted. */
  readonly subscribers?: SubscriberCounts
}

export type DeskEnv = { Variables: { session: Session | undefined; key: string } }

/** The desk's own pages: scripts and styles from itself only, forms to itself only, never framed. */
export const deskHeaders = {
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

/** What every desk route module shares: the deps, the page helpers and the session's reach. */
export interface DeskKit {
  readonly deps: DeskDeps
  readonly secure: boolean
  readonly siteOrigin: string
  readonly timeZone: string
  readonly limiter: SignInLimiter
  readonly articleDeps: (session: Session) => {
    store: ArticleStore
    clock: () => Date
    site: Site
    editor: string
  }
  readonly sessionDeps: (c: Context<DeskEnv>) => Promise<SessionDeps>
  /** A desk page with the desk's headers. */
  readonly page: (
    c: Context<DeskEnv>,
    body: string,
    status?: 200 | 400 | 401 | 403 | 404 | 409 | 429,
  ) => Response
  readonly chrome: (c: Context<DeskEnv>, session: Session) => Chrome
  readonly signedIn: (c: Context<DeskEnv>) => Session | undefined
  readonly editorView: (c: Context<DeskEnv>, article: Article, extra?: Partial<EditorView>) => EditorView
}

/** The helpers the desk's route modules share, over one set of deps. */
export function createDeskKit(deps: DeskDeps): DeskKit {
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

  const signedIn = (c: Context<DeskEnv>): Session | undefined => c.get('session')
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

  return {
    deps,
    secure,
    siteOrigin,
    timeZone,
    limiter,
    articleDeps,
    sessionDeps,
    page,
    chrome,
    signedIn,
    editorView,
  }
}

/** Problems a writer can fix, by form field, in the API's words; undefined for anything else. */
export function formErrors(error: unknown): Map<string, string[]> | undefined {
  if (error instanceof ValidationError) return issuesByField(error.issues)
  if (error instanceof ConflictError) return new Map([['slug', [error.message]]])
  if (error instanceof TooLargeError) return new Map([['content', [error.message]]])
  if (error instanceof NotFoundError || error instanceof GoneError) return new Map([['', [error.message]]])
  return undefined
}

/** The desk's page for an article that is not there (or deleted). */
export function notFoundPage(chrome: Chrome): string {
  return deskDocument(
    chrome,
    'Not found',
    html`<h1>No such article</h1><p><a href="/desk/">Back to the list</a></p>`,
  )
}
