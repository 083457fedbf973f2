import type { DaySubscribers } from './subscriber-tally.ts'

/** Feeds that get a metric of their own: the largest, so the custom metrics (billed each) stay few. */
export const maxFeedMetrics = 10

export interface SubscriberMetricPoint {
  /** The feed (`/`, `/categories/{slug}/`, …), or undefined for the total over every feed. */
  readonly feedPath?: string
  /** What the aggregators reported, summed over them. */
  readonly subscribers: number
}

/**
 * What the dashboard shows of a counted day: the total of the aggregators' reported subscribers
 * over every feed, then the `maxFeeds` feeds with the most, largest first (ties by path).
 */
export function subscriberMetricPoints(
  counted: DaySubscribers,
  maxFeeds = maxFeedMetrics,
): SubscriberMetricPoint[] {
  const perFeed = counted.feeds.map((feed) => ({
    feedPath: feed.path,
    subscribers: feed.aggregators.reduce((sum, aggregator) => sum + aggregator.subscribers, 0),
  }))
  const total = perFeed.reduce((sum, feed) => sum + feed.subscribers, 0)
  const largest = perFeed
    .filter((feed) => feed.subscribers > 0)
    .sort((a, b) => b.subscribers - a.subscribers || (a.feedPath < b.feedPath ? -1 : 1))
    .slice(0, maxFeeds)
  return [{ subscribers: total }, ...largest]
}

/** The metric's name, its per-feed dimension, and the service dimension Powertools adds to both. */
export const subscriberMetric = {
  name: 'Subscribers',
  feedPathDimension: 'FeedPath',
  service: 'newsfeed-subscribers',
} as const
