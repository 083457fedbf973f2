import { describe, expect, it } from 'vitest'
import { customDomainProps, synth } from '../support/synth-test-stack.ts'

/**
 * The same stack deploys in two regions of one account only if every name that is unique per
 * account (not per region) differs between them: CloudFormation generates most names from the stack
 * (unique by construction), but a name the stack sets must carry the region. This lists every
 * resource type of the template, each as account-unique (with the property that names it) or
 * regional, so a new type must be classified before the test passes.
 */

/** Types whose names are unique in the account across regions, and where the name is set. */
const accountUnique: Record<string, string> = {
  'AWS::CloudFront::CachePolicy': 'CachePolicyConfig.Name',
  'AWS::CloudFront::ResponseHeadersPolicy': 'ResponseHeadersPolicyConfig.Name',
  'AWS::CloudFront::OriginRequestPolicy': 'OriginRequestPolicyConfig.Name',
  'AWS::CloudFront::OriginAccessControl': 'OriginAccessControlConfig.Name',
  'AWS::CloudFront::Function': 'Name',
  'AWS::CloudFront::KeyValueStore': 'Name',
  // Dashboards are global to the account.
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::S3::Bucket': 'BucketName',
  // CLOUDFRONT-scope web ACLs all live in us-east-1.
  'AWS::WAFv2::WebACL': 'Name',
}

/** Types whose names are per region (or that have none), so two regions never collide. */
const regional = new Set([
  'AWS::CloudFront::Distribution', // no name: an id CloudFront assigns
  'AWS::CloudFront::MonitoringSubscription',
  'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table',
  'AWS::Events::Rule', // no name set: CloudFormation generates one per stack and region
  'AWS::IAM::Policy', // an inline policy: its name is per role
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Url',
  'AWS::Logs::Delivery',
  'AWS::Logs::DeliveryDestination',
  'AWS::Logs::DeliverySource',
  'AWS::Logs::LogGroup',
  'AWS::Logs::MetricFilter',
  'AWS::Logs::ResourcePolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::SSM::Parameter',
  'AWS::Scheduler::ScheduleGroup',
  'Custom::SiteUrlInvalidation', // no name: a CloudFront invalidation id
  'AWS::SecretsManager::Secret',
])

const variants = {
  'default settings': {},
  'every option': {
    ...customDomainProps,
    alarmEmail: 'ops@example.com',
    waf: true,
    websubHubs: ['https://hub.example.com/'],
    webhookUrls: ['https://hooks.example.com/in'],
  },
} as const

function at(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value)
}

describe.each(Object.entries(variants))('the stack with %s', (_, props) => {
  const resources = (
    synth(props).template.toJSON() as { Resources: Record<string, { Type: string; Properties?: unknown }> }
  ).Resources

  it('classifies every resource type it has as account-unique or regional', () => {
    const unclassified = [...new Set(Object.values(resources).map((r) => r.Type))].filter(
      (type) => !(type in accountUnique) && !regional.has(type),
    )
    expect(unclassified).toEqual([])
  })

  it('carries the region in every account-unique name it sets, or lets CloudFormation generate it', () => {
    const named = Object.entries(resources).filter(([, r]) => r.Type in accountUnique)
    expect(named.length).toBeGreaterThan(0)
    for (const [id, r] of named) {
      const name = at(r.Properties, accountUnique[r.Type] ?? '')
      if (name === undefined) continue
      expect(JSON.stringify(name), `${id} (${r.Type})`).toContain('{"Ref":"AWS::Region"}')
    }
  })
})
