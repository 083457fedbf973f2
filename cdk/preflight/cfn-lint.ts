import { spawnSync } from 'node:child_process'

/**
 * AWS's CloudFormation linter over a template file. No error may remain; a warning that is kept is
 * silenced where it arises, with its reason (a `cfn-lint` metadata entry on that one resource, see
 * cdk/constructs/feed-function.ts), so any new warning is a finding too.
 */
export interface CfnLintResult {
  /** False when `cfn-lint` is not installed (it comes with Python: `pip install cfn-lint`). */
  readonly available: boolean
  /** One line per finding: `rule path:line: message`. */
  readonly findings: readonly string[]
}

/** The regions whose rules apply: us-east-1 (CloudFront's home) and one other, where the stack may live. */
export const lintRegions = ['us-east-1', 'eu-west-1'] as const

/** Lints one template file, or several in one run of cfn-lint (each finding names its own file). */
export function runCfnLint(templatePaths: string | readonly string[], command = 'cfn-lint'): CfnLintResult {
  const paths = typeof templatePaths === 'string' ? [templatePaths] : templatePaths
  const result = spawnSync(command, ['--format', 'parseable', '--regions', ...lintRegions, '--', ...paths], {
    encoding: 'utf8',
    timeout: 300_000,
  })
  if (result.error !== undefined && 'code' in result.error && result.error.code === 'ENOENT') {
    return { available: false, findings: [] }
  }
  if (result.error !== undefined) throw result.error
  const findings = `${result.stdout}`
    .split('\n')
    .filter((line) => line.trim() !== '')
    // parseable: file:line:column:endline:endcolumn:rule:message
    .map((line) => {
      const [file, lineNumber, , , , rule, ...message] = line.split(':')
      return `${rule} ${file}:${lineNumber}: ${message.join(':')}`
    })
  if (result.status !== 0 && findings.length === 0) {
    throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr}`)
  }
  return { available: true, findings }
}
