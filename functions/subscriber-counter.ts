import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Context } from 'aws-lambda'
import { readSubscriberCounterConfig } from '../lib/config/function-configs.ts'
import { dynamoClientOptions } from '../lib/store/dynamo-client-options.ts'
import { createSubscriberDayStore } from '../lib/store/subscriber-days.ts'
import { createSubscriberCountJob } from '../lib/subscribers/subscriber-count-job.ts'
import { subscriberMetric } from '../lib/subscribers/subscriber-metric-points.ts'
import { withLogContext } from './app-logger.ts'

/*
 * The subscriber counter: EventBridge's daily schedule (or a run by hand with { "day": "YYYY-MM-DD" })
 * in; the day's SUBSCRIBERS# items, which GET /api/subscribers answers, and the dashboard's metrics
 * out (docs/subscribers.md). Every setting is set by the stack.
 */

const config = readSubscriberCounterConfig(process.env)
const logger = new Logger()
// EMF lines on stdout, which CloudWatch turns into metrics: no call, no permission.
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: subscriberMetric.service })
const days = createSubscriberDayStore({
  client: new DynamoDBClient(dynamoClientOptions),
  name: config.tableName,
})

const countDay = createSubscriberCountJob({
  logs: new CloudWatchLogsClient({}),
  logGroupName: config.accessLogGroupName,
  write: (day) => days.write(day),
  clock: () => new Date(),
  emit(points, day) {
    // Dated the counted day (noon UTC), so a daily period shows each figure on its own day.
    const at = new Date(`${day}T12:00:00Z`)
    for (const point of points) {
      const single = metrics.singleMetric()
      if (point.feedPath !== undefined)
        single.addDimension(subscriberMetric.feedPathDimension, point.feedPath)
      single.setTimestamp(at)
      single.addMetric(subscriberMetric.name, MetricUnit.Count, point.subscribers)
    }
  },
})

export const handler = withLogContext(logger, async (event: unknown, _context: Context) => {
  const result = await countDay(event)
  logger.info('subscribers counted', { ...result })
  return result
})
