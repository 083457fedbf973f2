import { beforeAll, describe, expect, it } from 'vitest'
import { notifierBatchSize, notifierRetryAttempts } from '../../cdk/constructs/notifier.ts'
import { notifierLagAlarmMs } from '../../cdk/constructs/operations.ts'
import { evaluateAccess } from '../../cdk/preflight/evaluate-access.ts'
import {
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { dueSchedulePrefix } from '../../lib/notify/schedule-name.ts'
import { authorEntries } from '../../lib/store/author-index.ts'
import { profileKey } from '../../lib/store/author-profiles.ts'
import { authorRegistryKey } from '../../lib/store/author-registry.ts'
import { articleKey, feedStateKey } from '../../lib/store/item-keys.ts'
import { defaultFeedStateMaxAgeMs } from '../../lib/store/memoize-feed-states.ts'
import { articlePartitionPrefix, replayGuardPartitionPrefix } from '../../lib/store/table-definition.ts'
import { makeArticle } from '../support/make-article.ts'
import {
  actionsOf,
  ofType,
  type ResourceJson,
  resource,
  roleOf,
  type Statement,
  type Synthesised,
  statementsOf,
  synth,
} from '../support/synth-test-stack.ts'

/**
 * The notifier on AWS, on the synthesised template: the table's stream, the function and its event
 * source mapping, what it may do (CloudFront invalidations on this distribution only), the
 * EventBridge Scheduler group and role behind due times, the webhook secret, and the alarms.
 */

const hubs = ['https://pubsubhubbub.appspot.com/', 'https://hub.example.net/websub']
const hooks = ['https://hooks.example.com/in']
const existingSecret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:newsroom/webhooks-AbCdEf'

function env(s: Synthesised, fn: { node: { defaultChild?: unknown } }): Record<string, unknown> {
  const props = resource(s, s.id(fn)).Properties as { Environment: { Variables: Record<string, unknown> } }
  return props.Environment.Variables
}

function only<T>(items: readonly T[], what: string): T {
  expect(items, what).toHaveLength(1)
  const [item] = items
  if (item === undefined) throw new Error(`no ${what}`)
  return item
}

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] })

function webhookSecretOf(s: Synthesised) {
  const secret = s.stack.webhookSecret
  if (secret === undefined) throw new Error('the stack has no webhook secret')
  return secret
}

