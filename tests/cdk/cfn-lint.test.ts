import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

const everyOption = {
  ...customDomainProps,
  alarmEmail: 'ops@example.com',
  waf: true,
  publicReservedConcurrency: 50,
  publishReservedConcurrency: 5,
  websubHubs: ['https://hub.example.com/'],
  webhookUrls: ['https://hooks.example.com/in'],
  invalidation: 'all',
} as const

describe.skipIf(!available)('cfn-lint', () => {
  // cfn-lint (Python) takes seconds to start: one run over the three templates, each test reading
  // the findings of its own file.
  let findings: readonly string[] = []
  beforeAll(() => {
    const template = synth().template.toJSON() as {
      Resources: Record<string, { Properties: Record<string, unknown> }>
    }
    const defaults = templateFile('default-settings', template)
    const every = templateFile('every-option', synth(everyOption).template.toJSON())
    // A copy: the synth is shared by the CDK suites, its template frozen.
    const planted = structuredClone(template)
    const table = planted.Resources.ArticlesTable
    if (table === undefined) throw new Error('no table')
    table.Properties.BillingMod = 'PAY_PER_REQUEST'
    findings = runCfnLint([defaults, every, templateFile('planted', planted)]).findings
  }, 300_000)

  const findingsIn = (name: string) => findings.filter((f) => f.includes(`/${name}.template.json:`))

  it.each(['default settings', 'every option'])('finds nothing in the stack with %s', (name) => {
    expect(findingsIn(name.replaceAll(' ', '-'))).toEqual([])
  })

  it('finds a property CloudFormation does not know, naming the rule and the line', () => {
    expect(findingsIn('planted')).toEqual([
      expect.stringMatching(/^E3002 .*planted\.template\.json:\d+: .*BillingMod/),
    ])
  })

  it('reports no finding outside the three templates', () => {
    expect(findings.length).toBe(
      ['default-settings', 'every-option', 'planted'].flatMap((name) => findingsIn(name)).length,
    )
  })
})

describe.runIf(!available)('cfn-lint (absent)', () => {
  it.skip('is not installed here: pip install cfn-lint, then these checks run', () => undefined)
})
