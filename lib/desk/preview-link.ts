import { timingSafeEqual } from 'node:crypto'
import { signWithDeskKey } from './desk-key.ts'

/** How long a shared preview link works. */
export const previewLinkLifetimeMs = 7 * 24 * 60 * 60_000

/**
 * A preview link's token: the slug and the expiry, signed with the desk key. It shows the article
 * as saved when it is opened; a tampered or expired token names nothing (404).
 */
export function previewToken(key: string, slug: string, expiresAtMs: number): string {
  const payload = Buffer.from(JSON.stringify([slug, expiresAtMs]), 'utf8').toString('base64url')
  return `${payload}.${signWithDeskKey(key, 'preview', payload)}`
}

export function previewPath(key: string, slug: string, nowMs: number): string {
  return `/desk/preview/${previewToken(key, slug, nowMs + previewLinkLifetimeMs)}`
}

/** The slug a token names, when its signature holds and it has not expired. */
export function readPreviewToken(key: string, token: string, nowMs: number): string | undefined {
  const match = /^([A-Za-z0-9_-]{1,1400})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match?.[1] || !match[2]) return undefined
  const expected = Buffer.from(signWithDeskKey(key, 'preview', match[1]))
  const presented = Buffer.from(match[2])
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'))
  } catch {
    // Signed by us, so this cannot happen; a token that is not JSON names nothing.
    return undefined
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'number')
    return undefined
  return parsed[1] > nowMs ? parsed[0] : undefined
}