describe('the notifier on AWS', () => {
  let s: Synthesised
  let notifierId: string
  let queueId: string
  let statements: Statement[]

  beforeAll(() => {
    s = synth({ websubHubs: hubs, webhookUrls: hooks })
    notifierId = s.id(s.stack.notifier.function)
    queueId = s.id(s.stack.notifier.failureQueue)
    statements = statementsOf(s, roleOf(s, s.stack.notifier.function))
  })

  it('streams every change of the table with the item before and after', () => {
    expect(resource(s, 'ArticlesTable').Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    })
  })

  it('runs the notifier bundle on arm64 with five minutes to wait out CloudFront and the hubs, logging JSON', () => {
    const fn = resource(s, notifierId).Properties
    expect(fn).toMatchObject({
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 300,
      MemorySize: 256,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
      DeadLetterConfig: { TargetArn: getAtt(queueId, 'Arn') },
    })
    expect(fn.LoggingConfig).toMatchObject({ LogGroup: { Ref: s.id(s.stack.notifier.logGroup) } })
  })

  it('gives the notifier every setting its entry reads, from the stack', () => {
    const scheduleGroup = resource(s, s.id(s.stack.notifier.scheduleGroup))
    expect(env(s, s.stack.notifier.function)).toEqual({
      TABLE_NAME: { Ref: 'ArticlesTable' },
      SITE_URL_PARAMETER: '/TestFeed/site-url',
      DISTRIBUTION_ID: { Ref: s.id(s.stack.distribution) },
      SCHEDULE_GROUP: scheduleGroup.Properties.Name,
      SCHEDULER_ROLE_ARN: getAtt(s.id(s.stack.notifier.schedulerRole), 'Arn'),
      SCHEDULE_DLQ_ARN: getAtt(queueId, 'Arn'),
      INVALIDATION: 'all',
      WEBSUB_HUBS: hubs.join(','),
      WEBHOOK_URLS: hooks.join(','),
      WEBHOOK_SECRET_ARN: { Ref: s.id(webhookSecretOf(s)) },
      POWERTOOLS_SERVICE_NAME: 'newsfeed-notifier',
      NODE_OPTIONS: '--enable-source-maps',
    })
  })

  it('names the hubs to the public function, whose feeds name them, and not to the publish function', () => {
    expect(env(s, s.stack.publicFunction).WEBSUB_HUBS).toBe(hubs.join(','))
    expect(env(s, s.stack.publishFunction)).not.toHaveProperty('WEBSUB_HUBS')
    expect(env(s, s.stack.publishFunction)).not.toHaveProperty('WEBHOOK_URLS')
  })

  describe('the event source mapping', () => {
    let mapping: Record<string, unknown>
    beforeAll(() => {
      mapping = only(ofType(s, 'AWS::Lambda::EventSourceMapping'), 'event source mapping')[1].Properties
    })

    it('reads the table stream from its start in batches, retrying a few times with bisection, then parks the rest', () => {
      expect(mapping).toMatchObject({
        EventSourceArn: getAtt('ArticlesTable', 'StreamArn'),
        FunctionName: { Ref: notifierId },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: notifierBatchSize,
        MaximumBatchingWindowInSeconds: defaultFeedStateMaxAgeMs / 1000,
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: notifierRetryAttempts,
        DestinationConfig: { OnFailure: { Destination: getAtt(queueId, 'Arn') } },
      })
      expect(notifierRetryAttempts).toBeGreaterThanOrEqual(2)
      expect(notifierRetryAttempts).toBeLessThanOrEqual(5)
    })

    it('lets article items and author profiles through, and keeps every other item a write updates out', () => {
      const { Filters } = mapping.FilterCriteria as { Filters: { Pattern: string }[] }
      type Rule = { prefix?: string } | string
      const patterns = Filters.map(
        (f) => JSON.parse(f.Pattern) as { dynamodb: { Keys: Record<string, { S: Rule[] }> } },
      )
      // EventBridge's rules as Lambda applies them: a key passes a pattern when each named key attribute
      // matches one of its rules, and an item passes when any pattern matches.
      const matches = (value: string | undefined, rules: Rule[]) =>
        value !== undefined &&
        rules.some((rule) =>
          typeof rule === 'string' ? value === rule : value.startsWith(rule.prefix ?? '\u0000'),
        )
      const passes = (key: Record<string, { S?: string } | undefined>) =>
        patterns.some((pattern) =>
          Object.entries(pattern.dynamodb.Keys).every(([name, { S }]) => matches(key[name]?.S, S)),
        )
      // The keys the store really writes (lib/store), not a copy of their layout.
      expect(passes(articleKey('harbour-reopens'))).toBe(true)
      expect(passes(articleKey('বাংলা-সংবাদ'))).toBe(true)
      expect(passes(profileKey('zoe-angstrom'))).toBe(true)
      expect(passes(feedStateKey(undefined))).toBe(false)
      expect(passes(feedStateKey('world'))).toBe(false)
      expect(passes(authorRegistryKey('zoe-angstrom'))).toBe(false)
      const [entry] = authorEntries(makeArticle({ authors: [{ name: 'Zoë Ångström' }] }))
      expect(entry && passes(entry)).toBe(false)
    })
  })

  describe('permissions', () => {
    it('lets the notifier invalidate and watch invalidations of this distribution only', () => {
      const cloudFront = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('cloudfront:')))
      const statement = only(cloudFront, 'CloudFront statement')
      expect([...actionsOf([statement])].sort()).toEqual([
        'cloudfront:CreateInvalidation',
        'cloudfront:GetInvalidation',
      ])
      expect(statement.Resource).toEqual({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':cloudfront::',
            { Ref: 'AWS::AccountId' },
            ':distribution/',
            { Ref: s.id(s.stack.distribution) },
          ],
        ],
      })
      // Nobody else may invalidate anything.
      for (const fn of [s.stack.publicFunction, s.stack.publishFunction]) {
        expect(actionsOf(statementsOf(s, roleOf(s, fn))).filter((a) => a.startsWith('cloudfront:'))).toEqual(
          [],
        )
      }
    })

    it('lets the notifier GetItem on the table and read its stream, and write only its replay guard', () => {
      const dynamo = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('dynamodb:')))
      const byAction = new Map(dynamo.flatMap((st) => actionsOf([st]).map((a) => [a, st.Resource] as const)))
      expect([...byAction.keys()].sort()).toEqual([
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:UpdateItem',
      ])
      const update = only(
        dynamo.filter((st) => actionsOf([st]).includes('dynamodb:UpdateItem')),
        'UpdateItem statement',
      ) as Statement & { Condition?: unknown }
      expect(update.Resource).toEqual(getAtt('ArticlesTable', 'Arn'))
      expect(update.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${replayGuardPartitionPrefix}*`] },
      })
      expect(replayGuardPartitionPrefix.startsWith(articlePartitionPrefix)).toBe(false)
      expect(byAction.get('dynamodb:GetItem')).toEqual(getAtt('ArticlesTable', 'Arn'))
      expect(byAction.get('dynamodb:GetRecords')).toEqual(getAtt('ArticlesTable', 'StreamArn'))
      // ListStreams takes no resource: the one wildcard, acknowledged in cdk-nag with that reason.
      expect(byAction.get('dynamodb:ListStreams')).toBe('*')
    })

    it("lets the notifier write only the due- schedules of its own group, and hand Scheduler only Scheduler's role", () => {
      const scheduler = only(
        statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('scheduler:'))),
        'Scheduler statement',
      )
      expect([...actionsOf([scheduler])].sort()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:UpdateSchedule',
      ])
      const group = String(resource(s, s.id(s.stack.notifier.scheduleGroup)).Properties.Name)
      expect(JSON.stringify(scheduler.Resource)).toContain(`:schedule/${group}/${dueSchedulePrefix}*"`)

      const passRole = only(
        statements.filter((st) => actionsOf([st]).includes('iam:PassRole')),
        'PassRole statement',
      ) as Statement & { Condition?: unknown }
      expect(passRole.Resource).toEqual(getAtt(s.id(s.stack.notifier.schedulerRole), 'Arn'))
      expect(passRole.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      })
    })

    it('lets the notifier read the webhook secret and the site URL parameter, and nothing else of the kind', () => {
      const secrets = statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('secretsmanager:')))
      expect(secrets.map((st) => st.Resource)).toEqual([{ Ref: s.id(webhookSecretOf(s)) }])
      const ssm = only(
        statements.filter((st) => actionsOf([st]).some((a) => a.startsWith('ssm:'))),
        'SSM statement',
      )
      expect(JSON.stringify(ssm.Resource)).toContain(':parameter/TestFeed/site-url')
      const all = actionsOf(statements)
      expect(all.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([])
      // UpdateItem only on the replay guard's items (the test above holds its condition).
      expect(all.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite|Scan|Query)/.test(a))).toEqual([
        'dynamodb:UpdateItem',
      ])
    })
  })

  describe('due times through EventBridge Scheduler', () => {
    it('keeps the schedules in a group of their own, which goes with the stack', () => {
      const group = resource(s, s.id(s.stack.notifier.scheduleGroup))
      expect(group.Type).toBe('AWS::Scheduler::ScheduleGroup')
      expect(group.DeletionPolicy).toBe('Delete')
      expect(ofType(s, 'AWS::Scheduler::Schedule')).toEqual([])
    })

    it("has Scheduler assume a role of its own, trusted for this account's schedule group, that may only invoke the notifier and dead-letter", async () => {
      const roleId = s.id(s.stack.notifier.schedulerRole)
      // The trust is evaluated as AWS would (tests/cdk/policy-evaluation.test.ts has every case);
      // here, the one that matters: Scheduler with the group's ARN, never a schedule's.
      const t = plausibleTemplate(s.template.toJSON() as TemplateJson, {
        ...plausibleEnvironment,
        stackName: 'TestFeed',
      })
      const group = String(resource(s, s.id(s.stack.notifier.scheduleGroup)).Properties.Name)
      const assume = (sourceArn: string) =>
        evaluateAccess(t, {
          principal: { service: 'scheduler.amazonaws.com' },
          action: 'sts:AssumeRole',
          resource: t.getAtt(roleId, 'Arn'),
          context: { 'aws:SourceAccount': t.env.account, 'aws:SourceArn': sourceArn },
        })
      const prefix = `arn:aws:scheduler:${t.env.region}:${t.env.account}`
      expect((await assume(`${prefix}:schedule-group/${group}`)).allowed).toBe(true)
      expect((await assume(`${prefix}:schedule/${group}/${dueSchedulePrefix}0123`)).allowed).toBe(false)

      const allowed = statementsOf(s, roleId)
      const invoke = only(
        allowed.filter((st) => actionsOf([st]).includes('lambda:InvokeFunction')),
        'invoke statement',
      )
      expect(invoke.Resource).toEqual(getAtt(notifierId, 'Arn'))
      const others = allowed.filter((st) => st !== invoke)
      expect(others.map((st) => st.Resource)).toEqual([getAtt(queueId, 'Arn')])
      expect(actionsOf(others)).toContain('sqs:SendMessage')
    })

    it('orders the function after the group it writes schedules into', () => {
      const fn = resource(s, notifierId) as ResourceJson & { DependsOn?: string[] }
      expect(fn.DependsOn).toContain(s.id(s.stack.notifier.scheduleGroup))
    })
  })

  describe('the failure queue', () => {
    it('keeps what failed for 14 days, encrypted, over TLS only', () => {
      const queue = resource(s, queueId).Properties
      expect(queue).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true })
      const policy = only(ofType(s, 'AWS::SQS::QueuePolicy'), 'queue policy')[1].Properties
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"')
    })

    it('is named in the outputs, with the generated webhook secret', () => {
      expect(JSON.stringify(s.template.findOutputs('NotifierFailureQueueUrl'))).toContain(
        `"Ref":"${queueId}"`,
      )
      expect(Object.keys(s.template.findOutputs('WebhookSecretName'))).toEqual(['WebhookSecretName'])
    })
  })

  describe('alarms', () => {
    const alarmProps = (id: string) => {
      const found = ofType(s, 'AWS::CloudWatch::Alarm').filter(([logicalId]) => logicalId.includes(id))
      return only(found, `alarm ${id}`)[1].Properties
    }
    const topic = () => ({ Ref: s.id(s.stack.operations.topic) })

    it("alarm on the notifier's errors", () => {
      expect(alarmProps('NotifierErrors')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: notifierId } }],
        Threshold: 1,
        AlarmActions: [topic()],
        OKActions: [topic()],
      })
    })

    it('alarm on the first message in the failure queue', () => {
      expect(alarmProps('NotifierFailures')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
        Statistic: 'Maximum',
        Threshold: 1,
        AlarmActions: [topic()],
      })
    })

    it('alarm when the notifier falls ten minutes behind the stream', () => {
      expect(notifierLagAlarmMs).toBe(600_000)
      expect(alarmProps('NotifierIteratorAge')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: notifierId } }],
        Statistic: 'Maximum',
        Threshold: notifierLagAlarmMs,
        AlarmActions: [topic()],
      })
    })
  })
})

