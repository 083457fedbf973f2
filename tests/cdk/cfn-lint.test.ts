import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cfnLintAvailable, runCfnLint } from '../../cdk/preflight/cfn-lint.ts'
import { customDomainProps, synth } from '../support/synth-test-stack.ts'

/**
 * AWS's linter (cfn-lint) over the synthesised template of each variant of the stack: no error and
 * no warning, the kept ones being silenced on their resource with a reason. Skipped, saying so,
 * where cfn-lint is not installed (CI installs it; `pip install cfn-lint`).
 */

const available = cfnLintAvailable()
const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function templateFile(name: string, template: unknown): string {
  const path = join(dir, `${name}.template.json`)
  writeFileSync(path, JSON.stringify(template, null, 1))
  return path
}

describe.skipIf(!available)('cfn-lint', () => {
  it.each([
    ['default settings', {}],
    [
      'every option',
      {
        ...customDomainProps,
        alarmEmail: 'ops@example.com',
        waf: true,
        publicReservedConcurrency: 50,
        publishReservedConcurrency: 5,
        websubHubs: ['https://hub.example.com/'],
        webhookUrls: ['https://hooks.example.com/in'],
        invalidation: 'all',
      },
    ],
  ] as const)(
    'finds nothing in the stack with %s',
    (name, props) => {
      const path = templateFile(name.replaceAll(' ', '-'), synth(props).template.toJSON())
      expect(runCfnLint(path).findings).toEqual([])
    },
    120_000,
  )

  it('finds a property CloudFormation does not know, naming the rule and the line', () => {
    const template = synth().template.toJSON() as {
      Resources: Record<string, { Properties: Record<string, unknown> }>
    }
    const table = template.Resources.ArticlesTable
    if (table === undefined) throw new Error('no table')
    table.Properties.BillingMod = 'PAY_PER_REQUEST'
    const findings = runCfnLint(templateFile('planted', template)).findings
    expect(findings).toEqual([expect.stringMatching(/^E3002 .*planted\.template\.json:\d+: .*BillingMod/)])
  }, 120_000)
})

describe.runIf(!available)('cfn-lint (absent)', () => {
  it.skip('is not installed here: pip install cfn-lint, then these checks run', () => undefined)
})
