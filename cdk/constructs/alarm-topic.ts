import { Stack, Validations } from 'aws-cdk-lib'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'

/**
 * The topic a stack's alarms notify (`AlarmTopic` in `scope`), with `alarmEmail` subscribed when
 * given. `stateKeptIn`: where the alarm state stays whatever happens to the email.
 */
export function alarmTopic(scope: Construct, alarmEmail: string | undefined, stateKeptIn: string): Topic {
  const topic = new Topic(scope, 'AlarmTopic', {
    displayName: `${Stack.of(scope).stackName} alarms`,
    enforceSSL: true,
  })
  if (alarmEmail !== undefined) {
    const subscription = topic.addSubscription(new EmailSubscription(alarmEmail))
    Validations.of(subscription).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'SNS retries an email delivery itself; a dead-letter queue would keep alarm notifications nobody reads, and the ' +
        `alarm state stays in ${stateKeptIn} whatever happens to the email.`,
    })
  }
  return topic
}
