import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseWebhookSecret, readConfig } from '../../lib/config.ts'

const secret = `whsec_${randomBytes(32).toString('base64')}`

describe('notification settings', () => {
  it('is off when nothing is set', () => {
    expect(readConfig({}).notify).toEqual({ websubHubs: [], webhookUrls: [], invalidation: 'changed' })
  })

  it('reads comma-separated hubs and webhook URLs, each once, and the secret', () => {
    const { notify } = readConfig({
      WEBSUB_HUBS:
        ' https://pubsubhubbub.appspot.com/ , https://hub.example.net/hub,https://pubsubhubbub.appspot.com/',
      WEBHOOK_URLS: 'https://hooks.example.com/in?token=abc',
      WEBHOOK_SECRET: ` ${secret} `,
    })
    expect(notify).toEqual({
      websubHubs: ['https://pubsubhubbub.appspot.com/', 'https://hub.example.net/hub'],
      webhookUrls: ['https://hooks.example.com/in?token=abc'],
      webhookSecret: secret,
      invalidation: 'changed',
    })
  })

  it.each([
    ['WEBSUB_HUBS', { WEBSUB_HUBS: 'hub.example.com' }],
    ['WEBSUB_HUBS', { WEBSUB_HUBS: 'ftp://hub.example.com/' }],
    ['WEBHOOK_URLS', { WEBHOOK_URLS: 'https://ok.example.com/,not a url', WEBHOOK_SECRET: secret }],
    ['WEBHOOK_URLS', { WEBHOOK_URLS: 'https://ok.example.com/#part', WEBHOOK_SECRET: secret }],
    ['WEBHOOK_SECRET', { WEBHOOK_URLS: 'https://hooks.example.com/' }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: randomBytes(32).toString('base64') }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: 'whsec_not*base64' }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: `whsec_${randomBytes(8).toString('base64')}` }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: `whsec_${randomBytes(80).toString('base64')}` }],
    ['WEBHOOK_SECRET_ARN', { WEBHOOK_SECRET_ARN: 'WebhookSecret-AbCdEf' }],
    ['WEBHOOK_SECRET_ARN', { WEBHOOK_SECRET_ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/hook' }],
    ['INVALIDATION', { INVALIDATION: 'everything' }],
  ])('stops with a ConfigError naming %s when it is wrong', (name, env) => {
    let caught: unknown
    try {
      readConfig(env)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect(String((caught as Error).message)).toMatch(new RegExp(`^${name}`))
  })

  it('lets webhooks take their secret from Secrets Manager on AWS (WEBHOOK_SECRET_ARN)', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:WebhookSecret-AbCdEf'
    const { notify } = readConfig({ WEBHOOK_URLS: 'https://hooks.example.com/', WEBHOOK_SECRET_ARN: arn })
    expect(notify).toEqual({
      websubHubs: [],
      webhookUrls: ['https://hooks.example.com/'],
      webhookSecretArn: arn,
      invalidation: 'changed',
    })
  })

  it('reads what the notifier invalidates on AWS: changed paths by default, or all', () => {
    expect(readConfig({ INVALIDATION: 'all' }).notify.invalidation).toBe('all')
    expect(readConfig({ INVALIDATION: ' changed ' }).notify.invalidation).toBe('changed')
  })

  it('writes each URL as the URL parser does, so one hub written two ways is pinged once', () => {
    const { notify } = readConfig({ WEBSUB_HUBS: 'HTTPS://Hub.Example.com,https://hub.example.com/' })
    expect(notify.websubHubs).toEqual(['https://hub.example.com/'])
  })
})

describe('the webhook secret held in Secrets Manager', () => {
  it('takes the value the stack generates, base64 without the whsec_ prefix, and gives it the prefix', () => {
    // What Secrets Manager generates for the stack: 44 letters and digits, valid base64 of 33 bytes.
    const generated = 'Q7rX2mVb9KpL4wN8cT1yH6sD3fG5jZ0aE9uR2iO7pW4e'
    expect(parseWebhookSecret(` ${generated}\n`, 'the webhook secret')).toBe(`whsec_${generated}`)
  })

  it('takes a whsec_ value as it is', () => {
    expect(parseWebhookSecret(secret, 'the webhook secret')).toBe(secret)
  })

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['not base64', 'not base64 at all, with spaces and *'],
    ['empty', ''],
  ])('refuses a value that is %s, naming the secret and not quoting it', (_, value) => {
    let caught: unknown
    try {
      parseWebhookSecret(value, 'the webhook secret (WEBHOOK_SECRET_ARN)')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    const message = String((caught as Error).message)
    expect(message).toMatch(/^the webhook secret \(WEBHOOK_SECRET_ARN\) must be "whsec_"/)
    if (value !== '') expect(message).not.toContain(value)
  })
})
