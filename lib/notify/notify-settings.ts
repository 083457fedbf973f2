import { ConfigError } from '../config.ts'

/** Where changes are announced: `WEBSUB_HUBS`, `WEBHOOK_URLS`, `WEBHOOK_SECRET`. Empty lists: off. */
export interface NotifySettings {
  readonly websubHubs: readonly string[]
  readonly webhookUrls: readonly string[]
  /** `whsec_<base64>`; absent when it comes from elsewhere (Secrets Manager on AWS). */
  readonly webhookSecret?: string
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * Reads the notification settings; a wrong value throws a `ConfigError` naming the variable.
 * `WEBHOOK_URLS` needs a secret to sign with: `WEBHOOK_SECRET`, or on AWS `WEBHOOK_SECRET_ARN`
 * (the function reads the secret from Secrets Manager and checks it with {@link parseWebhookSecret}).
 */
export function readNotifySettings(env: Env): NotifySettings {
  const websubHubs = readUrlList(env, 'WEBSUB_HUBS')
  const webhookUrls = readUrlList(env, 'WEBHOOK_URLS')
  const raw = env.WEBHOOK_SECRET?.trim()
  const webhookSecret =
    raw === undefined || raw === '' ? undefined : parseWebhookSecret(raw, 'WEBHOOK_SECRET')
  if (webhookUrls.length > 0 && webhookSecret === undefined && !env.WEBHOOK_SECRET_ARN?.trim()) {
    throw new ConfigError(
      'WEBHOOK_SECRET must be set when WEBHOOK_URLS is: webhooks are always signed (whsec_ followed by base64)',
    )
  }
  return { websubHubs, webhookUrls, ...(webhookSecret !== undefined ? { webhookSecret } : {}) }
}

/**
 * A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes, the range the
 * specification asks for. Returns it trimmed; `name` is the setting named in the error.
 */
export function parseWebhookSecret(value: string, name: string): string {
  const secret = value.trim()
  const base64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : undefined
  const valid =
    base64 !== undefined && /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)
  const bytes = valid ? Buffer.from(base64, 'base64').length : 0
  if (!valid || bytes < 24 || bytes > 64) {
    throw new ConfigError(
      `${name} must be "whsec_" followed by the base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)`,
    )
  }
  return secret
}

/** Comma-separated absolute http(s) URLs without fragments, each once. */
function readUrlList(env: Env, name: string): string[] {
  const urls = new Set<string>()
  for (const item of (env[name] ?? '').split(',')) {
    const text = item.trim()
    if (text === '') continue
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw new ConfigError(`${name} must be comma-separated absolute http(s) URLs; "${text}" is not one`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`${name} must be comma-separated absolute http(s) URLs; "${text}" is not one`)
    }
    if (url.hash !== '') throw new ConfigError(`${name}: "${text}" must not have a fragment`)
    urls.add(url.href)
  }
  return [...urls]
}
