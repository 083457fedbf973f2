import { createHash } from 'node:crypto'

/**
 * What every due schedule's name starts with: the stack lets the notifier write schedules with
 * this prefix in its group, and nothing else.
 */
export const dueSchedulePrefix = 'due-'

/** `due-` and 160 bits of the slug's SHA-256: stable, short, and valid whatever the slug's script. */
export function scheduleName(slug: string): string {
  return `${dueSchedulePrefix}${createHash('sha256').update(slug).digest('hex').slice(0, 40)}`
}
