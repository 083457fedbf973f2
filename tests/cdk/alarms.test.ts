import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import {
  edge403RatePercent,
  notifierLagAlarmMs,
  publicUrl4xxBurst,
  publishUrl4xxBurst,
} from '../../cdk/constructs/operations.ts'
import { EdgeAlarmsStack } from '../../cdk/edge-alarms-stack.ts'
import { ofType, resource, type Synthesised, synth } from '../support/synth-test-stack.ts'

/**
 * The alarms issue 18 adds: EventBridge Scheduler's failures for the due-time group, bursts of 4xx
 * at the Function URLs and of 403 at CloudFront, dead-letter deliveries that failed; and CloudFront's
 * alarms where CloudFront's metrics are (us-east-1), from a stack in any region.
 */

type AlarmJson = {
  Namespace?: string
  MetricName?: string
  Dimensions?: { Name: string; Value: unknown }[]
  Threshold: number
  Statistic?: string
  EvaluationPeriods: number
  AlarmActions: unknown[]
  OKActions: unknown[]
  ComparisonOperator: string
  TreatMissingData: string
}

function alarm(s: Synthesised, id: string): AlarmJson & { Condition?: string } {
  const found = ofType(s, 'AWS::CloudWatch::Alarm').filter(([logicalId]) =>
    logicalId.startsWith(`Operations${id}`),
  )
  expect(found, id).toHaveLength(1)
  const [logicalId] = found[0] ?? []
  const raw = resource(s, logicalId ?? '') as unknown as { Properties: AlarmJson; Condition?: string }
  return { ...raw.Properties, ...(raw.Condition ? { Condition: raw.Condition } : {}) }
}

describe('the alarms of the stack', () => {
  const s = synth()
  const topic = { Ref: s.id(s.stack.operations.topic) }
  const group = () => String(resource(s, s.id(s.stack.notifier.scheduleGroup)).Properties.Name)

  it.each([
    ['SchedulerTargetErrors', 'TargetErrorCount'],
    ['SchedulerDropped', 'InvocationDroppedCount'],
    ['SchedulerDeadLetterFailures', 'InvocationsFailedToBeSentToDeadLetterCount'],
  ])('%s: the first %s of the due-time schedule group calls an operator', (id, metricName) => {
    expect(alarm(s, id)).toMatchObject({
      Namespace: 'AWS/Scheduler',
      MetricName: metricName,
      Dimensions: [{ Name: 'ScheduleGroup', Value: group() }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    })
  })

  it.each([
    ['NotifierDeadLetterErrors', 'DeadLetterErrors'],
    ['NotifierDestinationFailures', 'DestinationDeliveryFailures'],
  ])('%s: a failed dead-letter delivery of the notifier (%s) calls an operator', (id, metricName) => {
    expect(alarm(s, id)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: s.id(s.stack.notifier.function) } }],
      Threshold: 1,
      AlarmActions: [topic],
    })
  })

  it('alarms on a burst of 4xx at each Function URL', () => {
    expect(alarm(s, 'PublicUrl4xx')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Url4xxCount',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: s.id(s.stack.publicFunction) } }],
      Threshold: publicUrl4xxBurst,
      AlarmActions: [topic],
    })
    expect(alarm(s, 'PublishUrl4xx')).toMatchObject({
      MetricName: 'Url4xxCount',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: s.id(s.stack.publishFunction) } }],
      Threshold: publishUrl4xxBurst,
    })
  })

  it("alarms on CloudFront's 403 and 5xx rates in us-east-1, where CloudFront publishes them, and nowhere else", () => {
    for (const [id, metricName, threshold] of [
      ['CloudFront403Rate', '403ErrorRate', edge403RatePercent],
      ['CloudFront5xxRate', '5xxErrorRate', 5],
    ] as const) {
      expect(alarm(s, id)).toMatchObject({
        Namespace: 'AWS/CloudFront',
        MetricName: metricName,
        Dimensions: [
          { Name: 'DistributionId', Value: { Ref: s.id(s.stack.distribution) } },
          { Name: 'Region', Value: 'Global' },
        ],
        Threshold: threshold,
        EvaluationPeriods: 2,
        Condition: 'InUsEast1',
      })
    }
    // The 403 rate is one of the additional metrics, which the distribution must publish.
    expect(ofType(s, 'AWS::CloudFront::MonitoringSubscription')).toHaveLength(1)
  })

  it('keeps the notifier lag alarm at ten minutes', () => {
    expect(alarm(s, 'NotifierIteratorAge').Threshold).toBe(notifierLagAlarmMs)
  })
})

describe('the CloudFront alarms of a stack outside us-east-1', () => {
  const app = new App()
  const stack = new EdgeAlarmsStack(app, 'NewsFeed-EdgeAlarms', {
    distributionId: 'E2QWRUHAPOMQZL',
    alarmEmail: 'ops@example.com',
  })
  const template = Template.fromStack(stack)

  it('lives in us-east-1, the one region whose alarms can watch CloudFront', () => {
    expect(stack.region).toBe('us-east-1')
  })

  it("watches the main stack's distribution by its id, and notifies a topic of its own region by email", () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm')
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0]
    expect(
      Object.values(alarms)
        .map((a) => (a as { Properties: AlarmJson }).Properties.MetricName)
        .sort(),
    ).toEqual(['403ErrorRate', '5xxErrorRate'])
    for (const a of Object.values(alarms) as { Properties: AlarmJson }[]) {
      expect(a.Properties).toMatchObject({
        Namespace: 'AWS/CloudFront',
        Dimensions: [
          { Name: 'DistributionId', Value: 'E2QWRUHAPOMQZL' },
          { Name: 'Region', Value: 'Global' },
        ],
        AlarmActions: [{ Ref: topicId }],
      })
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    })
  })
})
