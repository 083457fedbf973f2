import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import { envNames as functionEnvNames } from '../lib/config/env-names.ts'
import { ConfigError } from '../lib/config.ts'
import { EdgeAlarmsStack } from './edge-alarms-stack.ts'
import { FeedStack } from './feed-stack.ts'
import { parseStackSettings, type StackSettingKey, stackSettingKeys } from './settings.ts'

/**
 * The CDK app, and the only place that reads deploy-time settings: each from `-c name=value`
 * first, then from an environment variable (the local server's own name where there is one),
 * all checked by the schema in `cdk/settings.ts`; a wrong value stops the synth naming its key.
 *
 *   npm run deploy -- -c siteTitle="Example News" -c alarmEmail=ops@example.com
 *
 * The stack is environment-agnostic (no account or region), so `cdk synth` needs no credentials.
 */
const app = new App()

/** The environment variable read when the context has no value: the functions' own name where they read one. */
const envNames: Partial<Record<StackSettingKey, string>> = {
  stackName: 'STACK_NAME',
  domainName: 'DOMAIN_NAME',
  certificateArn: 'CERTIFICATE_ARN',
  alarmEmail: 'ALARM_EMAIL',
}
for (const key of stackSettingKeys) {
  if (key in functionEnvNames) envNames[key] = functionEnvNames[key as keyof typeof functionEnvNames]
}

const raw: Partial<Record<StackSettingKey, string>> = {}
for (const key of stackSettingKeys) {
  // `-c` values arrive as strings; cdk.json's may be numbers or booleans.
  const fromContext: unknown = app.node.tryGetContext(key)
  const envName = envNames[key]
  const value = fromContext === undefined ? (envName ? process.env[envName] : undefined) : String(fromContext)
  if (value !== undefined) raw[key] = value
}

let settings: ReturnType<typeof parseStackSettings>
try {
  settings = parseStackSettings(raw)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Invalid setting: ${error.message}`)
  process.exit(1)
}
const { stackName, ...props } = settings

new FeedStack(app, stackName ?? 'NewsFeed', {
  description: 'News feed publisher: RSS, Atom and JSON Feed from DynamoDB on Lambda behind CloudFront',
  ...props,
})

// CloudFront's alarms for a stack outside us-east-1, in a companion stack there (cdk/edge-alarms-stack.ts),
// once the main stack exists: `-c edgeAlarmsFor=<its DistributionId output>`.
const edgeAlarmsFor: unknown = app.node.tryGetContext('edgeAlarmsFor') ?? process.env.EDGE_ALARMS_FOR
if (edgeAlarmsFor !== undefined) {
  const distributionId = String(edgeAlarmsFor).trim()
  if (!/^E[A-Z0-9]{7,20}$/.test(distributionId)) {
    console.error(
      `Invalid setting: edgeAlarmsFor must be a CloudFront distribution id such as E2QWRUHAPOMQZL, not "${distributionId}"`,
    )
    process.exit(1)
  }
  new EdgeAlarmsStack(app, `${stackName ?? 'NewsFeed'}-EdgeAlarms`, {
    description:
      'News feed publisher: the CloudFront alarms, in us-east-1 where CloudFront publishes its metrics',
    distributionId,
    ...(props.alarmEmail === undefined ? {} : { alarmEmail: props.alarmEmail }),
  })
}

// Every synth and deploy runs the AWS Solutions and the Serverless checks; a finding nobody
// acknowledged stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app))
app.synth()
