import * as z from 'zod'
import { type ApiClient, refusal } from './api-client.ts'
import { apiJson } from './api-json.ts'
import { CliError, exitCodes, SiteFailedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'

const daySchema = z.object({
  day: z.string().optional(),
  feeds: z.array(
    z.object({
      path: z.string(),
      aggregators: z.array(z.object({ name: z.string(), subscribers: z.number() })),
      directReaders: z.number().nullable(),
    }),
  ),
})

/**
 * `newsfeed subscribers [--day YYYY-MM-DD]`: per feed, what each aggregator reported and the
 * estimated direct readers, from `GET /api/subscribers` (docs/subscribers.md).
 */
export async function subscribersCommand(
  io: CliIo,
  api: ApiClient,
  day: string | undefined,
): Promise<number> {
  const res = await api.send(
    'GET',
    `/api/subscribers${day === undefined ? '' : `?day=${encodeURIComponent(day)}`}`,
  )
  if (res.status === 404)
    throw new SiteFailedError(`${api.url} does not count subscribers (GET /api/subscribers answered 404)`)
  if (res.status !== 200) throw new CliError((await refusal(res)).message)
  const counted = await apiJson(res, daySchema, 'GET /api/subscribers')
  if (counted.feeds.length === 0) {
    io.stderr.write(`no subscriber counts${counted.day === undefined ? ' yet' : ` for ${counted.day}`}\n`)
    return exitCodes.ok
  }
  io.stdout.write(`subscribers on ${counted.day ?? '?'} (UTC)\n`)
  for (const feed of counted.feeds) {
    const reported = feed.aggregators.reduce((sum, a) => sum + a.subscribers, 0)
    const direct = feed.directReaders
    io.stdout.write(
      direct === null
        ? `${feed.path}  ${reported} (reported by aggregators; direct readers not counted)\n`
        : `${feed.path}  ${reported + direct} (${reported} reported by aggregators, about ${direct} direct)\n`,
    )
    for (const a of feed.aggregators) io.stdout.write(`  ${a.name.padEnd(16)} ${a.subscribers}\n`)
    if (direct !== null && direct > 0) io.stdout.write(`  ${'direct readers'.padEnd(16)} ~${direct}\n`)
  }
  return exitCodes.ok
}
