import { type Config, readConfig } from '../config.ts'
import { type Env, envNames } from './env-names.ts'
import { ConfigError } from './parse-settings.ts'

/*
 * One typed configuration per Lambda function: what the stack must set is typed as required, and a
 * missing value stops the cold start here with a message naming the variable, so the entries in
 * functions/ read one object and check nothing themselves. The names are the stack's (envNames).
 */

/** The public function's configuration: the table and the cursor key are set by the stack. */
export interface PublicFunctionConfig extends Config {
  readonly tableName: string
  readonly cursorSecret: string
}

/** The publish function's configuration. */
export interface PublishFunctionConfig extends Config {
  readonly tableName: string
  /** `PUBLISH_TOKEN_SECRET_ARN`: the Secrets Manager secret holding the publish tokens. */
  readonly publishTokenSecretArn: string
  /** `ORIGIN_VERIFY_SECRET_ARN`: the secret CloudFront sends on its way here; absent: not checked. */
  readonly originVerifySecretArn?: string
  /**
   * `SITE_TIME_ZONE` as set: the desk checks it (lib/desk/desk-time-zone.ts), which the public
   * function's bundle must not carry.
   */
  readonly siteTimeZone?: string
}

/** The notifier function's configuration. */
export interface NotifierFunctionConfig extends Config {
  readonly tableName: string
  /** `DISTRIBUTION_ID`: the CloudFront distribution a change invalidates. */
  readonly distributionId: string
  /** `SCHEDULE_GROUP`, `SCHEDULER_ROLE_ARN`: where due times are scheduled, and the role schedules run as. */
  readonly scheduleGroup: string
  readonly schedulerRoleArn: string
  /** `SCHEDULE_DLQ_ARN`: where a schedule that cannot invoke the notifier leaves its event. */
  readonly scheduleDeadLetterArn?: string
}

/** The subscriber counter's configuration: nothing of the site, only where it reads and writes. */
export interface SubscriberCounterFunctionConfig {
  readonly tableName: string
  /** `ACCESS_LOG_GROUP`: the CloudFront access log group (standard logs v2) it counts from. */
  readonly accessLogGroupName: string
  /** `METRICS_NAMESPACE`: the CloudWatch namespace of the metrics the dashboard shows. */
  readonly metricsNamespace: string
}

/** The trimmed value of `name`, or a `ConfigError` saying the stack sets it on `on`. */
function required(env: Env, name: string, on: string): string {
  const value = env[name]?.trim()
  if (!value) throw new ConfigError(`${name} must be set: the stack sets it on ${on}`)
  return value
}

/** The trimmed value of `name` as an optional property, `{}` when it is absent or blank. */
function optional<K extends string>(env: Env, name: string, key: K): { readonly [P in K]?: string } {
  const value = env[name]?.trim()
  return (value ? { [key]: value } : {}) as { readonly [P in K]?: string }
}

/** Reads the public function's configuration (functions/public.ts). */
export function readPublicConfig(env: Env): PublicFunctionConfig {
  const config = readConfig(env)
  if (!config.tableName) throw new ConfigError('TABLE_NAME must be set: the stack sets it on the function')
  if (!config.cursorSecret)
    throw new ConfigError('CURSOR_SECRET must be set: the stack sets it on the function')
  return { ...config, tableName: config.tableName, cursorSecret: config.cursorSecret }
}

/** Reads the publish function's configuration (functions/publish.ts). */
export function readPublishConfig(env: Env): PublishFunctionConfig {
  const config = readConfig(env)
  if (!config.tableName) throw new ConfigError('TABLE_NAME must be set: the stack sets it on the function')
  return {
    ...config,
    tableName: config.tableName,
    publishTokenSecretArn: required(env, envNames.publishTokenSecretArn, 'the function'),
    ...optional(env, envNames.originVerifySecretArn, 'originVerifySecretArn'),
    ...optional(env, envNames.siteTimeZone, 'siteTimeZone'),
  }
}

/** Reads the notifier function's configuration (functions/notifier.ts). */
export function readNotifierConfig(env: Env): NotifierFunctionConfig {
  const config = readConfig(env)
  const on = 'the notifier function'
  if (!config.tableName) throw new ConfigError(`TABLE_NAME must be set: the stack sets it on ${on}`)
  return {
    ...config,
    tableName: config.tableName,
    distributionId: required(env, envNames.distributionId, on),
    scheduleGroup: required(env, envNames.scheduleGroup, on),
    schedulerRoleArn: required(env, envNames.schedulerRoleArn, on),
    ...optional(env, envNames.scheduleDlqArn, 'scheduleDeadLetterArn'),
  }
}

/** Reads the subscriber counter's configuration (functions/subscriber-counter.ts). */
export function readSubscriberCounterConfig(env: Env): SubscriberCounterFunctionConfig {
  const on = 'the subscriber counter'
  return {
    tableName: required(env, envNames.tableName, on),
    accessLogGroupName: required(env, envNames.accessLogGroup, on),
    metricsNamespace: required(env, envNames.metricsNamespace, on),
  }
}
