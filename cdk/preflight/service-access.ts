import type { AccessRequest } from './evaluate-access.ts'
import type { PlausibleTemplate } from './plausible-template.ts'
import { roleOfFunction } from './template-policies.ts'

/**
 * What AWS services do with the stack's roles and functions once it is deployed, each request with
 * the context keys the service's documentation says it sends (the `doc` of each check), and the
 * requests that must fail: the same call from the wrong source. Derived from the template (its
 * functions, URLs, event source mappings, log deliveries) and from the settings the stack hands the
 * notifier (`SCHEDULE_GROUP`, `SCHEDULER_ROLE_ARN`, `SCHEDULE_DLQ_ARN`), so a new resource is
 * checked without a new line here.
 */
export interface ServiceAccessCheck {
  readonly description: string
  /** The AWS page that documents the principal, the action and the context keys. */
  readonly doc: string
  readonly request: AccessRequest
  readonly expect: 'allowed' | 'denied'
}

export const docs = {
  lambdaExecutionRole: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
  lambdaLogs: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html',
  lambdaAsyncDlq: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html',
  dynamoEventSource:
    'https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-eventsourcemapping.html#events-dynamodb-permissions',
  dynamoOnFailure: 'https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html',
  cloudFrontLambdaOac:
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html',
  functionUrlAuth: 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
  schedulerConfusedDeputy:
    'https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html',
  schedulerExecutionRole:
    'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role',
  schedulerDlq: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html',
  logDeliveryToCloudWatch:
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-CloudWatchLogs.html',
  eventBridgeLambda:
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions',
  filterLogEvents:
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html',
} as const

/** An account that is not the stack's: a confused deputy's. */
export const otherAccount = '210987654321'

function environmentOf(t: PlausibleTemplate, functionId: string): Record<string, string> {
  const variables = (
    t.properties(functionId).Environment as { Variables?: Record<string, unknown> } | undefined
  )?.Variables
  return Object.fromEntries(Object.entries(variables ?? {}).map(([k, v]) => [k, String(v)]))
}

