import * as z from 'zod'
import {
  dateTimeMessage,
  instantRangeMessage,
  publishedAtFormatMessage,
  yearsMessage,
} from './article-input-messages.ts'
import { stripForbiddenChars } from './xml-chars.ts'

const earliestInstant = Date.UTC(1970, 0, 1)
const latestInstant = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/**
 * zod's ISO check does the RFC 3339 syntax, the calendar (no 30 February, leap years) and the offset's
 * range. Ours on top: at most nanoseconds, and the years 1970–9999 both as written and as a UTC
 * instant, since the feeds sort and page on the UTC form, four-digit year first, and an offset can
 * carry a local date across a year boundary.
 */
export const publishedAtSchema = z
  .string()
  .overwrite((s) => stripForbiddenChars(s).trim())
  // RFC 3339 §5.6 lets the `T` and `Z` be lowercase; stored in the usual, uppercase form.
  .overwrite((s) => s.replace(/^(\d{4}-\d{2}-\d{2})t/, '$1T').replace(/(\d)z$/, '$1Z'))
  .check(z.iso.datetime({ offset: true, abort: true, error: (issue) => dateTimeMessage(issue.input) }))
  .check((ctx) => {
    const problem = rangeProblem(ctx.value)
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })
  .meta({
    format: 'date-time',
    description:
      'RFC 3339 with an offset (`Z` or ±hh:mm), in the years 1970–9999 once in UTC; a future time schedules the article.',
    examples: ['2025-03-11T09:19:00+06:00'],
  })

function rangeProblem(value: string): string | undefined {
  if (/\.\d{10,}/.test(value)) return publishedAtFormatMessage
  if (Number(value.slice(0, 4)) < 1970) return yearsMessage
  const instant = Date.parse(value)
  if (!(instant >= earliestInstant && instant <= latestInstant)) return instantRangeMessage(value, instant)
  return undefined
}