describe('the notifier without webhooks, and with an existing secret', () => {
  it('deploys without hubs or webhooks too: CloudFront invalidation and due times need neither', () => {
    const s = synth()
    const variables = env(s, s.stack.notifier.function)
    expect(variables.DISTRIBUTION_ID).toEqual({ Ref: s.id(s.stack.distribution) })
    for (const name of ['WEBSUB_HUBS', 'WEBHOOK_URLS', 'WEBHOOK_SECRET_ARN'])
      expect(variables).not.toHaveProperty(name)
    expect(env(s, s.stack.publicFunction)).not.toHaveProperty('WEBSUB_HUBS')
    expect(
      ofType(s, 'AWS::SecretsManager::Secret')
        .map(([id]) => id)
        .sort(),
    ).toEqual(
      [s.id(s.stack.cursorSecret), s.id(s.stack.originSecret), s.id(s.stack.publishTokenSecret)].sort(),
    )
    const actions = actionsOf(statementsOf(s, roleOf(s, s.stack.notifier.function)))
    expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([])
  })

  it('generates a webhook key Secrets Manager can: 44 letters and digits, valid base64 of 33 bytes', () => {
    const s = synth({ webhookUrls: hooks })
    const generated = resource(s, s.id(webhookSecretOf(s)))
    expect(generated.Properties.GenerateSecretString).toEqual({
      PasswordLength: 44,
      ExcludePunctuation: true,
      IncludeSpace: false,
    })
  })

  it('signs with the secret webhookSecretArn names instead of generating one, and may read only it', () => {
    const s = synth({ webhookUrls: hooks, webhookSecretArn: existingSecret })
    expect(env(s, s.stack.notifier.function).WEBHOOK_SECRET_ARN).toBe(existingSecret)
    expect(ofType(s, 'AWS::SecretsManager::Secret')).toHaveLength(3)
    const secrets = statementsOf(s, roleOf(s, s.stack.notifier.function)).filter((st) =>
      actionsOf([st]).some((a) => a.startsWith('secretsmanager:')),
    )
    expect(secrets.map((st) => st.Resource)).toEqual([existingSecret])
    expect(s.template.findOutputs('WebhookSecretName')).toEqual({})
  })

  it('tells the notifier to invalidate exactly the changed paths with invalidation=changed', () => {
    const s = synth({ invalidation: 'changed' })
    expect(env(s, s.stack.notifier.function).INVALIDATION).toBe('changed')
  })

  it.each([
    [{ websubHubs: ['hub.example.com'] }, /websubHubs must be comma-separated absolute http\(s\) URLs/],
    [
      { webhookUrls: ['https://ok.example.com/#x'] },
      /webhookUrls: "https:\/\/ok.example.com\/#x" must not have a fragment/,
    ],
    [{ webhookSecretArn: 'hooks-AbCdEf' }, /webhookSecretArn must be the ARN of a Secrets Manager secret/],
  ])('refuses %j, naming the setting', (props, message) => {
    expect(() => synth(props)).toThrow(message)
  })

  it('refuses an invalidation scope it does not know, naming the setting', () => {
    // What a caller without types (or a cast) could hand the stack.
    const props: Record<string, unknown> = { invalidation: 'everything' }
    expect(() => synth(props)).toThrow(/invalidation must be changed or all, not "everything"/)
  })
})
