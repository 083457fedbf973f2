import { ConfigError } from '../config.ts'

/** `SITE_TIME_ZONE` (an IANA zone such as Asia/Dhaka) as the desk uses it; absent: UTC. */
export function deskTimeZone(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return 'UTC'
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value.trim() }).resolvedOptions().timeZone
  } catch (error) {
    throw new ConfigError(
      `SITE_TIME_ZONE must be an IANA time zone such as Asia/Dhaka, not "${value.slice(0, 60)}"`,
      {
        cause: error,
      },
    )
  }
}
