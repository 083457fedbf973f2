import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SSMClient } from '@aws-sdk/client-ssm'

/**
 * Records every AWS SDK call made in this process while it runs: a middleware added to each client
 * (of any service) on its first `send`, at the `initialize` step, so a call is recorded as the code
 * made it, whatever the service answers. Each call becomes the IAM requests AWS authorizes for it:
 * the action (`dynamodb:Query`), the resource ARN the command targets (a table's index, a schedule
 * of a group, a parameter) and the context keys IAM sees (`iam:PassedToService` for a PassRole).
 */

export interface RecordedCall {
  /** The client, as the SDK names it: `DynamoDBClient`. */
  readonly client: string
  /** The command: `QueryCommand`. */
  readonly command: string
  readonly input: Readonly<Record<string, unknown>>
  readonly region: string
}

export interface AuthorizedRequest {
  readonly action: string
  readonly resource: string
  readonly context?: Readonly<Record<string, string | string[]>>
  /** The call it comes from, for messages. */
  readonly call: string
}

export interface AwsCallRecorder {
  readonly calls: readonly RecordedCall[]
  /** Stops recording: clients made from now on get no middleware, and those that have one record nothing. */
  stop(): void
}

interface MiddlewareClient {
  readonly config: { readonly region?: unknown }
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: { input: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void
  }
  send(...args: unknown[]): Promise<unknown>
}

/**
 * The one base class every SDK v3 client extends (`Client` of @smithy/core), found through the
 * clients this project uses; they must share it, or a client could send unrecorded.
 */
function sdkClientBase(): MiddlewareClient {
  const bases = new Set(
    [
      DynamoDBClient,
      SecretsManagerClient,
      SSMClient,
      SchedulerClient,
      CloudFrontClient,
      CloudWatchLogsClient,
    ].map((c) => Object.getPrototypeOf(c.prototype)),
  )
  const [base] = bases
  if (bases.size !== 1 || base === undefined) throw new Error('the SDK clients do not share one base class')
  return base as MiddlewareClient
}

let active: { calls: RecordedCall[]; stopped: boolean } | undefined

/** Starts recording every SDK call of this process; one recorder at a time. */
export function recordAwsCalls(): AwsCallRecorder {
  if (active !== undefined && !active.stopped) throw new Error('already recording AWS calls')
  const state = { calls: [] as RecordedCall[], stopped: false }
  active = state
  const base = sdkClientBase()
  const originalSend = base.send
  const instrumented = new WeakSet<object>()
  base.send = function send(this: MiddlewareClient, ...args: unknown[]) {
    if (!state.stopped && !instrumented.has(this)) {
      instrumented.add(this)
      this.middlewareStack.add(
        (next, context) => async (call) => {
          if (!state.stopped) {
            const region = this.config.region
            state.calls.push({
              client: context.clientName ?? 'unknown',
              command: context.commandName ?? 'unknown',
              input: (call.input ?? {}) as Record<string, unknown>,
              region: String(typeof region === 'function' ? await region() : region),
            })
          }
          return next(call)
        },
        { step: 'initialize', name: 'awsCallRecorder' },
      )
    }
    return originalSend.apply(this, args)
  }
  return {
    calls: state.calls,
    stop() {
      state.stopped = true
      base.send = originalSend
    },
  }
}

/** The IAM service prefix of each client. */
const servicePrefixes: Record<string, string> = {
  DynamoDBClient: 'dynamodb',
  SSMClient: 'ssm',
  SecretsManagerClient: 'secretsmanager',
  CloudFrontClient: 'cloudfront',
  SchedulerClient: 'scheduler',
  SQSClient: 'sqs',
  LambdaClient: 'lambda',
  CloudWatchLogsClient: 'logs',
}

/**
 * What IAM authorizes for a recorded call, per the Service Authorization Reference: one request per
 * resource the command names. `account` is the account the caller runs in. Throws for a command it
 * has no rule for, so a new kind of call cannot pass unevaluated.
 */
