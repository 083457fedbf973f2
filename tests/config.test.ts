import { describe, expect, it } from 'vitest'
import { ConfigError, parsePublishTokens, readConfig } from '../lib/config.ts'

const token = 'a-publish-token-0123456789'

describe('readConfig', () => {
  it('gives the local defaults for an empty environment', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      site: {
        url: 'http://localhost:3000',
        title: 'Newsroom',
        description: 'The latest news, as it is published.',
        language: 'en',
        author: 'Newsroom Desk',
      },
      feedPageSize: 20,
      publishTokens: [],
      notify: { websubHubs: [], webhookUrls: [], invalidation: 'changed' },
    })
  })

  it('reads every variable, trimming text and the trailing slash of URLs', () => {
    const config = readConfig({
      PORT: '8080',
      SITE_URL: 'https://news.example.com/edition/',
      SITE_TITLE: '  Example News ',
      SITE_DESCRIPTION: 'Independent reporting',
      SITE_LANGUAGE: 'en-GB',
      SITE_AUTHOR: 'Desk',
      FEED_PAGE_SIZE: ' 30 ',
      PUBLISH_TOKEN: ` ${token} ,second-token-0123456789,`,
      DATA_DIR: '/var/lib/news',
      TABLE_NAME: 'articles-prod',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000/',
      CURSOR_SECRET: ' a-cursor-secret-of-32-characters-or-more ',
      WEBSUB_HUBS: 'https://hub.example.com/',
    })
    expect(config).toEqual({
      port: 8080,
      site: {
        url: 'https://news.example.com/edition',
        title: 'Example News',
        description: 'Independent reporting',
        language: 'en-GB',
        author: 'Desk',
      },
      feedPageSize: 30,
      publishTokens: [token, 'second-token-0123456789'],
      cursorSecret: 'a-cursor-secret-of-32-characters-or-more',
      dataDir: '/var/lib/news',
      tableName: 'articles-prod',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      notify: { websubHubs: ['https://hub.example.com/'], webhookUrls: [], invalidation: 'changed' },
    })
  })

  it('treats blank values as unset', () => {
    expect(readConfig({ SITE_TITLE: '   ', FEED_PAGE_SIZE: '', TABLE_NAME: '' })).toMatchObject({
      site: { title: 'Newsroom' },
      feedPageSize: 20,
    })
  })

  it.each([
    [{ FEED_PAGE_SIZE: 'twenty' }, 'FEED_PAGE_SIZE must be a whole number from 1 to 100, not "twenty"'],
    [{ FEED_PAGE_SIZE: '2.5' }, 'FEED_PAGE_SIZE must be a whole number from 1 to 100, not "2.5"'],
    [{ FEED_PAGE_SIZE: '101' }, 'FEED_PAGE_SIZE must be from 1 to 100, not 101'],
    [{ FEED_PAGE_SIZE: '0' }, 'FEED_PAGE_SIZE must be from 1 to 100, not 0'],
    [{ PORT: '70000' }, 'PORT must be from 0 to 65535, not 70000'],
    [{ SITE_URL: 'news.example.com' }, 'SITE_URL must be an absolute http(s) URL, not "news.example.com"'],
    [
      { SITE_URL: 'ftp://news.example.com' },
      'SITE_URL must be an absolute http(s) URL, not "ftp://news.example.com"',
    ],
    [{ SITE_URL: 'https://news.example.com/?a=1' }, 'SITE_URL must not have a query or a fragment'],
    [
      { SITE_LANGUAGE: 'english' },
      'SITE_LANGUAGE must be a BCP 47 language tag such as "en" or "en-GB", not "english"',
    ],
    [{ SITE_TITLE: 'x'.repeat(501) }, 'SITE_TITLE must be at most 500 characters'],
    [{ TABLE_NAME: 'a b' }, 'TABLE_NAME is not a valid DynamoDB table name: "a b"'],
    [
      { PUBLISH_TOKEN: 'short' },
      'PUBLISH_TOKEN: each token must be at least 16 printable ASCII characters without spaces',
    ],
    [
      { PUBLISH_TOKEN: `${token},has a space inside it!` },
      'PUBLISH_TOKEN: each token must be at least 16 printable ASCII characters without spaces',
    ],
    [
      { AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000' },
      'AWS_ENDPOINT_URL_DYNAMODB must be an absolute http(s) URL, not "localhost:8000"',
    ],
    [{ REQUEST_LOG_SAMPLE_RATE: '1.5' }, 'REQUEST_LOG_SAMPLE_RATE must be a number from 0 to 1, not "1.5"'],
    [
      { CURSOR_SECRET: 'too-short' },
      'CURSOR_SECRET must be at least 32 printable ASCII characters without spaces',
    ],
  ])('refuses %j with a ConfigError naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(message)
  })
})

describe('parsePublishTokens', () => {
  it('reads comma-separated tokens by the PUBLISH_TOKEN rule', () => {
    expect(parsePublishTokens(` ${token} , other-token-0123456789 `, 'the secret')).toEqual([
      token,
      'other-token-0123456789',
    ])
  })

  it.each([
    ['', 'the secret holds no token'],
    [' , ', 'the secret holds no token'],
    ['too-short', 'the secret: each token must be at least 16 printable ASCII characters without spaces'],
    [`${token},ünïcödé-token-0123456789`, 'the secret: each token must be at least 16 printable ASCII'],
  ])('refuses %j, naming where it came from', (text, message) => {
    expect(() => parsePublishTokens(text, 'the secret')).toThrow(ConfigError)
    expect(() => parsePublishTokens(text, 'the secret')).toThrow(message)
  })
})

describe('page settings', () => {
  it('reads SITE_TIME_ZONE and SITE_NAV_TOPICS', () => {
    const { site } = readConfig({
      SITE_TIME_ZONE: ' asia/dhaka ',
      SITE_NAV_TOPICS: 'world, sport,world,politics',
    })
    expect(site.timeZone).toBe('Asia/Dhaka')
    expect(site.navTopics).toEqual(['world', 'sport', 'politics'])
  })

  it('leaves both unset by default', () => {
    const { site } = readConfig({ SITE_TIME_ZONE: '', SITE_NAV_TOPICS: ' , ' })
    expect(site).not.toHaveProperty('timeZone')
    expect(site).not.toHaveProperty('navTopics')
  })

  it.each(['Mars/Olympus_Mons', 'GMT+6', '+06:00', 'Europe/London; rm -rf', 'europe', ''.padEnd(300, 'A')])(
    'refuses SITE_TIME_ZONE=%s, naming the variable',
    (zone) => {
      expect(() => readConfig({ SITE_TIME_ZONE: zone })).toThrow(ConfigError)
      expect(() => readConfig({ SITE_TIME_ZONE: zone })).toThrow(
        /^SITE_TIME_ZONE must be an IANA time zone name/,
      )
    },
  )

  it('refuses SITE_NAV_TOPICS with a non-slug or too many topics', () => {
    expect(() => readConfig({ SITE_NAV_TOPICS: 'world,Not A Slug' })).toThrow(/^SITE_NAV_TOPICS/)
    const many = Array.from({ length: 13 }, (_, i) => `topic-${i}`).join(',')
    expect(() => readConfig({ SITE_NAV_TOPICS: many })).toThrow(
      'SITE_NAV_TOPICS must name at most 12 category slugs',
    )
  })
})
