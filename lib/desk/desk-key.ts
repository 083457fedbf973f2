import { createHmac } from 'node:crypto'

/**
 * The desk's signing key (session cookies, form tokens, preview links), derived from the first
 * publish token: no further secret to deploy, and rotating the publish token (`new,old` in the
 * secret) signs everyone out and retires every preview link made before.
 */
export function deriveDeskKey(publishToken: string): string {
  return createHmac('sha256', publishToken).update('newsfeed desk signing key v1').digest('base64url')
}

/** HMAC-SHA256 of `message` under the desk key, base64url: for form tokens and preview links. */
export function signWithDeskKey(key: string, purpose: string, message: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${message}`).digest('base64url')
}
