import { beforeAll, describe, expect, it } from 'vitest'
import { staleServedLogMessage } from '../../lib/http/app-deps.ts'
import { ofType, resource, type Synthesised, synth } from '../support/synth-test-stack.ts'

interface AlarmJson {
  readonly MetricName?: string
  readonly Namespace?: string
  readonly Dimensions?: { Name: string; Value: unknown }[]
  readonly Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: Record<string, unknown> } }[]
  readonly Threshold: number
  readonly ComparisonOperator: string
  readonly TreatMissingData: string
  readonly AlarmActions: unknown[]
  readonly OKActions: unknown[]
}

function alarms(s: Synthesised): { id: string; alarm: AlarmJson; condition?: string }[] {
  return ofType(s, 'AWS::CloudWatch::Alarm').map(([id, r]) => {
    const condition = (r as { Condition?: string }).Condition
    return { id, alarm: r.Properties as unknown as AlarmJson, ...(condition ? { condition } : {}) }
  })
}

/** The alarm on `metricName` whose dimensions (or math metrics) mention `mention`. */
function alarmOn(s: Synthesised, metricName: string, mention: string) {
  const found = alarms(s).filter(({ alarm }) => {
    const text = JSON.stringify(alarm)
    const names = [alarm.MetricName, ...(alarm.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName)]
    return names.includes(metricName) && text.includes(mention)
  })
  expect(found, `one alarm on ${metricName} mentioning ${mention}`).toHaveLength(1)
  return found[0] ?? { id: '', alarm: {} as AlarmJson }
}