export function authorizedRequests(call: RecordedCall, account: string): AuthorizedRequest[] {
  const service = servicePrefixes[call.client]
  if (service === undefined) throw new Error(`no IAM rule for calls of ${call.client}`)
  const operation = call.command.replace(/Command$/, '')
  const action = `${service}:${operation}`
  const name = `${call.client}.${call.command}`
  const { input, region } = call
  const arn = (resource: string, svc = service, reg = region) =>
    `arn:aws:${svc}:${reg}:${account}:${resource}`
  const request = (resource: string, extra: Partial<AuthorizedRequest> = {}): AuthorizedRequest => ({
    action,
    resource,
    call: name,
    ...extra,
  })
  const text = (key: string): string => {
    const value = input[key]
    if (typeof value !== 'string') throw new Error(`${name} has no ${key}`)
    return value
  }

  switch (service) {
    case 'dynamodb': {
      const table = (nameOrArn: string) =>
        nameOrArn.startsWith('arn:') ? nameOrArn : arn(`table/${nameOrArn}`)
      if (operation === 'BatchWriteItem') {
        // Every partition key the batch touches, as IAM sees it (`dynamodb:LeadingKeys`, all values).
        type PkOf = { pk?: { S?: string } }
        type Requests = Record<string, { PutRequest?: { Item?: PkOf }; DeleteRequest?: { Key?: PkOf } }[]>
        return Object.entries((input.RequestItems ?? {}) as Requests).map(([t, requests]) => {
          const keys = requests.map((r) => (r.PutRequest?.Item ?? r.DeleteRequest?.Key)?.pk?.S ?? '')
          return request(table(t), { context: { 'dynamodb:LeadingKeys': keys } })
        })
      }
      if (operation === 'BatchGetItem') {
        return Object.keys((input.RequestItems ?? {}) as object).map((t) => request(table(t)))
      }
      if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
        const actions: Record<string, string> = {
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          ConditionCheck: 'ConditionCheckItem',
          Get: 'GetItem',
        }
        return ((input.TransactItems ?? []) as Record<string, { TableName: string }>[]).flatMap((item) =>
          Object.entries(item).map(([kind, detail]) => ({
            action: `dynamodb:${actions[kind] ?? kind}`,
            resource: table(detail.TableName),
            call: name,
          })),
        )
      }
      const base = table(text('TableName'))
      const index = input.IndexName
      // The partition key a single-item call touches, as IAM sees it (`dynamodb:LeadingKeys`), so a
      // grant scoped to some items' keys is evaluated as AWS would.
      const key = (input.Key ?? input.Item) as { pk?: { S?: string } } | undefined
      const leading = key?.pk?.S
      return [
        request(
          typeof index === 'string' ? `${base}/index/${index}` : base,
          leading === undefined ? {} : { context: { 'dynamodb:LeadingKeys': [leading] } },
        ),
      ]
    }
    case 'ssm':
      return [request(arn(`parameter/${text('Name').replace(/^\//, '')}`))]
    case 'secretsmanager': {
      const id = text('SecretId')
      // A name without the ARN: Secrets Manager matches it to the ARN with its six-character suffix.
      return [request(id.startsWith('arn:') ? id : arn(`secret:${id}-??????`))]
    }
    case 'cloudfront':
      return [request(`arn:aws:cloudfront::${account}:distribution/${text('DistributionId')}`)]
    case 'scheduler': {
      const group = typeof input.GroupName === 'string' ? input.GroupName : 'default'
      const requests = [request(arn(`schedule/${group}/${text('Name')}`))]
      // A schedule names the role Scheduler assumes: handing it over is iam:PassRole, to Scheduler.
      const target = input.Target as { RoleArn?: unknown } | undefined
      if (typeof target?.RoleArn === 'string') {
        requests.push({
          action: 'iam:PassRole',
          resource: target.RoleArn,
          context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
          call: name,
        })
      }
      return requests
    }
    case 'sqs': {
      const [, , , , accountOfQueue, queueName] = text('QueueUrl').split('/')
      return [request(`arn:aws:sqs:${region}:${accountOfQueue ?? account}:${queueName}`)]
    }
    case 'lambda':
      return [request(arn(`function:${text('FunctionName')}`))]
    case 'logs': {
      // FilterLogEvents and the other reads of a group are authorized on the log group.
      const group =
        typeof input.logGroupIdentifier === 'string' ? input.logGroupIdentifier : text('logGroupName')
      return [request(group.startsWith('arn:') ? group.replace(/:\*$/, '') : arn(`log-group:${group}`))]
    }
    default:
      throw new Error(`no IAM rule for ${name}`)
  }
}
