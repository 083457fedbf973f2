import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../lib/config.ts'

const secret = `whsec_${randomBytes(32).toString('base64')}`

describe('notification settings', () => {
  it('is off when nothing is set', () => {
    expect(readConfig({}).notify).toEqual({ websubHubs: [], webhookUrls: [] })
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
    expect(notify.webhookUrls).toEqual(['https://hooks.example.com/'])
    expect(notify.webhookSecret).toBeUndefined()
  })
})
