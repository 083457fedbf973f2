import { type CountLogDayDeps, countLogDay } from './count-log-day.ts'
import { dayToCount } from './day-to-count.ts'
import { type SubscriberMetricPoint, subscriberMetricPoints } from './subscriber-metric-points.ts'

export interface SubscriberCountJobDeps extends CountLogDayDeps {
  /** Publishes the day's figures as metrics (the dashboard's widget). */
  readonly emit: (points: readonly SubscriberMetricPoint[], day: string) => void
  readonly clock: () => Date
}

/** What a run answers (and what `aws lambda invoke` prints): the day counted, in three numbers. */
export interface SubscriberCountResult {
  readonly day: string
  readonly feeds: number
  /** The aggregators' reported subscribers, summed over every feed. */
  readonly subscribers: number
}

/**
 * One run of the subscriber counter (functions/subscriber-counter.ts): picks the day from the event
 * (the schedule's previous day, or `{ "day": … }` by hand), counts it from the access logs, writes
 * it where `GET /api/subscribers` reads, and publishes its metrics. A rerun of a day writes the
 * same items again.
 */
export function createSubscriberCountJob(deps: SubscriberCountJobDeps) {
  return async (event: unknown): Promise<SubscriberCountResult> => {
    const day = dayToCount(event, deps.clock())
    const counted = await countLogDay(day, deps)
    const points = subscriberMetricPoints(counted)
    deps.emit(points, day)
    return { day, feeds: counted.feeds.length, subscribers: points[0]?.subscribers ?? 0 }
  }
}
