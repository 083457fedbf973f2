import { Aws, type CfnCondition, Duration, Stack } from 'aws-cdk-lib'
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront'
import {
  Alarm,
  type CfnAlarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs'
import type { Topic } from 'aws-cdk-lib/aws-sns'
import { Construct } from 'constructs'
import { staleServedLogMessage } from '../../lib/http/app-deps.ts'
import { alarmTopic } from './alarm-topic.ts'
import type { Notifier } from './notifier.ts'

export interface OperationsProps {
  readonly table: Table
  readonly publicFunction: LambdaFunction
  readonly publicLogs: ILogGroup
  readonly publishFunction: LambdaFunction
  readonly notifier: Notifier
  readonly distribution: Distribution
  /** Subscribed to the alarm topic by email when given. */
  readonly alarmEmail?: string
  /** CloudFront's metrics live in us-east-1 only, and an alarm can watch only its own region's. */
  readonly inUsEast1: CfnCondition
}

const fiveMinutes = Duration.minutes(5)
/**
 * Alarm when the oldest change the notifier is working on is this old. A healthy batch takes
 * seconds; one waiting out a dead hub and a slow invalidation about two minutes; ten is a backlog
 * (the stream keeps 24 hours).
 */
export const notifierLagAlarmMs = 10 * 60_000

/**
 * Eyes on the stack: one SNS topic every alarm notifies (and an email subscription on it), alarms on
 * everything that means readers or publishers are failing, and a dashboard of requests, cache hit
 * rate, latency, errors and table capacity. docs/deploy.md says what each alarm means.
 */
export class Operations extends Construct {
  readonly topic: Topic
  readonly alarms: Alarm[] = []
  readonly staleServes: Metric
  readonly dashboard: Dashboard

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id)
    const { table, publicFunction, publishFunction, distribution } = props

    this.topic = alarmTopic(this, props.alarmEmail, 'CloudWatch and on the dashboard')

    // The product's own metric: every stale serve logs one line (functions/app-logger.ts).
    this.staleServes = new Metric({
      namespace: `NewsFeed/${Stack.of(this).stackName}`,
      metricName: 'StaleFeedsServed',
      statistic: 'Sum',
      period: fiveMinutes,
    })
    new MetricFilter(this, 'StaleServeFilter', {
      logGroup: props.publicLogs,
      filterPattern: FilterPattern.stringValue('$.message', '=', staleServedLogMessage),
      metricNamespace: this.staleServes.namespace,
      metricName: this.staleServes.metricName,
      metricValue: '1',
      defaultValue: 0,
    })

    const functions = [
      ['Public', publicFunction],
      ['Publish', publishFunction],
    ] as const
    for (const [name, fn] of functions) {
      this.alarm(
        `${name}Errors`,
        fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `The ${name.toLowerCase()} function crashed, timed out or failed to start`,
      )
      this.alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `The ${name.toLowerCase()} function was throttled: concurrency limit reached`,
      )
    }
    // A failed publish is an article somebody must send again: one is enough. Reads retry and
    // CloudFront serves stale copies, so a few in five minutes before anyone is woken.
    this.alarm(
      'PublicUrl5xx',
      urlErrors(publicFunction),
      5,
      'The public function answered 5xx (store out, or a bug)',
    )
    this.alarm(
      'PublishUrl5xx',
      urlErrors(publishFunction),
      1,
      'The publish API answered 5xx: a publisher got an error',
    )

    // A burst of 4xx at the Function URLs: a broken origin access control (every read refused
    // with 403 before the function runs), or someone probing the publish API with wrong tokens.
    this.alarm(
      'PublicUrl4xx',
      urlClientErrors(publicFunction),
      publicUrl4xxBurst,
      `The public function URL answered ${publicUrl4xxBurst} or more 4xx in 5 minutes (a broken origin access control answers 403 to every read)`,
    )
    this.alarm(
      'PublishUrl4xx',
      urlClientErrors(publishFunction),
      publishUrl4xxBurst,
      `The publish function URL answered ${publishUrl4xxBurst} or more 4xx in 5 minutes: requests without CloudFront's header or the token`,
    )

    // CloudFront's metrics live in us-east-1, where an alarm can watch them: here when the stack is
    // there, else in the companion stack cdk/edge-alarms-stack.ts deploys in us-east-1.
    for (const alarm of edgeAlarms(
      distribution.distributionId,
      (id, metric, threshold, description, periods) =>
        this.alarm(id, metric, threshold, description, periods),
    )) {
      ;(alarm.node.defaultChild as CfnAlarm).cfnOptions.condition = props.inUsEast1
    }

    this.alarm(
      'TableThrottles',
      throttles(table),
      1,
      'DynamoDB throttled the table: the on-demand cap or a hot key',
    )
    this.alarm(
      'PublishedIndexThrottles',
      throttles(table, 'published'),
      1,
      'DynamoDB throttled the published index that every feed reads',
    )
    this.alarm(
      'TableSystemErrors',
      table.metricSystemErrorsForOperations({
        operations: [
          Operation.GET_ITEM,
          Operation.BATCH_GET_ITEM,
          Operation.QUERY,
          Operation.PUT_ITEM,
          Operation.UPDATE_ITEM,
        ],
        period: fiveMinutes,
      }),
      1,
      'DynamoDB answered 500s (its own failure)',
    )
    this.alarm(
      'StaleFeeds',
      this.staleServes,
      1,
      'Feeds were served from the last good copy: the store was out',
    )

    // The notifier: a batch that keeps failing is retried, then parked in the failure queue; an
    // error is a due time that failed, a crash or a timeout. Either way some change was not announced.
    const { notifier } = props
    this.alarm(
      'NotifierErrors',
      notifier.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      1,
      'The notifier crashed, timed out or failed to start: announcements are delayed and retried',
    )
    this.alarm(
      'NotifierFailures',
      notifierFailures(notifier),
      1,
      'The notifier gave up on changes after its retries: they are in its failure queue, not announced',
    )
    // Due times: EventBridge Scheduler invokes the notifier with its own role. A failure here is an
    // article that appeared on time and was never announced; nothing else would show it.
    const group = notifier.scheduleGroup
    const groupSum = { period: fiveMinutes, statistic: 'Sum' }
    this.alarm(
      'SchedulerTargetErrors',
      group.metricTargetErrors(groupSum),
      1,
      'EventBridge Scheduler could not invoke the notifier for a due time (its role, its trust, or the function failing)',
    )
    this.alarm(
      'SchedulerDropped',
      group.metricDropped(groupSum),
      1,
      'EventBridge Scheduler gave up on a due time after its retries: a scheduled article was not announced',
    )
    this.alarm(
      'SchedulerDeadLetterFailures',
      group.metricFailedToBeSentToDLQ(undefined, groupSum),
      1,
      'EventBridge Scheduler could not put a failed due time in the failure queue: it is lost',
    )
    // The notifier's own dead-letter deliveries: what failed could not even be parked.
    this.alarm(
      'NotifierDeadLetterErrors',
      notifier.function.metric('DeadLetterErrors', groupSum),
      1,
      'Lambda could not put a failed due-time event of the notifier in the failure queue: it is lost',
    )
    this.alarm(
      'NotifierDestinationFailures',
      notifier.function.metric('DestinationDeliveryFailures', groupSum),
      1,
      'Lambda could not send a failed stream batch to the failure queue: those changes are lost',
    )
    this.alarm(
      'NotifierIteratorAge',
      notifierLag(notifier),
      notifierLagAlarmMs,
      'The notifier is over 10 minutes behind the table: announcements are late',
    )

    this.dashboard = this.buildDashboard(props)
  }

  private alarm(
    id: string,
    metric: IMetric,
    threshold: number,
    description: string,
    evaluationPeriods = 1,
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No traffic is not an incident.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${description}. What to do: docs/deploy.md, Operations.`,
    })
    alarm.addAlarmAction(new SnsAction(this.topic))
    alarm.addOkAction(new SnsAction(this.topic))
    this.alarms.push(alarm)
    return alarm
  }

  private buildDashboard(props: OperationsProps): Dashboard {
    const { table, publicFunction, publishFunction, distribution } = props
    const sum = { statistic: 'Sum', period: fiveMinutes }
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-${Aws.REGION}`,
      defaultInterval: Duration.days(1),
    })
    const widget = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6 })
    dashboard.addWidgets(
      widget(
        'Requests',
        [edgeMetric(distribution.distributionId, 'Requests', 'Sum')],
        [publicFunction.metric('UrlRequestCount', sum), publishFunction.metric('UrlRequestCount', sum)],
      ),
      widget('Cache hit rate (%)', [edgeMetric(distribution.distributionId, 'CacheHitRate', 'Average')]),
    )
    dashboard.addWidgets(
      widget('Latency (ms)', [
        edgeMetric(distribution.distributionId, 'OriginLatency', 'p90'),
        publicFunction.metricDuration({ period: fiveMinutes, statistic: 'p50' }),
        publicFunction.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
        publishFunction.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
      ]),
      widget(
        'Errors',
        [
          edgeMetric(distribution.distributionId, '5xxErrorRate', 'Average'),
          edgeMetric(distribution.distributionId, '4xxErrorRate', 'Average'),
        ],
        [
          urlErrors(publicFunction),
          urlErrors(publishFunction),
          publicFunction.metricErrors(sum),
          publishFunction.metricErrors(sum),
          this.staleServes,
        ],
      ),
    )
    dashboard.addWidgets(
      widget(
        'Table capacity (units per 5 min)',
        [
          table.metricConsumedReadCapacityUnits(sum),
          indexMetric(table, 'published', 'ConsumedReadCapacityUnits'),
        ],
        [table.metricConsumedWriteCapacityUnits(sum)],
      ),
      widget('Throttles', [throttles(table), throttles(table, 'published')]),
    )
    const { notifier } = props
    dashboard.addWidgets(
      widget(
        'Notifier: invocations and errors',
        [notifier.function.metricInvocations(sum), notifier.function.metricErrors(sum)],
        [notifierFailures(notifier)],
      ),
      widget(
        'Notifier: lag behind the table (ms)',
        [notifierLag(notifier)],
        [notifier.function.metricDuration({ period: fiveMinutes, statistic: 'Maximum' })],
      ),
    )
    return dashboard
  }
}

