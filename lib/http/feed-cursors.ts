import { createHmac, timingSafeEqual } from 'node:crypto'
import { ValidationError } from '../articles/errors.ts'

const signatureBytes = 16
const signedCursor = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{22})$/

/** The scope of the category list's cursors (`/feeds.opml`, `/categories/`): no category slug holds `#`. */
export const categoryListScope = '#categories'
/** The scope of the author list's cursors (`/feeds.opml`, `/authors/`). */
export const authorListScope = '#authors'

/**
 * The `?before=` cursors of the public feeds, signed. Each distinct cursor is a distinct CDN cache
 * key and costs a Query, so only cursors this site issued are accepted: a page cursor is the
 * store's cursor and an HMAC of it and of its feed scope (the site, or one category), so nobody
 * can mint others. Signing is deterministic, so a page's links are the same bytes every time.
 */
export class FeedCursors {
  readonly #key: string

  /** @param key a secret of at least 32 characters, the same on every instance and across deploys. */
  constructor(key: string) {
    if (key.length < 32) throw new RangeError('the cursor key must be at least 32 characters')
    this.#key = key
  }

  /** The public cursor for the store's `cursor` of a page of `scope` (undefined: the site). */
  sign(scope: string | undefined, cursor: string): string {
    return `${cursor}.${this.#mac(scope, cursor).toString('base64url')}`
  }

  /**
   * The store's cursor inside a public one, or a `ValidationError` naming `before` when this site
   * did not issue it for `scope`.
   */
  verify(scope: string | undefined, signed: string, param = 'before'): string {
    const match = signedCursor.exec(signed)
    const cursor = match?.[1]
    const given = match?.[2] === undefined ? undefined : Buffer.from(match[2], 'base64url')
    if (
      cursor === undefined ||
      given?.length !== signatureBytes ||
      !timingSafeEqual(given, this.#mac(scope, cursor))
    ) {
      throw new ValidationError([{ path: param, message: 'is not a page cursor this feed issued' }])
    }
    return cursor
  }

  #mac(scope: string | undefined, cursor: string): Buffer {
    return createHmac('sha256', this.#key)
      .update(`${scope === undefined ? 'site' : `category:${scope}`}\n${cursor}`)
      .digest()
      .subarray(0, signatureBytes)
  }
}
