/** Days further back than this are refused: the stack keeps its access logs a month. */
export const maxDaysBack = 31

/**
 * The UTC day (`YYYY-MM-DD`) a run of the subscriber counter counts, from what invoked it:
 * - the daily schedule (an EventBridge scheduled event): the day before the event's `time`, so a
 *   retry late in the night still counts the day the schedule meant;
 * - a run by hand, `{ "day": "2026-12-05" }`: that day, if it is over (before today) and within the
 *   logs' retention;
 * - anything else: yesterday by `now`.
 * Throws a `RangeError` naming `day` for a day it cannot count.
 */
export function dayToCount(event: unknown, now: Date): string {
  const today = utcDay(now)
  const field = (name: string): unknown =>
    typeof event === 'object' && event !== null ? Reflect.get(event, name) : undefined
  const day = field('day')
  if (day !== undefined) {
    if (typeof day !== 'string' || day.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new RangeError('day: must be a UTC day as YYYY-MM-DD')
    const start = Date.parse(`${day}T00:00:00Z`)
    if (Number.isNaN(start) || utcDay(new Date(start)) !== day)
      throw new RangeError(`day: ${day} is not a calendar day`)
    if (day >= today) throw new RangeError(`day: ${day} is not over yet (today is ${today} UTC)`)
    if (start < Date.parse(`${today}T00:00:00Z`) - maxDaysBack * 86_400_000)
      throw new RangeError(`day: ${day} is older than the access logs kept (${maxDaysBack} days)`)
    return day
  }
  const time = field('time')
  const scheduled = typeof time === 'string' && time.length <= 40 ? Date.parse(time) : Number.NaN
  const reference = Number.isNaN(scheduled) || scheduled > now.getTime() ? now : new Date(scheduled)
  return utcDay(new Date(reference.getTime() - 86_400_000))
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}