/** 4xx answers of the public URL in 5 minutes that call an operator: far above what bots' 404s reach behind the cache. */
export const publicUrl4xxBurst = 100
/** 4xx answers of the publish URL in 5 minutes that call an operator: more than a publisher's mistakes. */
export const publishUrl4xxBurst = 20
/** CloudFront's 403 rate (%) over 10 minutes that calls an operator: a broken origin access control refuses every read. */
export const edge403RatePercent = 20

/**
 * A CloudFront metric as CloudFront publishes it: in us-east-1, with `Region: Global` beside the
 * distribution id (the L2's own metric methods leave the Region dimension out, and match nothing).
 */
export function edgeMetric(distributionId: string, metricName: string, statistic: string): Metric {
  return new Metric({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    region: 'us-east-1',
    statistic,
    period: fiveMinutes,
  })
}

export type AddAlarm = (
  id: string,
  metric: IMetric,
  threshold: number,
  description: string,
  periods: number,
) => Alarm

/**
 * The alarms on CloudFront's own metrics (published in us-east-1 only): the 5xx rate, and the 403
 * rate of the additional metrics the distribution publishes, which a broken origin access control
 * sends to 100 %. Made by the stack in us-east-1, and by the companion stack for the others.
 */
export function edgeAlarms(distributionId: string, add: AddAlarm): Alarm[] {
  return [
    add(
      'CloudFront5xxRate',
      edgeMetric(distributionId, '5xxErrorRate', 'Average'),
      5,
      'Over 5 % of CloudFront answers were 5xx',
      2,
    ),
    add(
      'CloudFront403Rate',
      edgeMetric(distributionId, '403ErrorRate', 'Average'),
      edge403RatePercent,
      `Over ${edge403RatePercent} % of CloudFront answers were 403 for 10 minutes: origin access control or the web ACL refuses readers`,
      2,
    ),
  ]
}

