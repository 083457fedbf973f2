import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { ValidationError } from '../articles/errors.ts'

/**
 * Named editor tokens: `newsfeed editors add "Name"` makes one, the table keeps only its SHA-256,
 * `newsfeed editors remove "Name"` deletes that record, and every desk request checks its session
 * against the record (`EditorStore.find`), so a removed editor is refused at once.
 *
 * A token reads `ned.{key}.{secret}`: `key` (base64url of the editor's name, folded) says which
 * record to read, so signing in is one GetItem, never a scan; `secret` is 32 random bytes.
 */
export interface Editor {
  /** As given to `editors add`, whitespace collapsed. */
  readonly name: string
  /** The folded name: the record's key. */
  readonly key: string
  /** SHA-256 (hex) of the whole token. */
  readonly tokenHash: string
  /** RFC 3339 UTC. */
  readonly addedAt: string
}

/** What the desk and the editors API need from storage. */
export interface EditorStore {
  /** Stores a new editor; throws `ConflictError` when one with the same folded name exists. */
  add(editor: Editor): Promise<void>
  /** The editor at `key`, if any. */
  find(key: string): Promise<Editor | undefined>
  /** Removes the editor at `key`; false when there was none. */
  remove(key: string): Promise<boolean>
}

export const maxEditorNameLength = 100
const tokenPattern = /^ned\.([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/

/** The name as stored: one line, whitespace collapsed, NFC; a ValidationError (path `name`) when unusable. */
export function normalizeEditorName(name: unknown): string {
  const text = typeof name === 'string' ? name.normalize('NFC').replace(/\s+/g, ' ').trim() : ''
  if (text === '' || text.length > maxEditorNameLength || /[\p{Cc}\p{Cs}]/u.test(text)) {
    throw new ValidationError([
      { path: 'name', message: `must be 1 to ${maxEditorNameLength} characters of text on one line` },
    ])
  }
  return text
}

/** The record key of a name: case and width folded, so "Ana" and "ANA" are one editor. */
export function editorKey(name: string): string {
  return Buffer.from(name.normalize('NFKC').toLowerCase(), 'utf8').toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A new editor and the token to hand them, shown once. */
export function newEditor(name: string, now: Date): { editor: Editor; token: string } {
  const clean = normalizeEditorName(name)
  const key = editorKey(clean)
  const token = `ned.${key}.${randomBytes(32).toString('base64url')}`
  return { editor: { name: clean, key, tokenHash: hashToken(token), addedAt: now.toISOString() }, token }
}

/** The record key a token names, or undefined for anything that is not an editor token. */
export function keyOfToken(token: string): string | undefined {
  return tokenPattern.exec(token)?.[1]
}

/** The editor a token belongs to: read by its key, compared by hash in constant time. */
export async function verifyEditorToken(token: string, store: EditorStore): Promise<Editor | undefined> {
  const key = keyOfToken(token)
  if (key === undefined) return undefined
  const editor = await store.find(key)
  if (!editor) return undefined
  const presented = Buffer.from(hashToken(token), 'hex')
  const stored = Buffer.from(editor.tokenHash, 'hex')
  return stored.length === presented.length && timingSafeEqual(stored, presented) ? editor : undefined
}
