import { createHash, timingSafeEqual } from 'node:crypto'

const maxHeaderLength = 4096

/**
 * True when `authorization` is `Bearer <token>` for one of `tokens`. Tokens are compared as SHA-256
 * digests with `timingSafeEqual`, against every configured token, so neither the length nor the
 * position of a mismatch leaks through timing.
 */
export function isAuthorized(authorization: string | undefined, tokens: readonly string[]): boolean {
  if (authorization === undefined || authorization.length > maxHeaderLength) return false
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(authorization)
  const presented = match?.[1]
  if (presented === undefined) return false
  const digest = sha256(presented)
  let ok = false
  for (const token of tokens) {
    // No early exit: every token is compared.
    if (timingSafeEqual(digest, sha256(token))) ok = true
  }
  return ok
}

/** `presented === expected`, in time that depends on neither (both are hashed first). */
export function equalsInConstantTime(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || presented.length > maxHeaderLength) return false
  return timingSafeEqual(sha256(presented), sha256(expected))
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}
