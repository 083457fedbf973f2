import { ArnFormat, type CfnCondition, CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib'
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Table } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda'
import type { LogGroup } from 'aws-cdk-lib/aws-logs'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { envNames } from '../../lib/config/env-names.ts'
import { subscriberPartitionPrefix } from '../../lib/store/subscriber-days.ts'
import { subscriberMetric } from '../../lib/subscribers/subscriber-metric-points.ts'
import { functionEntries } from '../bundling.ts'
import { FeedFunction } from './feed-function.ts'

export interface SubscriberCounterProps {
  readonly table: Table
  /** CloudFront's access log group (standard logs v2): the one log group the counter may read. */
  readonly accessLogs: LogGroup
  /** Where its alarms go: the stack's alarm topic. */
  readonly alarmTopic: ITopic
  /** The stack's dashboard, which gets the subscribers widget. */
  readonly dashboard: Dashboard
  /**
   * True only in us-east-1, where CloudFront delivers its logs to CloudWatch Logs: the counter has
   * nothing to read elsewhere, so it and everything it needs exist under this condition only.
   */
  readonly inUsEast1: CfnCondition
}

/** The daily run: 00:15 UTC, once CloudFront has delivered the last minutes of the day before. */
export const subscriberCountSchedule = { minute: '15', hour: '0' } as const
/** The counter's timeout: Lambda's longest; a day of reports is read in pages of 10,000 events. */
export const subscriberCounterTimeout = Duration.minutes(15)
/** The share of the timeout whose run calls an operator: the next busier day may not finish. */
export const subscriberDurationAlarmShare = 0.8
/** The partition keys the counter writes: the day index and each day's feeds (lib/store/subscriber-days.ts). */
export const subscriberWriteKeys = [subscriberPartitionPrefix, `${subscriberPartitionPrefix}#*`] as const

/**
 * The subscriber counter (functions/subscriber-counter.ts): each night an EventBridge rule invokes it
 * for the day before; it reads that day's subscriber reports from the access log group, writes the
 * day where `GET /api/subscribers` reads, and publishes the dashboard's `Subscribers` metric (EMF).
 * It may read that one log group and put the subscriber items, nothing else. docs/subscribers.md.
 */
export class SubscriberCounter extends Construct {
  readonly function: LambdaFn
  readonly rule: Rule
  readonly alarms: Alarm[] = []
  /** The total over every feed; the largest feeds have the same metric with a `FeedPath` dimension. */
  readonly subscribersMetric: Metric

  constructor(scope: Construct, id: string, props: SubscriberCounterProps) {
    super(scope, id)
    const stack = Stack.of(this)
    const namespace = `NewsFeed/${stack.stackName}`

    const fn = new FeedFunction(this, 'Function', {
      entry: functionEntries.subscriberCounter,
      description: "Counts yesterday's feed subscribers from CloudFront's access logs (daily)",
      serviceName: subscriberMetric.service,
      environment: {
        [envNames.tableName]: props.table.tableName,
        [envNames.accessLogGroup]: props.accessLogs.logGroupName,
        [envNames.metricsNamespace]: namespace,
      },
      // It waits on CloudWatch Logs' filter pages; memory buys nothing there.
      memorySize: 256,
      timeout: subscriberCounterTimeout,
      noDeadLetterQueue:
        'A failed run loses nothing: the access logs stay a month, Lambda retries the event twice, the Errors alarm ' +
        'calls an operator, and a run by hand with {"day": "YYYY-MM-DD"} counts the day again (docs/subscribers.md).',
    })
    this.function = fn.function

    // FilterLogEvents is authorized on the log group (the Service Authorization Reference); AWS checks
    // it against the group's ARN with and without the `:*` CloudFormation's Arn carries.
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: props.accessLogs.logGroupName,
    })
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:FilterLogEvents'],
        resources: [logGroupArn, `${logGroupArn}:*`],
      }),
    )
    // The day's items only: PutItem on the SUBSCRIBERS partitions, never an article.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...subscriberWriteKeys] } },
      }),
    )

    const policy = this.function.role?.node.tryFindChild('DefaultPolicy')
    if (policy === undefined) throw new Error('the subscriber counter role has no default policy')
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<DistributionAccessLogs02AD2349>:*]',
      reason:
        'The trailing :* is how CloudWatch Logs names a log group in IAM policies for most actions (the LogGroup API ' +
        'reference, "arn"): it covers the streams of the access log group only, never another group (names hold no colon).',
    })

    this.rule = new Rule(this, 'Daily', {
      description: "Counts yesterday's subscribers (UTC) from the access logs",
      schedule: Schedule.cron(subscriberCountSchedule),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    })
    Validations.of(this.rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'A daily run EventBridge could not deliver after its retries loses nothing (the access logs stay a month): the ' +
        'FailedInvocations alarm calls an operator, who runs the day by hand (docs/subscribers.md).',
    })

    this.subscribersMetric = new Metric({
      namespace,
      metricName: subscriberMetric.name,
      dimensionsMap: { service: subscriberMetric.service },
      statistic: 'Maximum',
      period: Duration.days(1),
      label: 'all feeds',
    })
    this.alarm(
      'Errors',
      this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      'The subscriber counter failed (crashed, timed out, or could not read the logs or write the day)',
      props.alarmTopic,
    )
    const timeoutMs = subscriberCounterTimeout.toMilliseconds()
    this.alarm(
      'Duration',
      this.function.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' }),
      Math.round(timeoutMs * subscriberDurationAlarmShare),
      `A run of the subscriber counter took over ${subscriberDurationAlarmShare * 100} % of its ${timeoutMs / 60_000}-minute timeout`,
      props.alarmTopic,
    )

    this.alarm(
      'ScheduleFailures',
      new Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: this.rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      1,
      'EventBridge could not invoke the subscriber counter for its daily run',
      props.alarmTopic,
    )

    for (const child of this.node.findAll()) {
      if (child instanceof CfnResource) child.cfnOptions.condition = props.inUsEast1
    }

    // The dashboard exists in every region; the widget names the metric by namespace and name only,
    // no resource of this construct, so it stays valid (and empty) where the counter does not exist.
    props.dashboard.addWidgets(
      new GraphWidget({
        title: 'Subscribers per day (aggregators’ reports; stacks in us-east-1)',
        left: [
          this.subscribersMetric,
          new MathExpression({
            expression: `SEARCH('{${namespace},${subscriberMetric.feedPathDimension},service} MetricName="${subscriberMetric.name}"', 'Maximum', 86400)`,
            usingMetrics: {},
            label: '',
            period: Duration.days(1),
          }),
        ],
        width: 24,
        height: 6,
      }),
    )
  }

  private alarm(id: string, metric: Metric, threshold: number, description: string, topic: ITopic): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${description}. What to do: docs/subscribers.md, Operations.`,
    })
    alarm.addAlarmAction(new SnsAction(topic))
    alarm.addOkAction(new SnsAction(topic))
    this.alarms.push(alarm)
  }
}