export function serviceAccessChecks(t: PlausibleTemplate): ServiceAccessCheck[] {
  const { account, region, partition } = t.env
  const checks: ServiceAccessCheck[] = []
  const check = (description: string, doc: string, request: AccessRequest, expect: 'allowed' | 'denied') =>
    checks.push({ description, doc, request, expect })

  for (const fn of t.ofType('AWS::Lambda::Function')) {
    const role = roleOfFunction(t, fn)
    const roleArn = t.getAtt(role, 'Arn')
    // Lambda assumes the execution role with no condition keys a trust policy could use.
    check(
      `Lambda assumes the execution role of ${fn}`,
      docs.lambdaExecutionRole,
      {
        principal: { service: 'lambda.amazonaws.com' },
        action: 'sts:AssumeRole',
        resource: roleArn,
      },
      'allowed',
    )
    check(
      `Scheduler cannot assume the execution role of ${fn}`,
      docs.lambdaExecutionRole,
      {
        principal: { service: 'scheduler.amazonaws.com' },
        action: 'sts:AssumeRole',
        resource: roleArn,
        context: { 'aws:SourceAccount': account },
      },
      'denied',
    )

    // Lambda writes the function's logs with the execution role, to the group LoggingConfig names.
    const logGroup = (t.properties(fn).LoggingConfig as { LogGroup?: string } | undefined)?.LogGroup
    if (logGroup !== undefined) {
      const stream = `arn:${partition}:logs:${region}:${account}:log-group:${logGroup}:log-stream:2026/01/01/[$LATEST]0123456789abcdef`
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        check(
          `${fn} writes its logs (${action})`,
          docs.lambdaLogs,
          { principal: { role }, action, resource: stream },
          'allowed',
        )
      }
      check(
        `${fn} writes no other log group`,
        docs.lambdaLogs,
        {
          principal: { role },
          action: 'logs:PutLogEvents',
          resource: `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/another:log-stream:x`,
        },
        'denied',
      )
    }

    const dlq = (t.properties(fn).DeadLetterConfig as { TargetArn?: string } | undefined)?.TargetArn
    if (dlq !== undefined) {
      check(
        `Lambda dead-letters ${fn}'s failed asynchronous events with its role`,
        docs.lambdaAsyncDlq,
        {
          principal: { role },
          action: 'sqs:SendMessage',
          resource: dlq,
        },
        'allowed',
      )
    }
  }

  // Function URLs: CloudFront through origin access control on AWS_IAM ones, anyone on NONE ones.
  const distributions = t
    .ofType('AWS::CloudFront::Distribution')
    .map((id) => `arn:${partition}:cloudfront::${account}:distribution/${t.ref(id)}`)
  for (const url of t.ofType('AWS::Lambda::Url')) {
    const { AuthType: authType, TargetFunctionArn: functionArn } = t.properties(url) as {
      AuthType: string
      TargetFunctionArn: string
    }
    if (authType === 'AWS_IAM') {
      for (const distribution of distributions) {
        const fromCloudFront = { 'aws:SourceArn': distribution, 'aws:SourceAccount': account }
        check(
          `CloudFront (${distribution}) invokes the URL of ${functionArn} (InvokeFunctionUrl)`,
          docs.cloudFrontLambdaOac,
          {
            principal: { service: 'cloudfront.amazonaws.com' },
            action: 'lambda:InvokeFunctionUrl',
            resource: functionArn,
            context: { ...fromCloudFront, 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
          },
          'allowed',
        )
        check(
          `CloudFront (${distribution}) invokes ${functionArn} through its URL (InvokeFunction)`,
          docs.functionUrlAuth,
          {
            principal: { service: 'cloudfront.amazonaws.com' },
            action: 'lambda:InvokeFunction',
            resource: functionArn,
            context: { ...fromCloudFront, 'lambda:InvokedViaFunctionUrl': 'true' },
          },
          'allowed',
        )
      }
      check(
        `another distribution cannot invoke the URL of ${functionArn}`,
        docs.cloudFrontLambdaOac,
        {
          principal: { service: 'cloudfront.amazonaws.com' },
          action: 'lambda:InvokeFunctionUrl',
          resource: functionArn,
          context: {
            'aws:SourceArn': `arn:${partition}:cloudfront::${otherAccount}:distribution/EOTHER0123456`,
            'aws:SourceAccount': otherAccount,
            'lambda:FunctionUrlAuthType': 'AWS_IAM',
          },
        },
        'denied',
      )
      check(
        `nobody else calls the URL of ${functionArn}`,
        docs.functionUrlAuth,
        {
          principal: 'anonymous',
          action: 'lambda:InvokeFunctionUrl',
          resource: functionArn,
          context: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
        },
        'denied',
      )
    } else {
      check(
        `anyone calls the URL of ${functionArn} (AuthType NONE: the function checks the caller)`,
        docs.functionUrlAuth,
        {
          principal: 'anonymous',
          action: 'lambda:InvokeFunctionUrl',
          resource: functionArn,
          context: { 'lambda:FunctionUrlAuthType': 'NONE' },
        },
        'allowed',
      )
      check(
        `nobody invokes ${functionArn} except through its URL`,
        docs.functionUrlAuth,
        {
          principal: 'anonymous',
          action: 'lambda:InvokeFunction',
          resource: functionArn,
        },
        'denied',
      )
    }
  }

  // Stream event source mappings: Lambda polls the stream with the function's role, and sends what
  // fails to the on-failure destination with it too.
  for (const mapping of t.ofType('AWS::Lambda::EventSourceMapping')) {
    const p = t.properties(mapping) as {
      EventSourceArn: string
      FunctionName: string
      DestinationConfig?: { OnFailure?: { Destination?: string } }
    }
    const fn = t
      .ofType('AWS::Lambda::Function')
      .find((id) => t.ref(id) === p.FunctionName || t.getAtt(id, 'Arn') === p.FunctionName)
    if (fn === undefined) throw new Error(`${mapping} maps to no function of the template`)
    const role = roleOfFunction(t, fn)
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      check(
        `Lambda reads the stream for ${fn} (${action})`,
        docs.dynamoEventSource,
        { principal: { role }, action, resource: p.EventSourceArn },
        'allowed',
      )
    }
    check(
      `Lambda lists the streams for ${fn}`,
      docs.dynamoEventSource,
      { principal: { role }, action: 'dynamodb:ListStreams', resource: '*' },
      'allowed',
    )
    check(
      `${fn} reads no other table's stream`,
      docs.dynamoEventSource,
      {
        principal: { role },
        action: 'dynamodb:GetRecords',
        resource: `arn:${partition}:dynamodb:${region}:${account}:table/another/stream/2026-01-01T00:00:00.000`,
      },
      'denied',
    )
    const onFailure = p.DestinationConfig?.OnFailure?.Destination
    if (onFailure !== undefined) {
      check(
        `Lambda sends the batches ${fn} failed to the on-failure destination`,
        docs.dynamoOnFailure,
        {
          principal: { role },
          action: 'sqs:SendMessage',
          resource: onFailure,
        },
        'allowed',
      )
    }
  }

  // EventBridge Scheduler: what the notifier's schedules name (its SCHEDULE_* settings).
  for (const fn of t.ofType('AWS::Lambda::Function')) {
    const env = environmentOf(t, fn)
    const group = env.SCHEDULE_GROUP
    const schedulerRoleArn = env.SCHEDULER_ROLE_ARN
    if (group === undefined || schedulerRoleArn === undefined) continue
    const groupArn = `arn:${partition}:scheduler:${region}:${account}:schedule-group/${group}`
    const role = t.ofType('AWS::IAM::Role').find((id) => t.getAtt(id, 'Arn') === schedulerRoleArn)
    if (role === undefined) throw new Error(`SCHEDULER_ROLE_ARN of ${fn} is no role of the template`)
    const assume = (
      description: string,
      sourceArn: string,
      sourceAccount: string,
      expect: 'allowed' | 'denied',
    ) =>
      check(
        description,
        docs.schedulerConfusedDeputy,
        {
          principal: { service: 'scheduler.amazonaws.com' },
          action: 'sts:AssumeRole',
          resource: schedulerRoleArn,
          context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
        },
        expect,
      )
    // Scheduler sends the schedule group's ARN, never a schedule's.
    assume(`Scheduler assumes ${role} for a schedule of group ${group}`, groupArn, account, 'allowed')
    assume(
      `Scheduler cannot assume ${role} with a schedule's ARN (Scheduler never sends one)`,
      `arn:${partition}:scheduler:${region}:${account}:schedule/${group}/due-0123456789abcdef`,
      account,
      'denied',
    )
    assume(
      `Scheduler cannot assume ${role} for another group`,
      `arn:${partition}:scheduler:${region}:${account}:schedule-group/default`,
      account,
      'denied',
    )
    assume(
      `Scheduler cannot assume ${role} for another account's group`,
      `arn:${partition}:scheduler:${region}:${otherAccount}:schedule-group/${group}`,
      otherAccount,
      'denied',
    )
    check(
      `${role} invokes ${fn}`,
      docs.schedulerExecutionRole,
      {
        principal: { role },
        action: 'lambda:InvokeFunction',
        resource: t.getAtt(fn, 'Arn'),
      },
      'allowed',
    )
    for (const other of t.ofType('AWS::Lambda::Function').filter((id) => id !== fn)) {
      check(
        `${role} invokes no other function (${other})`,
        docs.schedulerExecutionRole,
        {
          principal: { role },
          action: 'lambda:InvokeFunction',
          resource: t.getAtt(other, 'Arn'),
        },
        'denied',
      )
    }
    if (env.SCHEDULE_DLQ_ARN !== undefined) {
      check(
        `${role} dead-letters a due time it could not deliver`,
        docs.schedulerDlq,
        {
          principal: { role },
          action: 'sqs:SendMessage',
          resource: env.SCHEDULE_DLQ_ARN,
        },
        'allowed',
      )
    }
  }

  // Standard logging (v2) to CloudWatch Logs: the log group's resource policy lets the delivery
  // service write, for this account's delivery sources only.
  for (const delivery of t.ofType('AWS::Logs::Delivery')) {
    const { DeliveryDestinationArn: destinationArn, DeliverySourceName: sourceName } = t.properties(
      delivery,
    ) as {
      DeliveryDestinationArn: string
      DeliverySourceName: string
    }
    const destination = t
      .ofType('AWS::Logs::DeliveryDestination')
      .find((id) => t.getAtt(id, 'Arn') === destinationArn)
    if (destination === undefined) throw new Error(`${delivery} delivers to no destination of the template`)
    const logGroupArn = String(t.properties(destination).DestinationResourceArn)
    const stream = `${logGroupArn.replace(/:\*$/, '')}:log-stream:cloudfront-0123`
    const sourceArn = `arn:${partition}:logs:${region}:${account}:delivery-source:${sourceName}`
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      check(
        `log delivery writes the access logs (${action})`,
        docs.logDeliveryToCloudWatch,
        {
          principal: { service: 'delivery.logs.amazonaws.com' },
          action,
          resource: stream,
          context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn },
        },
        'allowed',
      )
    }
    check(
      'log delivery for another account cannot write the access logs',
      docs.logDeliveryToCloudWatch,
      {
        principal: { service: 'delivery.logs.amazonaws.com' },
        action: 'logs:PutLogEvents',
        resource: stream,
        context: {
          'aws:SourceAccount': otherAccount,
          'aws:SourceArn': `arn:${partition}:logs:${region}:${otherAccount}:delivery-source:${sourceName}`,
        },
      },
      'denied',
    )
  }
  // EventBridge rules invoking a function (the subscriber counter's daily run): the rule's ARN only.
  for (const rule of t.ofType('AWS::Events::Rule')) {
    const ruleArn = t.getAtt(rule, 'Arn')
    const targets = (t.properties(rule).Targets ?? []) as { Arn: string }[]
    for (const { Arn: target } of targets.filter((x) => x.Arn.includes(':lambda:'))) {
      const invoke = (description: string, sourceArn: string, expect: 'allowed' | 'denied') =>
        check(
          description,
          docs.eventBridgeLambda,
          {
            principal: { service: 'events.amazonaws.com' },
            action: 'lambda:InvokeFunction',
            resource: target,
            context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account },
          },
          expect,
        )
      invoke(`EventBridge rule ${rule} invokes ${target}`, ruleArn, 'allowed')
      invoke(
        `another EventBridge rule cannot invoke ${target}`,
        `arn:${partition}:events:${region}:${account}:rule/another`,
        'denied',
      )
    }
  }

  // The access log group a function reads (the subscriber counter's ACCESS_LOG_GROUP): that one only.
  for (const fn of t.ofType('AWS::Lambda::Function')) {
    const group = environmentOf(t, fn).ACCESS_LOG_GROUP
    if (group === undefined) continue
    const role = roleOfFunction(t, fn)
    const groupArn = (name: string, inRegion = region) =>
      `arn:${partition}:logs:${inRegion}:${account}:log-group:${name}`
    const filter = (description: string, resource: string, expect: 'allowed' | 'denied') =>
      check(
        description,
        docs.filterLogEvents,
        { principal: { role }, action: 'logs:FilterLogEvents', resource },
        expect,
      )
    filter(`${fn} reads the access logs (FilterLogEvents)`, groupArn(group), 'allowed')
    filter(`${fn} reads no other log group`, groupArn('/aws/lambda/another'), 'denied')
    filter(
      `${fn} reads no log group of that name in another region`,
      groupArn(group, region === 'eu-west-1' ? 'us-west-2' : 'eu-west-1'),
      'denied',
    )
  }
  return checks
}
