import { createHmac } from 'node:crypto'

/**
 * The `webhook-signature` of the Standard Webhooks specification: `v1,` and the base64 HMAC-SHA256
 * of `{id}.{timestamp}.{body}` under the secret's decoded bytes. node:crypto rather than the
 * `standardwebhooks` package, whose pure-JS SHA-256 is slower and which the tests use instead, as
 * the independent check of what is sent here.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64')
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64')
  return `v1,${mac}`
}
