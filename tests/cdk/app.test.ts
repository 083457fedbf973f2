import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseStackSettings, type StackSettingKey } from '../../cdk/settings.ts'
import { ConfigError } from '../../lib/config.ts'
import { cdkJsonContext } from '../support/synth-test-stack.ts'

interface Outcome {
  readonly code: number
  readonly stderr: string
  readonly template?: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }
}

/** What `process.exit` was called with, thrown to end the app's module where it would have ended. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`)
  }
}

/**
 * Runs cdk/app.ts as `cdk synth -c key=value` does: the CLI hands the app its context (cdk.json's
 * plus the `-c` values) in CDK_CONTEXT_JSON and an output directory in CDK_OUTDIR, in an environment
 * of nothing else. Bundling is skipped; the synth in CI (`npm run synth`) bundles for real. In this
 * process, whose aws-cdk-lib is loaded and warm: a child process loading the CDK cost about 6 s of CPU
 * per run. Its `process.exit` and `console.error` are caught: the code and the message it printed.
 */
async function synthApp(context: Record<string, string>, outdir: string): Promise<Outcome> {
  const env = process.env
  const printed: string[] = []
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exit(Number(code ?? 0))
  })
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    printed.push(`${args.map(String).join(' ')}\n`)
  })
  process.env = {
    PATH: env.PATH ?? '',
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context }),
  }
  // With CDK_OUTDIR set, an App also synthesises on 'beforeExit' (its autoSynth, for the CLI): after
  // a run that exits early, that synth would come later, into a folder the suite has removed.
  const beforeExit = new Set(process.listeners('beforeExit'))
  vi.resetModules()
  try {
    await import('../../cdk/app.ts')
  } catch (thrown) {
    if (!(thrown instanceof Exit)) throw thrown
    return { code: thrown.code, stderr: printed.join('') }
  } finally {
    for (const listener of process.listeners('beforeExit')) {
      if (!beforeExit.has(listener)) process.off('beforeExit', listener)
    }
    process.env = env
    exit.mockRestore()
    error.mockRestore()
  }
  const name = context.stackName ?? 'NewsFeed'
  const template = JSON.parse(
    await readFile(join(outdir, `${name}.template.json`), 'utf8'),
  ) as Outcome['template']
  return { code: 0, stderr: printed.join(''), ...(template ? { template } : {}) }
}

