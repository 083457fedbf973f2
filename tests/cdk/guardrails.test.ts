import { beforeAll, describe, expect, it } from 'vitest'
import {
  defaultPublishReservedConcurrency,
  defaultTableCaps,
  defaultWafRateLimit,
  publicTableActions,
} from '../../cdk/feed-stack.ts'
import { tableDefinition } from '../../lib/store/table-definition.ts'
import {
  actionsOf,
  distributionConfig,
  newFeedStack,
  ofType,
  resource,
  roleOf,
  type Synthesised,
  statementsOf,
  synth,
} from '../support/synth-test-stack.ts'

describe('cost and abuse bounds', () => {
  let s: Synthesised
  beforeAll(() => {
    s = synth()
  })

  describe('the table', () => {
    const caps = (maxRead: number, maxWrite: number) => ({
      MaxReadRequestUnits: maxRead,
      MaxWriteRequestUnits: maxWrite,
    })

    it('caps on-demand reads and writes of the table and of every index, by default at the documented numbers', () => {
      const table = resource(s, 'ArticlesTable').Properties
      const expected = caps(defaultTableCaps.maxReadRequestUnits, defaultTableCaps.maxWriteRequestUnits)
      expect(defaultTableCaps).toEqual({ maxReadRequestUnits: 1000, maxWriteRequestUnits: 400 })
      expect(table.OnDemandThroughput).toEqual(expected)
      const indexes = table.GlobalSecondaryIndexes as { IndexName: string; OnDemandThroughput: unknown }[]
      expect(indexes).toHaveLength(tableDefinition.globalSecondaryIndexes.length)
      for (const index of indexes) expect(index.OnDemandThroughput, index.IndexName).toEqual(expected)
    })

    it('takes the caps from tableMaxReadUnits and tableMaxWriteUnits', () => {
      const custom = synth({ tableMaxReadUnits: 250, tableMaxWriteUnits: 50 })
      const table = resource(custom, 'ArticlesTable').Properties
      expect(table.OnDemandThroughput).toEqual(caps(250, 50))
      for (const index of table.GlobalSecondaryIndexes as { OnDemandThroughput: unknown }[]) {
        expect(index.OnDemandThroughput).toEqual(caps(250, 50))
      }
    })
  })

  describe('reserved concurrency', () => {
    it('bounds the publish function by default, whose URL takes direct calls, and leaves the public one unbounded', () => {
      expect(
        resource(s, s.id(s.stack.publicFunction)).Properties.ReservedConcurrentExecutions,
      ).toBeUndefined()
      expect(resource(s, s.id(s.stack.publishFunction)).Properties.ReservedConcurrentExecutions).toBe(
        defaultPublishReservedConcurrency,
      )
    })

    it('reserves nothing for the publish function with publishReservedConcurrency=0, for accounts that cannot', () => {
      const none = synth({ publishReservedConcurrency: 0 })
      expect(
        resource(none, none.id(none.stack.publishFunction)).Properties.ReservedConcurrentExecutions,
      ).toBeUndefined()
    })

    it('is set per function from publicReservedConcurrency and publishReservedConcurrency', () => {
      const reserved = synth({ publicReservedConcurrency: 50, publishReservedConcurrency: 5 })
      expect(
        resource(reserved, reserved.id(reserved.stack.publicFunction)).Properties
          .ReservedConcurrentExecutions,
      ).toBe(50)
      expect(
        resource(reserved, reserved.id(reserved.stack.publishFunction)).Properties
          .ReservedConcurrentExecutions,
      ).toBe(5)
    })
  })

  describe('the publish Function URL', () => {
    it('receives the origin secret from CloudFront as X-Origin-Verify, by a dynamic reference to the generated secret', () => {
      const config = distributionConfig(s)
      const api = config.CacheBehaviors[0]
      const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId) as
        | { OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }
        | undefined
      expect(origin?.OriginCustomHeaders).toHaveLength(1)
      const header = origin?.OriginCustomHeaders?.[0]
      expect(header?.HeaderName).toBe('X-Origin-Verify')
      const value = JSON.stringify(header?.HeaderValue)
      expect(value).toContain('{{resolve:secretsmanager:')
      expect(value).toContain(`"Ref":"${s.id(s.stack.originSecret)}"`)
      s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true, IncludeSpace: false },
      })
      // The public origin gets no secret: origin access control signs its requests instead.
      const publicOrigin = config.Origins.find((o) => o.Id === config.DefaultCacheBehavior.TargetOriginId) as
        | { OriginCustomHeaders?: unknown[] }
        | undefined
      expect(publicOrigin?.OriginCustomHeaders ?? []).toEqual([])
    })

    it('tells the publish function which secret to check, and lets it read that secret', () => {
      const env = (resource(s, s.id(s.stack.publishFunction)).Properties.Environment as { Variables: object })
        .Variables
      expect(env).toMatchObject({ ORIGIN_VERIFY_SECRET_ARN: { Ref: s.id(s.stack.originSecret) } })
      const reads = statementsOf(s, roleOf(s, s.stack.publishFunction)).filter((st) =>
        JSON.stringify(st.Resource).includes(s.id(s.stack.originSecret)),
      )
      expect(actionsOf(reads)).toContain('secretsmanager:GetSecretValue')
    })
  })

  describe('AWS WAF', () => {
    it('is off by default', () => {
      expect(ofType(s, 'AWS::WAFv2::WebACL')).toHaveLength(0)
      expect(distributionConfig(s)).not.toHaveProperty('WebACLId')
    })

    it('with waf attaches a CloudFront web ACL blocking an IP address over the rate limit', () => {
      const protectedStack = synth({ waf: true })
      const [acl, ...others] = ofType(protectedStack, 'AWS::WAFv2::WebACL')
      expect(others).toEqual([])
      expect(acl?.[1].Properties).toMatchObject({
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: 'RateLimitPerIp',
            Action: { Block: {} },
            Statement: {
              RateBasedStatement: {
                AggregateKeyType: 'IP',
                Limit: defaultWafRateLimit,
                EvaluationWindowSec: 300,
              },
            },
          },
        ],
      })
      expect(distributionConfig(protectedStack)).toMatchObject({
        WebACLId: { 'Fn::GetAtt': [acl?.[0], 'Arn'] },
      })
      const rate = synth({ waf: true, wafRateLimit: 300 })
      expect(JSON.stringify(ofType(rate, 'AWS::WAFv2::WebACL')[0]?.[1].Properties)).toContain('"Limit":300')
    })

    it('with waf refuses to deploy outside us-east-1, where CloudFront web ACLs cannot exist', () => {
      const json = synth({ waf: true }).template.toJSON() as {
        Rules?: Record<string, { Assertions: { Assert: unknown; AssertDescription: string }[] }>
      }
      expect(json.Rules?.WafNeedsUsEast1?.Assertions).toEqual([
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
          AssertDescription: expect.stringContaining('us-east-1'),
        },
      ])
      expect((s.template.toJSON() as { Rules?: object }).Rules ?? {}).not.toHaveProperty('WafNeedsUsEast1')
    })
  })

  describe('the public role', () => {
    it('reaches only the indexes the public function queries: published and the category slots', () => {
      const statements = statementsOf(s, roleOf(s, s.stack.publicFunction))
      const dynamo = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('dynamodb:')))
      const indexes = JSON.stringify(dynamo)
        .match(/\/index\/[A-Za-z0-9]+/g)
        ?.map((m) => m.slice('/index/'.length))
        .sort()
      expect(indexes).toEqual(
        [
          'category0',
          'category1',
          'category2',
          'category3',
          'category4',
          'category5',
          'category6',
          'category7',
          'category8',
          'category9',
          'published',
        ].sort(),
      )
      expect(actionsOf(dynamo).sort()).toEqual([...publicTableActions].sort())
    })
  })

  it('rejects settings out of range, naming them', () => {
    expect(() => newFeedStack({ tableMaxReadUnits: 0 })).toThrow(
      'tableMaxReadUnits must be from 1 to 40000, not 0',
    )
    expect(() => newFeedStack({ publicReservedConcurrency: 1.5 })).toThrow(
      /publicReservedConcurrency must be a whole number/,
    )
    expect(() => newFeedStack({ wafRateLimit: 5 })).toThrow(
      'wafRateLimit must be from 10 to 2000000000, not 5',
    )
    expect(() => newFeedStack({ alarmEmail: 'not-an-address' })).toThrow(
      /alarmEmail must be one email address/,
    )
  })
})