/** Messages waiting in the notifier's failure queue: changes it gave up on. */
function notifierFailures(notifier: Notifier): IMetric {
  return notifier.failureQueue.metricApproximateNumberOfMessagesVisible({
    period: fiveMinutes,
    statistic: 'Maximum',
  })
}

/** Age of the newest record of the stream batch last handed to the notifier, at its worst. */
function notifierLag(notifier: Notifier): IMetric {
  return notifier.function.metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' })
}

function urlClientErrors(fn: LambdaFunction): IMetric {
  return fn.metric('Url4xxCount', { statistic: 'Sum', period: fiveMinutes })
}

function urlErrors(fn: LambdaFunction): IMetric {
  return fn.metric('Url5xxCount', { statistic: 'Sum', period: fiveMinutes })
}

function indexMetric(table: Table, indexName: string, metricName: string): Metric {
  return new Metric({
    namespace: 'AWS/DynamoDB',
    metricName,
    dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: indexName },
    statistic: 'Sum',
    period: fiveMinutes,
  })
}

/** Read plus write throttle events of the table, or of one of its indexes. */
function throttles(table: Table, indexName?: string): IMetric {
  const metric = (name: string) =>
    indexName === undefined
      ? table.metric(name, { statistic: 'Sum', period: fiveMinutes })
      : indexMetric(table, indexName, name)
  // Ids unique per source: a graph may show the table's and an index's expressions side by side.
  const id = indexName === undefined ? 'table' : indexName.replace(/[^A-Za-z0-9]/g, '')
  return new MathExpression({
    expression: `${id}Reads + ${id}Writes`,
    usingMetrics: {
      [`${id}Reads`]: metric('ReadThrottleEvents'),
      [`${id}Writes`]: metric('WriteThrottleEvents'),
    },
    label: indexName === undefined ? 'table throttle events' : `${indexName} index throttle events`,
    period: fiveMinutes,
  })
}
