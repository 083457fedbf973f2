import { Stack, type StackProps } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Topic } from 'aws-cdk-lib/aws-sns'
import type { Construct } from 'constructs'
import { alarmTopic } from './constructs/alarm-topic.ts'
import { edgeAlarms } from './constructs/operations.ts'

export interface EdgeAlarmsStackProps extends StackProps {
  /** The distribution of the main stack (its `DistributionId` output). */
  readonly distributionId: string
  /** Subscribed to this stack's own alarm topic by email when given. */
  readonly alarmEmail?: string
}

/** The region CloudFront publishes its metrics in, and so the only one whose alarms can watch them. */
export const edgeRegion = 'us-east-1'

/**
 * CloudFront's alarms for a stack deployed outside us-east-1: CloudFront publishes its metrics in
 * us-east-1 only and an alarm watches only its own region's metrics, so these alarms (and the topic
 * they notify, which must be in their region too) live in a small stack of their own there:
 *
 *   npm run deploy -- -c edgeAlarmsFor=<DistributionId output> -c alarmEmail=ops@example.com NewsFeed-EdgeAlarms
 *
 * The main stack makes the same alarms itself when it is in us-east-1.
 */
export class EdgeAlarmsStack extends Stack {
  readonly topic: Topic
  readonly alarms: Alarm[]

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: edgeRegion } })
    this.topic = alarmTopic(this, props.alarmEmail, 'CloudWatch')
    this.alarms = edgeAlarms(props.distributionId, (alarmId, metric, threshold, description, periods) => {
      const alarm = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${description}. What to do: docs/deploy.md, Operations.`,
      })
      alarm.addAlarmAction(new SnsAction(this.topic))
      alarm.addOkAction(new SnsAction(this.topic))
      return alarm
    })
  }
}