describe('cdk/app.ts', () => {
  let dir: string
  /** One synth of the app with every setting below and the edge alarms: both stacks, as the CLI writes them. */
  let outcome: Outcome
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdk-app-'))
    outcome = await synthApp(
      {
        alarmEmail: 'ops@example.com',
        siteTitle: 'Example News',
        feedPageSize: '30',
        tableMaxReadUnits: '500',
        publishReservedConcurrency: '3',
        websubHubs: 'https://pubsubhubbub.appspot.com/,https://hub.example.net/websub',
        webhookUrls: 'https://hooks.example.com/in',
        edgeAlarmsFor: 'E2QWRUHAPOMQZL',
      },
      join(dir, 'ok'),
    )
  }, 180_000)
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('synthesises with -c alarmEmail=… and other settings: the email subscription, the caps and the site variables', () => {
    expect(outcome.stderr).toBe('')
    const resources = Object.values(outcome.template?.Resources ?? {})
    const subscription = resources.find((r) => r.Type === 'AWS::SNS::Subscription')
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' })
    const table = resources.find((r) => r.Type === 'AWS::DynamoDB::Table')
    expect(table?.Properties.OnDemandThroughput).toEqual({
      MaxReadRequestUnits: 500,
      MaxWriteRequestUnits: 400,
    })
    // The product's three functions; the provider of the site URL invalidation has no environment,
    // and the subscriber counter (us-east-1 only) reads no site setting.
    const withEnvironment = resources.filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment !== undefined,
    )
    const isCounter = (r: (typeof resources)[number]) =>
      JSON.stringify(r.Properties.Environment).includes('"POWERTOOLS_SERVICE_NAME":"newsfeed-subscribers"')
    expect(withEnvironment.filter(isCounter)).toHaveLength(1)
    expect(JSON.stringify(withEnvironment.find(isCounter)?.Properties.Environment)).not.toContain(
      'SITE_TITLE',
    )
    const functions = withEnvironment.filter((r) => !isCounter(r))
    expect(functions).toHaveLength(3)
    expect(functions.map((f) => f.Properties.ReservedConcurrentExecutions).sort()).toEqual([
      3,
      undefined,
      undefined,
    ])
    for (const fn of functions) {
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { SITE_TITLE: 'Example News', FEED_PAGE_SIZE: '30' },
      })
    }
    // The hubs reach the public function (its feeds name them) and the notifier, which also signs webhooks.
    const hubs = 'https://pubsubhubbub.appspot.com/,https://hub.example.net/websub'
    const variables = functions.map(
      (f) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
    )
    expect(variables.filter((v) => v.WEBSUB_HUBS === hubs)).toHaveLength(2)
    expect(variables.filter((v) => v.WEBHOOK_URLS === 'https://hooks.example.com/in')).toHaveLength(1)
    expect(resources.filter((r) => r.Type === 'AWS::SecretsManager::Secret')).toHaveLength(4)
  })

  it('adds the CloudFront alarms in us-east-1 as a second stack with -c edgeAlarmsFor=<distribution id>', async () => {
    const outdir = join(dir, 'ok')
    expect(outcome.code).toBe(0)
    const manifest = JSON.parse(await readFile(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string }>
    }
    expect(manifest.artifacts['NewsFeed-EdgeAlarms']?.environment).toBe('aws://unknown-account/us-east-1')
    const edge = JSON.parse(await readFile(join(outdir, 'NewsFeed-EdgeAlarms.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>
    }
    expect(Object.values(edge.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm')).toHaveLength(2)
  })

  // The two ways the app fails are run through it (a setting the schema refuses, and edgeAlarmsFor,
  // which the app checks itself); the schema's other messages are checked below, through the
  // function the app calls on the same texts.
  it.each([
    [{ feedPageSize: 'twenty' }, 'feedPageSize must be a whole number from 1 to 100, not "twenty"'],
    [
      { edgeAlarmsFor: 'd111111abcdef8.cloudfront.net' },
      'edgeAlarmsFor must be a CloudFront distribution id',
    ],
  ])(
    'fails the synth on %j with a message naming the setting',
    async (context, message) => {
      const outcome = await synthApp(context, join(dir, Object.keys(context)[0] ?? 'bad'))
      expect(outcome.code).not.toBe(0)
      expect(outcome.stderr).toContain(`Invalid setting: ${message}`)
    },
    180_000,
  )

  it.each([
    [{ alarmEmail: 'ops' }, 'alarmEmail must be one email address'],
    [{ waf: 'yes' }, 'waf must be true or false, not "yes"'],
    [{ tableMaxWriteUnits: '0' }, 'tableMaxWriteUnits must be from 1 to 40000, not 0'],
    [{ siteLanguage: 'english' }, 'siteLanguage must be a BCP 47 language tag'],
    [{ siteIcon: 'http://cdn.example.com/icon.png' }, 'siteIcon must be an absolute https URL'],
    [{ siteTimeZone: 'Mars/Olympus' }, 'siteTimeZone must be an IANA time zone name'],
    [
      { websubHubs: 'hub.example.com' },
      'websubHubs must be comma-separated absolute http(s) URLs; "hub.example.com" is not one',
    ],
    [{ webhookSecretArn: 'whsec_abc' }, 'webhookSecretArn must be the ARN of a Secrets Manager secret'],
  ] satisfies [Partial<Record<StackSettingKey, string>>, string][])(
    'refuses %j with a message naming the setting, which the app prints as it fails',
    (raw, message) => {
      let thrown: unknown
      try {
        parseStackSettings(raw)
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(ConfigError)
      expect(`Invalid setting: ${(thrown as ConfigError).message}`).toContain(`Invalid setting: ${message}`)
    },
  )
})
