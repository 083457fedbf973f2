import * as v from 'valibot'
import { ConfigError, parseSettings } from './parse-settings.ts'

/** Where changes are announced: `WEBSUB_HUBS`, `WEBHOOK_URLS`, `WEBHOOK_SECRET`. Empty lists: off. */
export interface NotifySettings {
  /** WebSub hubs: pinged on every change, and named by every feed (`rel="hub"`). */
  readonly websubHubs: readonly string[]
  readonly webhookUrls: readonly string[]
  /** `whsec_<base64>`; absent when it comes from Secrets Manager (`webhookSecretArn`) or webhooks are off. */
  readonly webhookSecret?: string
  /** `WEBHOOK_SECRET_ARN`: the Secrets Manager secret holding the webhook secret (on AWS; the stack sets it). */
  readonly webhookSecretArn?: string
  /** `INVALIDATION`: what a change invalidates in CloudFront on AWS, `changed` paths (default) or `all`. */
  readonly invalidation: 'changed' | 'all'
}

/** The announcing variables as the environment schema (lib/config.ts) parses them. */
export interface NotifyEnvSettings {
  readonly WEBSUB_HUBS?: readonly string[] | undefined
  readonly WEBHOOK_URLS?: readonly string[] | undefined
  readonly WEBHOOK_SECRET?: string | undefined
  readonly WEBHOOK_SECRET_ARN?: string | undefined
  readonly INVALIDATION?: 'changed' | 'all' | undefined
}

const webhookSecretRule =
  'must be "whsec_" followed by the base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)'

/** Base64 (standard alphabet, padded) of 24 to 64 bytes: the key range Standard Webhooks asks for. */
function isWebhookKey(base64: string): boolean {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) return false
  const bytes = Buffer.from(base64, 'base64').length
  return bytes >= 24 && bytes <= 64
}

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 24 to 64 random bytes (`WEBHOOK_SECRET`). */
export const webhookSecretSetting = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (text: string) => text.startsWith('whsec_') && isWebhookKey(text.slice('whsec_'.length)),
    webhookSecretRule,
  ),
)

/** What the notifier invalidates in CloudFront per batch: the `changed` paths, or `all` (`/*`). */
export const invalidationSetting = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^(changed|all)$/, (issue) => `must be changed or all, not "${String(issue.input)}"`),
  v.transform((text: string): 'changed' | 'all' => (text === 'all' ? 'all' : 'changed')),
)

/** The announcing settings; webhooks are always signed, so URLs without a secret are refused. */
export function notifySettings(settings: NotifyEnvSettings): NotifySettings {
  const webhookUrls = settings.WEBHOOK_URLS ?? []
  const { WEBHOOK_SECRET: webhookSecret, WEBHOOK_SECRET_ARN: webhookSecretArn } = settings
  if (webhookUrls.length > 0 && webhookSecret === undefined && webhookSecretArn === undefined) {
    throw new ConfigError(
      'WEBHOOK_SECRET must be set when WEBHOOK_URLS is: webhooks are always signed (whsec_ followed by base64)',
    )
  }
  return {
    websubHubs: settings.WEBSUB_HUBS ?? [],
    webhookUrls,
    ...(webhookSecret !== undefined ? { webhookSecret } : {}),
    ...(webhookSecretArn !== undefined ? { webhookSecretArn } : {}),
    invalidation: settings.INVALIDATION ?? 'changed',
  }
}

/**
 * The webhook secret held in Secrets Manager. The stack generates it, and Secrets Manager can only
 * generate characters, not prefix them: so the value is `whsec_<base64>` or the base64 alone (as
 * Standard Webhooks libraries take it too), by `WEBHOOK_SECRET`'s rule otherwise. Returns it with
 * the prefix; `name` is what the error calls it.
 */
export function parseWebhookSecret(text: string, name: string): string {
  const trimmed = text.trim()
  return parseSettings(
    webhookSecretSetting,
    trimmed.startsWith('whsec_') ? trimmed : `whsec_${trimmed}`,
    name,
  )
}
