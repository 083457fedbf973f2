import * as v from 'valibot'
import { slugListSetting } from './podcast-config.ts'

/**
 * An IANA time zone name such as `Europe/London` or `Asia/Dhaka` (`SITE_TIME_ZONE`), as the
 * runtime's tz data knows it, in its canonical spelling (`asia/dhaka` gives `Asia/Dhaka`).
 */
export const timeZoneSetting = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (text: string) => /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(text) && isTimeZone(text),
    (issue) =>
      `must be an IANA time zone name such as "Europe/London", "Asia/Dhaka" or "UTC", not "${String(issue.input).slice(0, 60)}"`,
  ),
  v.transform((text: string) => new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone),
)

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** The most topics the pages' navigation names (`SITE_NAV_TOPICS`): one row on a desktop, two on a phone. */
export const maxNavTopics = 12

/** Comma-separated category slugs for the pages' topic navigation (`SITE_NAV_TOPICS`), at most {@link maxNavTopics}. */
export const navTopicsSetting = v.pipe(
  slugListSetting,
  v.maxLength(maxNavTopics, `must name at most ${maxNavTopics} category slugs`),
)
