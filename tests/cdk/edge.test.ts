import { beforeAll, describe, expect, it } from 'vitest'
import { accessLogFields } from '../../cdk/constructs/access-log-fields.ts'
import { distributionConfig, ofType, type Synthesised, synth } from '../support/synth-test-stack.ts'

describe('edge hygiene', () => {
  let s: Synthesised
  beforeAll(() => {
    s = synth()
  })

  it('adds HSTS and nosniff on both behaviours without touching the pages own CSP', () => {
    const [policy, ...others] = ofType(s, 'AWS::CloudFront::ResponseHeadersPolicy')
    expect(others).toEqual([])
    const config = (policy?.[1].Properties.ResponseHeadersPolicyConfig ?? {}) as {
      SecurityHeadersConfig: Record<string, unknown>
      CustomHeadersConfig?: unknown
    }
    expect(config.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: false,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
    })
    expect(JSON.stringify(config)).not.toContain('ContentSecurityPolicy')
    expect(config.CustomHeadersConfig).toBeUndefined()
    const distribution = distributionConfig(s)
    const policyRef = { Ref: policy?.[0] }
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyRef)
    expect(distribution.CacheBehaviors[0]?.ResponseHeadersPolicyId).toEqual(policyRef)
  })

  it('passes the public function’s CORS headers through, cached once for every origin', () => {
    // A CorsConfig on the policy would replace the app's Access-Control-* headers (and could add them
    // to /api, which shares the policy); none is there, and no custom header touches them.
    for (const [, policy] of ofType(s, 'AWS::CloudFront::ResponseHeadersPolicy')) {
      const config = policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>
      expect(config.CorsConfig).toBeUndefined()
      expect(JSON.stringify(config)).not.toMatch(/Access-Control/i)
    }
    // The answer does not vary by Origin (always `*`), so the cache key leaves Origin out.
    for (const [, policy] of ofType(s, 'AWS::CloudFront::CachePolicy')) {
      const text = JSON.stringify(policy.Properties)
      expect(text).not.toMatch(/"origin"/i)
    }
  })

  it('delivers standard logs (v2) of the distribution to a CloudWatch log group, as JSON, kept 30 days', () => {
    const [source] = ofType(s, 'AWS::Logs::DeliverySource')
    const [destination] = ofType(s, 'AWS::Logs::DeliveryDestination')
    const [delivery] = ofType(s, 'AWS::Logs::Delivery')
    expect(source?.[1].Properties).toMatchObject({
      LogType: 'ACCESS_LOGS',
      ResourceArn: expect.objectContaining({ 'Fn::Join': expect.anything() }),
    })
    expect(JSON.stringify(source?.[1].Properties.ResourceArn)).toContain(
      `"Ref":"${s.id(s.stack.distribution)}"`,
    )
    const logGroupArn = destination?.[1].Properties.DestinationResourceArn as {
      'Fn::GetAtt': [string, string]
    }
    expect(logGroupArn['Fn::GetAtt'][1]).toBe('Arn')
    expect(s.resources[logGroupArn['Fn::GetAtt'][0]]?.Properties.RetentionInDays).toBe(30)
    expect(destination?.[1].Properties.OutputFormat).toBe('json')
    expect(delivery?.[1].Properties).toMatchObject({
      DeliverySourceName: { Ref: source?.[0] },
      DeliveryDestinationArn: { 'Fn::GetAtt': [destination?.[0], 'Arn'] },
    })
  })

  it('keeps no field that identifies a reader in the access logs', () => {
    const [delivery] = ofType(s, 'AWS::Logs::Delivery')
    const fields = delivery?.[1].Properties.RecordFields as string[]
    expect(fields).toEqual([...accessLogFields])
    for (const personal of ['c-ip', 'x-forwarded-for', 'c-port', 'cs(Cookie)', 'cs(Referer)']) {
      expect(fields).not.toContain(personal)
    }
    for (const needed of ['sc-status', 'cs-uri-stem', 'x-edge-result-type', 'time-taken']) {
      expect(fields).toContain(needed)
    }
  })

  it('creates the access log resources only in us-east-1, where CloudFront delivers them', () => {
    const json = s.template.toJSON() as { Resources: Record<string, { Type: string; Condition?: string }> }
    const logResources = Object.values(json.Resources).filter((r) =>
      ['AWS::Logs::DeliverySource', 'AWS::Logs::DeliveryDestination', 'AWS::Logs::Delivery'].includes(r.Type),
    )
    expect(logResources).toHaveLength(3)
    for (const r of logResources) expect(r.Condition, r.Type).toBe('InUsEast1')
    const [destination] = ofType(s, 'AWS::Logs::DeliveryDestination')
    const arn = destination?.[1].Properties.DestinationResourceArn as { 'Fn::GetAtt': [string] } | undefined
    const logGroupId = arn?.['Fn::GetAtt'][0] ?? ''
    expect(json.Resources[logGroupId]?.Condition).toBe('InUsEast1')
  })

  it('names the origin access control with the region, so one account can hold the stack in two regions', () => {
    const [oac, ...others] = ofType(s, 'AWS::CloudFront::OriginAccessControl')
    expect(others).toEqual([])
    const name = (oac?.[1].Properties.OriginAccessControlConfig as { Name: unknown } | undefined)?.Name
    expect(name).toEqual({ 'Fn::Join': ['-', [expect.stringMatching(/^TestFeed/), { Ref: 'AWS::Region' }]] })
    const literal = (name as { 'Fn::Join': [string, [string]] })['Fn::Join'][1][0]
    // CloudFront takes 64 characters at most; the longest region name is 14.
    expect(literal.length + 1 + 'ap-southeast-5'.length).toBeLessThanOrEqual(64)
    const origin = distributionConfig(s).Origins.find((o) => o.OriginAccessControlId !== undefined)
    expect(origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac?.[0], 'Id'] })
  })
})
