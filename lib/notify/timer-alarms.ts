import type { DueAlarms } from './change-handler.ts'

/** setTimeout takes at most 2^31 - 1 ms (about 24.8 days); a later alarm waits in steps. */
const maxTimeoutMs = 2 ** 31 - 1

export interface TimerAlarms extends DueAlarms {
  /** Slugs with an alarm set, for tests and the log. */
  armed(): string[]
  /** Clears every alarm. */
  close(): void
}

/**
 * Due alarms as in-process timers (`npm start`): exact to the event loop's tick, so `leadMs` is 0.
 * `onDue` is called with the slug and the due time the alarm was set for; what it returns or throws
 * is its own business (the change handler logs).
 */
export function createTimerAlarms(
  onDue: (slug: string, dueAt: string) => void,
  now: () => number = Date.now,
): TimerAlarms {
  const timers = new Map<string, NodeJS.Timeout>()

  function set(slug: string, dueAt: string): void {
    const remaining = Date.parse(dueAt) - now()
    const timer = setTimeout(
      () => {
        if (remaining > maxTimeoutMs) return set(slug, dueAt)
        timers.delete(slug)
        onDue(slug, dueAt)
      },
      Math.min(Math.max(0, remaining), maxTimeoutMs),
    )
    // An alarm alone must not keep a stopping process alive.
    timer.unref()
    timers.set(slug, timer)
  }

  return {
    leadMs: 0,
    async arm(slug, dueAt) {
      clearTimeout(timers.get(slug))
      set(slug, dueAt)
    },
    async disarm(slug) {
      clearTimeout(timers.get(slug))
      timers.delete(slug)
    },
    armed: () => [...timers.keys()],
    close() {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    },
  }
}
