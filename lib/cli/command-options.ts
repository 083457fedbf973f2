import { InvalidArgumentError, Option } from 'commander'
import { defaultUrl } from './connect-site.ts'

/*
 * The options several commands share (the site, the token, a status, requests at once) and the
 * readers of their parsed values: each says in its message which flag and what it takes.
 */

export function urlOption(): Option {
  return new Option('--url <url>', `the site (default: NEWSFEED_URL, else ${defaultUrl})`)
}

export function tokenOption(): Option {
  return new Option('--token <token>', 'the publish token (default: NEWSFEED_TOKEN, else PUBLISH_TOKEN)')
}

export function statusOption(description: string, defaultValue?: string): Option {
  const option = new Option('--status <status>', description).choices(['draft', 'published'])
  return defaultValue !== undefined ? option.default(defaultValue) : option
}

export function concurrencyOption(defaultValue: number): Option {
  return new Option('--concurrency <n>', 'requests at once')
    .default(defaultValue)
    .argParser(positiveInteger('--concurrency', 64))
}

export function positiveInteger(name: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`)
    }
    return n
  }
}

export function parseOffset(value: string): string {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim())
  if (match === null || Number(match[2]) > 23 || Number(match[3]) > 59) {
    throw new InvalidArgumentError('--utc-offset must look like +06:00 or -05:00')
  }
  return `${match[1]}${match[2]}:${match[3]}`
}

export function numberFlag(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}
