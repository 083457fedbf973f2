import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { feedRequestOfCloudFrontRecord } from './cloudfront-record.ts'
import { createSubscriberTally, type DaySubscribers } from './subscriber-tally.ts'

/** Pages of log events read at most for one day (10,000 events each): a bound, not a target. */
export const maxLogPages = 2000

export interface CountLogDayDeps {
  readonly logs: CloudWatchLogsClient
  /** The stack's CloudFront access log group (standard logs v2, JSON records). */
  readonly logGroupName: string
  /** Where the day goes: the table's `SUBSCRIBERS#{day}` items. */
  readonly write: (day: DaySubscribers) => Promise<void>
}

/**
 * Counts one UTC day (`YYYY-MM-DD`) of CloudFront records into subscriber counts and writes them.
 * Only events that mention `subscribers` or `readers` come back from CloudWatch Logs (a filter
 * pattern), so a day of feed polling costs pages of reports, not pages of every request.
 */
export async function countLogDay(day: string, deps: CountLogDayDeps): Promise<DaySubscribers> {
  const start = Date.parse(`${day}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(start)) throw new RangeError(`not a day: ${day}`)
  const tally = createSubscriberTally({ limits: { maxDays: 1 } })
  let nextToken: string | undefined
  for (let page = 0; page < maxLogPages; page++) {
    const result = await deps.logs.send(
      new FilterLogEventsCommand({
        logGroupName: deps.logGroupName,
        startTime: start,
        endTime: start + 86_400_000 - 1,
        filterPattern: '?subscribers ?readers ?subscriber ?reader',
        ...(nextToken !== undefined && { nextToken }),
      }),
    )
    for (const event of result.events ?? []) {
      const request = event.message === undefined ? undefined : feedRequestOfCloudFrontRecord(event.message)
      if (request?.time.startsWith(day)) tally.record(request)
    }
    nextToken = result.nextToken
    if (nextToken === undefined) break
  }
  const counted = tally.summary(day) ?? { day, feeds: [] }
  await deps.write(counted)
  return counted
}
