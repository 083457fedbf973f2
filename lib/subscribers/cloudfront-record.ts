import type { FeedRequest } from './subscriber-tally.ts'

/** Longer log events are not read: a record with the stack's fields is well under this. */
export const maxRecordLength = 16_384

/**
 * One CloudFront standard log (v2) record, as the stack delivers it to CloudWatch Logs (JSON, the
 * fields of `accessLogFields` in cdk/constructs/access-log-fields.ts), as a {@link FeedRequest}.
 * Values are as CloudFront writes them: `-` for none, the agent and the query URI-encoded. The stack
 * keeps no `c-ip`, so on AWS only 304s mark a revalidation and no client is counted as a direct
 * reader (docs/subscribers.md). Undefined for a line that is not such a record.
 */
export function feedRequestOfCloudFrontRecord(line: string): FeedRequest | undefined {
  if (line.length > maxRecordLength) return undefined
  let record: unknown
  try {
    record = JSON.parse(line)
  } catch {
    return undefined
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined
  const field = (name: string): string | undefined => {
    const value: unknown = Reflect.get(record, name)
    return typeof value === 'string' && value !== '-' && value !== '' ? value : undefined
  }
  const date = field('date')
  const time = field('time')
  const method = field('cs-method')
  const path = field('cs-uri-stem')
  const status = Number(field('sc-status'))
  if (date === undefined || time === undefined || method === undefined || path === undefined) return undefined
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}:\d{2}$/.test(time) || !Number.isInteger(status))
    return undefined
  const agent = field('cs(User-Agent)')
  return {
    time: `${date}T${time}Z`,
    method,
    path,
    query: field('cs-uri-query') ?? '',
    status,
    ...(agent !== undefined && { userAgent: decodeLogged(agent) }),
    conditional: status === 304,
  }
}

/** CloudFront URI-encodes the agent (a space is `%20`, and a literal `%` is `%25`). */
function decodeLogged(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
