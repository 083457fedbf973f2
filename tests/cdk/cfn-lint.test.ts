import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCfnLint } from '../../cdk/preflight/cfn-lint.ts'
import { customDomainProps, synth } from '../support/synth-test-stack.ts'

/**
 * AWS's linter (cfn-lint) over the synthesised template of each variant of the stack: no error and
 * no warning, the kept ones being silenced on their resource with a reason. Skipped, saying so,
 * where cfn-lint is not installed (CI installs it; `pip install cfn-lint`): the run itself tells,
 * as a `cfn-lint --version` beforehand would, at the cost of a second start of Python (2 s of CPU).
 */

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

describe('cfn-lint', () => {
  // cfn-lint (Python) takes seconds to start: one run over the three templates, each test reading
  // the findings of its own file.
  let available = false
  let findings: readonly string[] = []
  beforeAll(() => {
    const template = synth().template.toJSON() as {
      Resources: Record<string, { Properties: Record<string, unknown> }>
    }
    const defaults = templateFile('default-settings', template)
    const every = templateFile('every-option', synth(everyOption).template.toJSON())
    // The table alone, a copy (the synth is shared by the CDK suites, its template frozen), with a
    // misspelt property: what the linter finds in it, it finds in a whole stack as well, and a third
    // whole template was a third of the run's work.
    const table = structuredClone(template.Resources.ArticlesTable)
    if (table === undefined) throw new Error('no table')
    table.Properties.BillingMod = 'PAY_PER_REQUEST'
    const planted = templateFile('planted', { Resources: { ArticlesTable: table } })
    const result = runCfnLint([defaults, every, planted])
    available = result.available
    findings = result.findings
  }, 300_000)

  const findingsIn = (name: string) => findings.filter((f) => f.includes(`/${name}.template.json:`))
  const absent = 'cfn-lint is not installed here: pip install cfn-lint, then these checks run'

  it.for(['default settings', 'every option'])('finds nothing in the stack with %s', (name, { skip }) => {
    if (!available) skip(absent)
    expect(findingsIn(name.replaceAll(' ', '-'))).toEqual([])
  })

  it('finds a property CloudFormation does not know, naming the rule and the line', ({ skip }) => {
    if (!available) skip(absent)
    expect(findingsIn('planted')).toEqual([
      expect.stringMatching(/^E3002 .*planted\.template\.json:\d+: .*BillingMod/),
    ])
  })

  it('reports no finding outside the three templates', ({ skip }) => {
    if (!available) skip(absent)
    expect(findings.length).toBe(
      ['default-settings', 'every-option', 'planted'].flatMap((name) => findingsIn(name)).length,
    )
  })
})