describe('operations: the alarm topic, alarms and dashboard', () => {
  let s: Synthesised
  let topicRef: { Ref: string }
  beforeAll(() => {
    s = synth()
    topicRef = { Ref: s.id(s.stack.operations.topic) }
  })

  it('has one SNS topic that takes only TLS, and no subscription without alarmEmail', () => {
    expect(ofType(s, 'AWS::SNS::Topic')).toHaveLength(1)
    const policy = ofType(s, 'AWS::SNS::TopicPolicy')[0]?.[1].Properties
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"')
    expect(ofType(s, 'AWS::SNS::Subscription')).toHaveLength(0)
  })

  it('subscribes the alarmEmail address to the topic by email', () => {
    const withEmail = synth({ alarmEmail: 'ops@example.com' })
    const subscriptions = ofType(withEmail, 'AWS::SNS::Subscription')
    expect(subscriptions.map(([, r]) => r.Properties)).toEqual([
      {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        TopicArn: { Ref: withEmail.id(withEmail.stack.operations.topic) },
      },
    ])
  })

  it('notifies the topic when any alarm fires and when it clears, and never alarms on missing data', () => {
    const all = alarms(s)
    // Errors and throttles of each function, URL 5xx and 4xx of each, CloudFront's 5xx and 403 rates,
    // table, index, system errors, stale feeds, the notifier's errors, failure queue, lag and
    // dead-letter failures, the three of the Scheduler group (tests/cdk/alarms.test.ts), and the
    // subscriber counter's errors, duration and schedule failures (tests/cdk/subscriber-counter.test.ts).
    expect(all).toHaveLength(25)
    for (const { id, alarm } of all) {
      expect(alarm.AlarmActions, id).toEqual([topicRef])
      expect(alarm.OKActions, id).toEqual([topicRef])
      expect(alarm.TreatMissingData, id).toBe('notBreaching')
      expect(alarm.ComparisonOperator, id).toBe('GreaterThanOrEqualToThreshold')
    }
  })

  it.each(['publicFunction', 'publishFunction'] as const)(
    'alarms on errors, throttles and URL 5xx of the %s',
    (name) => {
      const fn = s.id(s.stack[name])
      expect(alarmOn(s, 'Errors', `"Ref":"${fn}"`).alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        Threshold: 1,
      })
      expect(alarmOn(s, 'Throttles', `"Ref":"${fn}"`).alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        Threshold: 1,
      })
      expect(alarmOn(s, 'Url5xxCount', `"Ref":"${fn}"`).alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
      })
    },
  )

  it('alarms on the CloudFront 5xx error rate, only where CloudFront metrics are (us-east-1), with the extra metrics on', () => {
    const { alarm, condition } = alarmOn(s, '5xxErrorRate', s.id(s.stack.distribution))
    expect(alarm).toMatchObject({ Namespace: 'AWS/CloudFront', Threshold: 5 })
    expect(alarm.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'Region', Value: 'Global' },
        { Name: 'DistributionId', Value: { Ref: s.id(s.stack.distribution) } },
      ]),
    )
    expect(condition).toBe('InUsEast1')
    const json = s.template.toJSON() as { Conditions: Record<string, unknown> }
    expect(json.Conditions.InUsEast1).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] })
    s.template.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      DistributionId: { Ref: s.id(s.stack.distribution) },
      MonitoringSubscription: {
        RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' },
      },
    })
  })

  it('alarms on DynamoDB throttles of the table and of the published index, and on its system errors', () => {
    const throttleAlarms = alarms(s).filter(({ alarm }) => JSON.stringify(alarm).includes('ThrottleEvents'))
    expect(throttleAlarms).toHaveLength(2)
    const onIndex = (a: { alarm: AlarmJson }) =>
      JSON.stringify(a.alarm).includes('"GlobalSecondaryIndexName","Value":"published"')
    const index = throttleAlarms.find(onIndex)
    const table = throttleAlarms.find((a) => !onIndex(a))
    expect(index, 'an alarm on the published index').toBeDefined()
    expect(table, 'an alarm on the table').toBeDefined()
    expect(JSON.stringify(table)).not.toContain('GlobalSecondaryIndexName')
    for (const { alarm } of [table, index].flatMap((a) => (a ? [a] : []))) {
      expect(JSON.stringify(alarm)).toContain('"Name":"TableName","Value":{"Ref":"ArticlesTable"}')
      const names = (alarm.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName)
      expect(names).toEqual(expect.arrayContaining(['ReadThrottleEvents', 'WriteThrottleEvents']))
      expect(alarm.Threshold).toBe(1)
    }
    const systemErrors = alarmOn(s, 'SystemErrors', '"ArticlesTable"').alarm
    const operations = (systemErrors.Metrics ?? []).flatMap((m) =>
      ((m.MetricStat?.Metric.Dimensions as { Name: string; Value: unknown }[] | undefined) ?? [])
        .filter((d) => d.Name === 'Operation')
        .map((d) => d.Value),
    )
    expect(operations.sort()).toEqual(['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'])
  })

  it('counts every stale serve line of the public function in a metric, and alarms on the first', () => {
    const [filter, ...others] = ofType(s, 'AWS::Logs::MetricFilter')
    expect(others).toEqual([])
    const publicLogs = (
      resource(s, s.id(s.stack.publicFunction)).Properties.LoggingConfig as { LogGroup: { Ref: string } }
    ).LogGroup
    expect(filter?.[1].Properties).toMatchObject({
      LogGroupName: publicLogs,
      FilterPattern: `{ $.message = "${staleServedLogMessage}" }`,
      MetricTransformations: [
        {
          MetricNamespace: 'NewsFeed/TestFeed',
          MetricName: 'StaleFeedsServed',
          MetricValue: '1',
          DefaultValue: 0,
        },
      ],
    })
    const alarm = alarms(s).find(({ alarm }) => alarm.MetricName === 'StaleFeedsServed')?.alarm
    expect(alarm).toMatchObject({ Namespace: 'NewsFeed/TestFeed', Threshold: 1 })
  })

  it.each(['publicFunction', 'publishFunction'] as const)('makes the %s log JSON, INFO and above', (name) => {
    expect(resource(s, s.id(s.stack[name])).Properties.LoggingConfig).toMatchObject({
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
      SystemLogLevel: 'WARN',
    })
  })

  it('has a dashboard with requests, cache hit rate, latency, errors and table capacity', () => {
    const [dashboard] = ofType(s, 'AWS::CloudWatch::Dashboard')
    const body = JSON.stringify(dashboard?.[1].Properties.DashboardBody)
    for (const title of ['Requests', 'Cache hit rate', 'Latency', 'Errors', 'Table capacity', 'Throttles']) {
      expect(body).toContain(title)
    }
    for (const metric of [
      'CacheHitRate',
      'OriginLatency',
      'UrlRequestCount',
      'Duration',
      '5xxErrorRate',
      'ConsumedReadCapacityUnits',
      'ConsumedWriteCapacityUnits',
      'StaleFeedsServed',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`)
    }
  })
})
