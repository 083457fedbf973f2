import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Acknowledgment, App, Stack, Validations } from 'aws-cdk-lib'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { customDomainProps, newFeedStack } from '../support/synth-test-stack.ts'

const variants = [
  ['the CloudFront domain', {}],
  ['a custom domain', customDomainProps],
  ['every option on', { alarmEmail: 'ops@example.com', waf: true, publicReservedConcurrency: 10 }],
  [
    'hubs and webhooks signed with a generated secret',
    { websubHubs: ['https://hub.example.com/'], webhookUrls: ['https://hooks.example.com/in'] },
  ],
  [
    'webhooks signed with an existing secret',
    {
      webhookUrls: ['https://hooks.example.com/in'],
      webhookSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hooks-AbCdEf',
    },
  ],
] as const

interface ReportJson {
  readonly pluginReports: readonly {
    readonly summary: { readonly pluginName: string; readonly status: string }
    readonly violations?: readonly { readonly ruleName: string }[]
  }[]
}

/** The packs `cdk/app.ts` runs on every synth. */
const packs = (app: App): NagPack[] => [new AwsSolutionsChecks(app), new ServerlessChecks(app)]

describe('cdk-nag AwsSolutions and Serverless checks', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.each(variants)('pass on the stack with %s, as a synth plugin and walking the tree', (_, props) => {
    const { app } = newFeedStack(props)
    const checks = packs(app)
    Validations.of(app).addPlugins(...checks)
    // In a test the App throws on any unacknowledged error or warning the plugin reports.
    const assembly = app.synth()
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ReportJson
    const violations = report.pluginReports.flatMap((r) => r.violations ?? [])
    expect(violations.map((v) => v.ruleName)).toEqual([])
    for (const pack of checks) {
      const direct = pack.validateScope(app)
      expect(
        direct.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
      ).toEqual([])
      expect(direct.success).toBe(true)
    }
  })

  it.each(variants)('with %s, acknowledge exactly the findings there are, each with a reason', (_, props) => {
    const acknowledged: { path: string; rule: Acknowledgment }[] = []
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(function (
      this: Validations,
      ...rules: Acknowledgment[]
    ) {
      const scope = (this as unknown as { scope: { node: { path: string } } }).scope
      for (const rule of rules) acknowledged.push({ path: scope.node.path, rule })
    })
    const { app } = newFeedStack(props)
    const findings = packs(app).flatMap((pack) =>
      pack
        .validateScope(app)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)),
    )
    // Findings sit on the L1 resource below the construct that was acknowledged.
    const covered = acknowledged.map(({ path, rule }) => `${rule.id} ${path}/Resource`)
    expect([...covered].sort()).toEqual([...findings].sort())
    for (const { rule } of acknowledged) {
      expect(rule.reason.length, `${rule.id}: ${rule.reason}`).toBeGreaterThanOrEqual(80)
    }
  })

  it('fail the synth on a finding nobody acknowledged', () => {
    const app = new App({ builtinCloudFormationValidation: false })
    const stack = new Stack(app, 'Unacknowledged')
    new Secret(stack, 'NotRotated')
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
    expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/)
  })
})
