import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { runCfnLint } from '../cdk/preflight/cfn-lint.ts'
import type { TemplateJson } from '../cdk/preflight/plausible-template.ts'
import { serviceAccessFindings } from '../cdk/preflight/policy-findings.ts'
import {
  describeFinding,
  statefulLinesOfCdkDiff,
  statefulReplacements,
  statefulTypes,
} from '../cdk/preflight/replacement-guard.ts'
import { baselinePath, synthTemplate } from '../cdk/preflight/synth-template.ts'

/*
 * `npm run preflight [-- -c name=value …]`: what can be known before `cdk deploy`, offline, in one
 * command; exits 1 on any finding (docs/deploy.md, "Before a deploy").
 *
 *   1. synth: `cdk synth` with the settings given (bundling the functions, the cdk-nag checks)
 *   2. cfn-lint over the synthesised templates
 *   3. the policy evaluation: every service's request against the templates' trust and resource
 *      policies (cdk/preflight/service-access.ts), and every AWS call the functions make in the
 *      tests against their roles (tests/cdk/function-permissions.test.ts)
 *   4. the replacement guard: no replacement of the table, a secret, the SSM parameter or the
 *      distribution against the committed baseline (cdk/baseline/)
 *   5. with AWS credentials: `cdk diff` against the deployed stack, every replacement of a stateful
 *      resource called out
 *
 * `npm run preflight -- --refresh-baseline` writes the baseline from the stack as it is now: for a
 * replacement that is meant (say so in the commit).
 */

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
const findings: string[] = []
const step = (title: string) => console.log(`\npreflight: ${title}`)
const report = (what: string, lines: readonly string[]) => {
  for (const line of lines) console.log(`  ✗ ${line}`)
  if (lines.length === 0) console.log(`  ✓ ${what}`)
  findings.push(...lines)
}
const run = (command: string, commandArgs: readonly string[], capture = false) =>
  spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    stdio: capture ? 'pipe' : 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  })

if (args.includes('--refresh-baseline')) {
  writeFileSync(baselinePath, `${JSON.stringify(synthTemplate(), null, 2)}\n`)
  // In the repository's own format, so that `npm run lint` passes on the file as written.
  run('npx', ['biome', 'format', '--write', baselinePath])
  console.log(`preflight: wrote ${baselinePath}; commit it with the change that meant the replacement`)
  process.exit(0)
}
const cdkArgs = args.filter((arg) => arg !== '--')

step('synth (cdk synth --quiet)')
const synth = run('npx', ['cdk', 'synth', '--quiet', ...cdkArgs])
if (synth.status !== 0) {
  console.error('preflight: cdk synth failed; nothing else can be checked')
  process.exit(1)
}
const out = join(root, 'cdk.out')
const templates = readdirSync(out).filter((name) => name.endsWith('.template.json'))

step('cfn-lint')
for (const name of templates) {
  const lint = runCfnLint(join(out, name))
  if (!lint.available) {
    report('cfn-lint', ['cfn-lint is not installed (pip install cfn-lint): the template was not linted'])
    break
  }
  report(`${name}: no error, no warning`, lint.findings)
}

step('policy evaluation (IAM policy simulator)')
for (const name of templates) {
  const template = JSON.parse(readFileSync(join(out, name), 'utf8')) as TemplateJson
  const stackName = name.replace(/\.template\.json$/, '')
  report(
    `${name}: every service's request comes out as intended`,
    await serviceAccessFindings(template, stackName),
  )
}
const calls = run('npx', [
  'vitest',
  'run',
  'tests/cdk/function-permissions.test.ts',
  'tests/cdk/policy-evaluation.test.ts',
])
report(
  "every AWS call of the functions' code is allowed by its role",
  calls.status === 0 ? [] : ['a function makes a call its role does not allow (see the vitest output above)'],
)

step(`replacement guard (${statefulTypes.join(', ')})`)
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as Record<string, unknown>
report(
  'no stateful resource replaced against cdk/baseline/',
  statefulReplacements(baseline, synthTemplate() as unknown as Record<string, unknown>).map(
    (f) => `${describeFinding(f)}: if meant, npm run preflight -- --refresh-baseline`,
  ),
)

const hasCredentials =
  [
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  ].some((name) => process.env[name]) ||
  ['credentials', 'config'].some((file) => existsSync(join(homedir(), '.aws', file)))
step('cdk diff against the deployed stack')
if (hasCredentials) {
  const diff = run('npx', ['cdk', 'diff', '--app', out, '--no-color', ...cdkArgs], true)
  const text = `${diff.stdout}\n${diff.stderr}`
  process.stdout.write(text)
  const replacements = statefulLinesOfCdkDiff(text)
  report(
    'no stateful resource replaced or removed in the deployed stack',
    replacements.map((line) => `cdk diff: ${line.trim()}`),
  )
  if (diff.status !== 0 && replacements.length === 0 && !/Stack \S+/.test(text)) {
    report('cdk diff', [`cdk diff failed (exit ${diff.status})`])
  }
} else {
  console.log('  - no AWS credentials here: skipped (only a real account can show what is deployed)')
}

console.log(findings.length === 0 ? '\npreflight: all clear' : `\npreflight: ${findings.length} finding(s)`)
process.exit(findings.length === 0 ? 0 : 1)
