import { ValidationError } from '../articles/errors.ts'
import type { Item } from './item-keys.ts'

/*
 * The desk list's opaque cursor: the source's last evaluated key, as base64url JSON. Only a key of
 * string attributes with short names is taken back, so a forged cursor reads nothing else.
 */

/** The cursor that goes on after `key`. */
export function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

/** The key a cursor goes on after; a `ValidationError` on `cursor` for anything else. */
export function decodeCursor(cursor: string): Item {
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw new Error('not base64url')
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object')
    const key: Item = {}
    for (const [name, value] of Object.entries(parsed)) {
      const text = typeof value === 'object' && value !== null && 'S' in value ? value.S : undefined
      if (!/^[a-z]{2,9}$/.test(name) || typeof text !== 'string' || text.length > 1200)
        throw new Error('bad key')
      key[name] = { S: text }
    }
    return key
  } catch (error) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this service issued' }], {
      cause: error,
    })
  }
}
