import { describe, expect, it } from 'vitest'
import { envNames } from '../../lib/config/env-names.ts'
import {
  readNotifierConfig,
  readPublicConfig,
  readPublishConfig,
  readSubscriberCounterConfig,
} from '../../lib/config/function-configs.ts'

const cursorSecret = 'c'.repeat(40)

describe('the typed configuration of each function', () => {
  it('gives the public function its table and cursor key, and refuses to start without either', () => {
    const config = readPublicConfig({ TABLE_NAME: 'Articles', CURSOR_SECRET: cursorSecret })
    expect(config).toMatchObject({ tableName: 'Articles', cursorSecret })
    expect(() => readPublicConfig({ CURSOR_SECRET: cursorSecret })).toThrow(
      'TABLE_NAME must be set: the stack sets it on the function',
    )
    expect(() => readPublicConfig({ TABLE_NAME: 'Articles' })).toThrow(
      'CURSOR_SECRET must be set: the stack sets it on the function',
    )
  })

  it('gives the publish function its secrets and time zone, the origin secret only when set', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:token'
    const config = readPublishConfig({
      TABLE_NAME: 'Articles',
      PUBLISH_TOKEN_SECRET_ARN: arn,
      SITE_TIME_ZONE: 'Asia/Dhaka',
    })
    expect(config).toMatchObject({
      tableName: 'Articles',
      publishTokenSecretArn: arn,
      siteTimeZone: 'Asia/Dhaka',
    })
    expect(config).not.toHaveProperty('originVerifySecretArn')
    expect(
      readPublishConfig({
        TABLE_NAME: 'Articles',
        PUBLISH_TOKEN_SECRET_ARN: arn,
        ORIGIN_VERIFY_SECRET_ARN: arn,
      }),
    ).toMatchObject({ originVerifySecretArn: arn })
    expect(() => readPublishConfig({ TABLE_NAME: 'Articles', PUBLISH_TOKEN_SECRET_ARN: ' ' })).toThrow(
      'PUBLISH_TOKEN_SECRET_ARN must be set: the stack sets it on the function',
    )
  })

  it('gives the notifier its distribution and schedules, naming the first missing variable', () => {
    const env = {
      TABLE_NAME: 'Articles',
      DISTRIBUTION_ID: 'E2EXAMPLE',
      SCHEDULE_GROUP: 'NewsFeed-due',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
    }
    expect(readNotifierConfig(env)).toMatchObject({
      tableName: 'Articles',
      distributionId: 'E2EXAMPLE',
      scheduleGroup: 'NewsFeed-due',
      schedulerRoleArn: 'arn:aws:iam::123456789012:role/scheduler',
    })
    expect(readNotifierConfig({ ...env, SCHEDULE_DLQ_ARN: ' arn:dlq ' })).toMatchObject({
      scheduleDeadLetterArn: 'arn:dlq',
    })
    for (const name of ['TABLE_NAME', 'DISTRIBUTION_ID', 'SCHEDULE_GROUP', 'SCHEDULER_ROLE_ARN'] as const) {
      const { [name]: _, ...without } = env
      expect(() => readNotifierConfig(without), name).toThrow(
        `${name} must be set: the stack sets it on the notifier function`,
      )
    }
  })

  it('gives the subscriber counter its table, log group and namespace, naming the first missing variable', () => {
    const env = {
      TABLE_NAME: 'Articles',
      ACCESS_LOG_GROUP: ' access-logs ',
      METRICS_NAMESPACE: 'NewsFeed/Stack',
    }
    expect(readSubscriberCounterConfig(env)).toEqual({
      tableName: 'Articles',
      accessLogGroupName: 'access-logs',
      metricsNamespace: 'NewsFeed/Stack',
    })
    for (const name of ['TABLE_NAME', 'ACCESS_LOG_GROUP', 'METRICS_NAMESPACE'] as const) {
      const { [name]: _, ...without } = env
      expect(() => readSubscriberCounterConfig(without), name).toThrow(
        `${name} must be set: the stack sets it on the subscriber counter`,
      )
    }
  })

  it('names each variable once, as the readers and the stack spell it', () => {
    const names = Object.values(envNames)
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/)
  })
})
