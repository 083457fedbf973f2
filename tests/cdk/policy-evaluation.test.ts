import { describe, expect, it } from 'vitest'
import { evaluateAccess } from '../../cdk/preflight/evaluate-access.ts'
import {
  type PlausibleTemplate,
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { type ServiceAccessCheck, serviceAccessChecks } from '../../cdk/preflight/service-access.ts'
import { customDomainProps, synth } from '../support/synth-test-stack.ts'

/**
 * Every trust and resource policy of the synthesised template, evaluated by an IAM policy simulator
 * (@cloud-copilot/iam-simulate) with the context keys each AWS service documents it sends: Lambda
 * assuming the execution roles, CloudFront's origin access control on the public Function URL,
 * EventBridge Scheduler assuming its role (the schedule GROUP's ARN), the stream event source
 * mapping, log delivery. Each check names the AWS page it comes from (cdk/preflight/service-access.ts).
 * Nothing here reads the JSON we wrote; it asks whether AWS would let the request through.
 */

const stackName = 'TestFeed'

function templateOf(props: Parameters<typeof synth>[0] = {}): TemplateJson {
  return synth(props).template.toJSON() as TemplateJson
}

async function failures(t: PlausibleTemplate, checks: readonly ServiceAccessCheck[]): Promise<string[]> {
  const failed: string[] = []
  for (const check of checks) {
    const decision = await evaluateAccess(t, check.request)
    const got =
      decision.result === 'Error' ? `error ${decision.errors}` : decision.allowed ? 'allowed' : 'denied'
    if (got !== check.expect) failed.push(`${check.description}: expected ${check.expect}, got ${got}`)
  }
  return failed
}

const variants = {
  'default settings': {},
  'hubs, webhooks and a custom domain': {
    websubHubs: ['https://hub.example.com/'],
    webhookUrls: ['https://hooks.example.com/in'],
    ...customDomainProps,
  },
} as const

describe.each(Object.entries(variants))('the stack with %s', (_, props) => {
  const template = templateOf(props)

  describe.each(['eu-west-1', 'us-east-1'])('deployed in %s', (region) => {
    const t = plausibleTemplate(template, { ...plausibleEnvironment, region, stackName })
    const checks = serviceAccessChecks(t)

    it('checks every service that acts on the stack, each with the AWS page documenting its keys', () => {
      const pages = new Set(checks.map((c) => c.doc))
      for (const page of pages) expect(page).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
      const services = new Set(
        checks.flatMap((c) =>
          typeof c.request.principal === 'object' && 'service' in c.request.principal
            ? [c.request.principal.service]
            : [],
        ),
      )
      expect([...services].sort()).toEqual(
        [
          'cloudfront.amazonaws.com',
          'lambda.amazonaws.com',
          'scheduler.amazonaws.com',
          // CloudFront's standard logs reach CloudWatch Logs in us-east-1 only, and the subscriber
          // counter's daily rule, which reads them, exists there only.
          ...(region === 'us-east-1' ? ['delivery.logs.amazonaws.com', 'events.amazonaws.com'] : []),
        ].sort(),
      )
      expect(checks.filter((c) => c.expect === 'denied').length).toBeGreaterThan(10)
    })

    it.each(checks.map((c) => [c.description, c] as const))('%s', async (_description, check) => {
      const decision = await evaluateAccess(t, check.request)
      expect(decision.errors).toBeUndefined()
      expect(decision.allowed ? 'allowed' : 'denied', check.doc).toBe(check.expect)
    })
  })
})

describe('the evaluation catches what a JSON assertion would not', () => {
  const template = templateOf()
  const env = { ...plausibleEnvironment, stackName }

  /** The template with `edit` applied to a deep copy of the resource `logicalId`'s properties. */
  function planted(
    logicalIdPrefix: string,
    edit: (properties: Record<string, unknown>) => void,
  ): PlausibleTemplate {
    const copy = structuredClone(template) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>
    }
    const id = Object.keys(copy.Resources).find((key) => key.startsWith(logicalIdPrefix))
    if (id === undefined) throw new Error(`no resource ${logicalIdPrefix}`)
    edit(copy.Resources[id]?.Properties ?? {})
    return plausibleTemplate(copy as unknown as TemplateJson, env)
  }

  it('fails on the trust the stack had: Scheduler scoped to a schedule-name pattern, which it never sends', async () => {
    const t = planted('NotifierSchedulerRole', (role) => {
      const trust = role.AssumeRolePolicyDocument as { Statement: { Condition: unknown }[] }
      const [statement] = trust.Statement
      if (statement === undefined) throw new Error('no trust statement')
      statement.Condition = {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':scheduler:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':schedule/',
                { Ref: 'NotifierDueSchedules502EE801' },
                '/due-*',
              ],
            ],
          },
        },
      }
    })
    const failed = await failures(t, serviceAccessChecks(t))
    // Every due time would fail to assume the role, and the schedule-scoped ARN Scheduler never sends would pass.
    expect(failed).toEqual([
      expect.stringMatching(
        /^Scheduler assumes NotifierSchedulerRole\w+ for a schedule of group .*: expected allowed, got denied$/,
      ),
      expect.stringMatching(
        /^Scheduler cannot assume NotifierSchedulerRole\w+ with a schedule's ARN .*: expected denied, got allowed$/,
      ),
    ])
  })

  it('fails when a trust names the wrong distribution', async () => {
    const t = planted('DistributionOrigin1InvokeFromApi', (permission) => {
      permission.SourceArn = 'arn:aws:cloudfront::123456789012:distribution/EWRONG0000000'
    })
    const failed = await failures(t, serviceAccessChecks(t))
    expect(failed).toEqual([
      expect.stringMatching(/^CloudFront .* \(InvokeFunctionUrl\): expected allowed, got denied$/),
    ])
  })

  it('fails when the notifier role forgets an action the event source mapping needs', async () => {
    const t = planted('NotifierFunctionRoleDefaultPolicy', (policy) => {
      const doc = policy.PolicyDocument as { Statement: { Action: string | string[] }[] }
      for (const statement of doc.Statement) {
        if (Array.isArray(statement.Action)) {
          statement.Action = statement.Action.filter((a) => a !== 'dynamodb:GetShardIterator')
        }
      }
    })
    const failed = await failures(t, serviceAccessChecks(t))
    expect(failed).toEqual([
      expect.stringMatching(/dynamodb:GetShardIterator\): expected allowed, got denied$/),
    ])
  })
})
