import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront'
import { Table } from 'aws-cdk-lib/aws-dynamodb'
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  FilterCriteria,
  FilterRule,
  type Function as LambdaFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { LogGroup } from 'aws-cdk-lib/aws-logs'
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler'
import type { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { envNames } from '../../lib/config/env-names.ts'
import { dueSchedulePrefix } from '../../lib/notify/schedule-name.ts'
import { defaultFeedStateMaxAgeMs } from '../../lib/store/memoize-feed-states.ts'
import {
  articlePartitionPrefix,
  authorProfilePrefix,
  authorRegistryPartition,
} from '../../lib/store/table-definition.ts'
import { functionEntries } from '../bundling.ts'
import type { ArticlesTable } from './articles-table.ts'
import { FeedFunction } from './feed-function.ts'

export interface NotifierProps {
  readonly articles: ArticlesTable
  /** The distribution whose cached answers a change invalidates: the only one the notifier may touch. */
  readonly distribution: Distribution
  /** What every function gets: TABLE_NAME, the site settings, SITE_URL or SITE_URL_PARAMETER. */
  readonly environment: Readonly<Record<string, string>>
  /** ssm:GetParameter on the site URL parameter, when the site URL lives there. */
  readonly readSiteUrl?: PolicyStatement
  readonly websubHubs: readonly string[]
  readonly webhookUrls: readonly string[]
  /** The webhook signing secret; required with `webhookUrls`. */
  readonly webhookSecret?: Secret | ISecret
  /** What a batch invalidates: the `changed` paths, or `all` (`/*`). */
  readonly invalidation: 'changed' | 'all'
}

/** Stream records per invocation: one batch, one invalidation, one ping per hub. */
export const notifierBatchSize = 100
/** How often the event source retries a failing batch (bisected) before it goes to the failure queue. */
export const notifierRetryAttempts = 3

/**
 * The notifier (functions/notifier.ts): the table's stream of article changes and EventBridge
 * Scheduler's due times in; one CloudFront invalidation per batch, WebSub pings and signed webhooks
 * out. What cannot be announced after the retries lands in one SQS queue, which an alarm watches.
 */
export class Notifier extends Construct {
  readonly function: LambdaFunction
  readonly logGroup: LogGroup
  /** Stream batches and due events that failed after every retry (14 days to look at them). */
  readonly failureQueue: Queue
  /** Holds one one-time schedule per scheduled article (`due-…`), deleted once it fired. */
  readonly scheduleGroup: ScheduleGroup
  /** The role EventBridge Scheduler assumes to invoke the notifier, and to dead-letter what it could not. */
  readonly schedulerRole: Role

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id)
    const { articles, distribution } = props
    const stack = Stack.of(this)
    if (props.webhookUrls.length > 0 && props.webhookSecret === undefined) {
      throw new Error('webhook URLs need the webhook secret to sign with')
    }

    this.failureQueue = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: time to find the cause and announce by hand.
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.failureQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the notifier (stream batches and due events that failed after ' +
        'every retry); nothing consumes it, so there is nothing to redrive from it. An alarm on its depth calls an operator.',
    })

    this.scheduleGroup = new ScheduleGroup(this, 'DueSchedules', {
      // The schedules only make sense with this stack's notifier: they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const dueSchedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.scheduleGroupName}/${dueSchedulePrefix}*`,
    })

    // Trusted by Scheduler for this account's schedules in this group only (confused deputy).
    // Scheduler sends the schedule GROUP's ARN as aws:SourceArn, never a schedule's: the Scheduler
    // guide ("Confused deputy prevention") says to scope the trust to the group. A schedule-name
    // pattern here matches nothing, and every due time would fail to assume the role, silently.
    // tests/cdk/policy-evaluation.test.ts evaluates this trust with the keys Scheduler sends.
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
      description: 'Assumed by EventBridge Scheduler to announce scheduled articles when they fall due',
    })

    const fn = new FeedFunction(this, 'Function', {
      entry: functionEntries.notifier,
      description: 'Announces changes: CloudFront invalidation, WebSub pings, signed webhooks, due times',
      serviceName: 'newsfeed-notifier',
      environment: {
        ...props.environment,
        [envNames.distributionId]: distribution.distributionId,
        [envNames.scheduleGroup]: this.scheduleGroup.scheduleGroupName,
        [envNames.schedulerRoleArn]: this.schedulerRole.roleArn,
        [envNames.scheduleDlqArn]: this.failureQueue.queueArn,
        [envNames.invalidation]: props.invalidation,
        ...(props.websubHubs.length > 0 ? { [envNames.websubHubs]: props.websubHubs.join(',') } : {}),
        ...(props.webhookUrls.length > 0 ? { [envNames.webhookUrls]: props.webhookUrls.join(',') } : {}),
        ...(props.webhookSecret !== undefined
          ? { [envNames.webhookSecretArn]: props.webhookSecret.secretArn }
          : {}),
      },
      // A batch mostly waits: for the invalidation to complete (up to 60 s), a second for the
      // feed-state memo, a hub or an endpoint through its retries (about a minute), a due time up
      // to two minutes ahead. Five minutes holds all of them; 256 MB is plenty for waiting.
      timeout: Duration.minutes(5),
      memorySize: 256,
      deadLetterQueue: this.failureQueue,
    })
    this.function = fn.function
    this.logGroup = fn.logGroup
    // SCHEDULE_GROUP is the group's name, known at synth: no reference orders the two by itself.
    this.function.node.addDependency(this.scheduleGroup)

    articles.grantNotifierReads(this.function)
    if (props.readSiteUrl) this.function.addToRolePolicy(props.readSiteUrl)
    props.webhookSecret?.grantRead(this.function)
    // This distribution only: the function can invalidate no other.
    distribution.grant(this.function, 'cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation')
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [dueSchedules],
      }),
    )
    // A schedule names the role Scheduler assumes: handing it over is iam:PassRole, to Scheduler only.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    )
    this.schedulerRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.functionArn],
      }),
    )
    this.failureQueue.grantSendMessages(this.schedulerRole)

    // The event source takes an ITable, which the Table class does not satisfy under
    // exactOptionalPropertyTypes (its stream ARN may be undefined): the same table, by its ARNs.
    const streamArn = articles.table.tableStreamArn
    if (streamArn === undefined) throw new Error('the articles table has no stream')
    const streamingTable = Table.fromTableAttributes(this, 'StreamingTable', {
      tableArn: articles.table.tableArn,
      tableStreamArn: streamArn,
    })
    this.function.addEventSource(
      new DynamoEventSource(streamingTable, {
        // From the stream's start: nothing written between enabling the stream and the mapping is lost.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: notifierBatchSize,
        // The notifier waits this long after a write anyway (a public instance may answer from its
        // feed-state memo until then), so gathering a burst into one batch costs readers nothing
        // and saves invalidations, which CloudFront bills per path.
        maxBatchingWindow: Duration.millis(defaultFeedStateMaxAgeMs),
        // One batch at a time per shard: the changes of one article are handled in order.
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: notifierRetryAttempts,
        onFailure: new SqsDlq(this.failureQueue),
        // Only article items and author profiles: the feed-state, registry and index items each write
        // also updates never invoke the function.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(articlePartitionPrefix) } } },
          }),
          FilterCriteria.filter({
            dynamodb: {
              Keys: {
                pk: { S: FilterRule.isEqual(authorRegistryPartition) },
                sk: { S: FilterRule.beginsWith(authorProfilePrefix) },
              },
            },
          }),
        ],
      }),
    )
    this.acknowledgeWildcards(this.scheduleGroup.scheduleGroupName)
  }

  /** The two wildcards of the function's policy, each as narrow as IAM allows. */
  private acknowledgeWildcards(groupName: string): void {
    const policy = this.function.role?.node.tryFindChild('DefaultPolicy')
    if (policy === undefined) throw new Error('the notifier role has no default policy')
    const finding = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`
    Validations.of(policy).acknowledge(
      {
        id: finding(
          `arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${groupName}/${dueSchedulePrefix}*`,
        ),
        reason:
          'Schedule names are made at run time from the slug of each article scheduled (due- and a hash), so they cannot be ' +
          "listed in advance; the wildcard covers only the due- schedules of this stack's own schedule group.",
      },
      {
        id: finding('*'),
        reason:
          'dynamodb:ListStreams, which the event source mapping needs to find the table stream, has no resource-level ' +
          'permissions (the Service Authorization Reference gives it only "*"); it lists stream ARNs, never data. Every ' +
          'other action of the policy names its resource.',
      },
    )
  }
}
