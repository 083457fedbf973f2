import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import { signWithDeskKey } from './desk-key.ts'
import type { EditorStore } from './editors.ts'
import { hashToken, verifyEditorToken } from './editors.ts'

/**
 * A desk session: who signed in, with which token (a fingerprint, so that a removed editor or a
 * rotated publish token ends it at once), and until when. Kept in a signed cookie (Hono's
 * HMAC-SHA256 signed cookies), `HttpOnly`, `SameSite=Strict`, `Secure` and `__Host-` on https.
 */
export interface Session {
  readonly kind: 'editor' | 'publish'
  /** The editor's record key; '-' for the publish token. */
  readonly key: string
  /** The first 32 hex digits of the token's SHA-256. */
  readonly fingerprint: string
  readonly expiresAtMs: number
  /** What `updatedBy` records. */
  readonly name: string
}

export const sessionLifetimeMs = 12 * 60 * 60_000
export const publishTokenName = 'publish token'

/** `__Host-` binds the cookie to this exact origin; browsers take it only with `Secure` over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-newsfeed-desk' : 'newsfeed-desk'
}

function encode(session: Session): string {
  const name = Buffer.from(session.name, 'utf8').toString('base64url')
  return [session.kind, session.key, session.fingerprint, session.expiresAtMs, name].join('.')
}

function decode(value: string): Session | undefined {
  const match =
    /^(editor|publish)\.([A-Za-z0-9_-]{1,600}|-)\.([0-9a-f]{32})\.(\d{1,15})\.([A-Za-z0-9_-]{0,600})$/.exec(
      value,
    )
  if (!match) return undefined
  const [, kind, key, fingerprint, expires, name] = match
  if (kind === undefined || key === undefined || fingerprint === undefined || name === undefined)
    return undefined
  return {
    kind: kind === 'editor' ? 'editor' : 'publish',
    key,
    fingerprint,
    expiresAtMs: Number(expires),
    name: Buffer.from(name, 'base64url').toString('utf8'),
  }
}

export interface SessionDeps {
  readonly key: string
  readonly secure: boolean
  readonly nowMs: number
  readonly tokens: readonly string[]
  readonly editors: EditorStore
}

/** The session a presented token opens, or undefined when it is neither a publish nor an editor token. */
export async function openSession(token: string, deps: SessionDeps): Promise<Session | undefined> {
  const expiresAtMs = deps.nowMs + sessionLifetimeMs
  const fingerprint = hashToken(token).slice(0, 32)
  if (deps.tokens.some((t) => sameText(t, token))) {
    return { kind: 'publish', key: '-', fingerprint, expiresAtMs, name: publishTokenName }
  }
  const editor = await verifyEditorToken(token, deps.editors)
  if (!editor) return undefined
  return { kind: 'editor', key: editor.key, fingerprint, expiresAtMs, name: editor.name }
}

export async function writeSession(c: Context, session: Session, deps: SessionDeps): Promise<void> {
  await setSignedCookie(c, sessionCookieName(deps.secure), encode(session), deps.key, {
    path: '/',
    httpOnly: true,
    secure: deps.secure,
    sameSite: 'Strict',
    maxAge: Math.floor(sessionLifetimeMs / 1000),
  })
}

export function clearSession(c: Context, deps: Pick<SessionDeps, 'secure'>): void {
  deleteCookie(c, sessionCookieName(deps.secure), { path: '/', secure: deps.secure })
}

/**
 * The request's session when its cookie is signed by us, unexpired, and its token still stands: the
 * editor's record still holds that token, or the publish token is still configured. One GetItem per
 * request for an editor, so removal takes effect on the next request.
 */
export async function readSession(c: Context, deps: SessionDeps): Promise<Session | undefined> {
  const value = await getSignedCookie(c, deps.key, sessionCookieName(deps.secure))
  if (typeof value !== 'string') return undefined
  const session = decode(value)
  if (!session || session.expiresAtMs <= deps.nowMs) return undefined
  if (session.kind === 'publish') {
    return deps.tokens.some((t) => hashToken(t).slice(0, 32) === session.fingerprint) ? session : undefined
  }
  const editor = await deps.editors.find(session.key)
  return editor?.tokenHash.slice(0, 32) === session.fingerprint
    ? { ...session, name: editor.name }
    : undefined
}

/** The form token of a session: every desk form carries it, and every POST must bring it back. */
export function formToken(key: string, session: Session): string {
  return signWithDeskKey(key, 'form', encode(session))
}

export function isFormToken(key: string, session: Session, presented: unknown): boolean {
  return typeof presented === 'string' && sameText(presented, formToken(key, session))
}

function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}
