import type { DaySubscribers } from './subscriber-tally.ts'

/** Where the API and the command line read subscriber counts from. */
export interface SubscriberCounts {
  /** The counts of `day` (`YYYY-MM-DD`, UTC), or of the latest day counted; undefined when none. */
  read(day?: string): Promise<DaySubscribers | undefined>
}

/** Reads `live` first (under `npm start`, the in-process tally), then `stored`. */
export function firstOf(live: SubscriberCounts, stored: SubscriberCounts): SubscriberCounts {
  return {
    async read(day) {
      const [a, b] = await Promise.all([live.read(day), stored.read(day)])
      if (a === undefined) return b
      if (b === undefined) return a
      return a.day >= b.day ? a : b
    },
  }
}
