import { createHash } from 'node:crypto'
import * as z from 'zod/mini'
import { articleSlugOfKeys, authorProfileSlugOfKeys, entryOfImage } from '../store/stream-images.ts'
import type { ArticleChange } from './change-effects.ts'
import type { ChangeHandler, PathInvalidator } from './change-handler.ts'
import type { NotifyLogger } from './notify-logger.ts'

/*
 * The two events the notifier function gets: DynamoDB stream batches from the event source mapping,
 * and `{ "due": "<slug>", "at": "<RFC 3339>" }` from an EventBridge Scheduler schedule.
 */

const streamRecordSchema = z.looseObject({
  eventName: z.optional(z.string()),
  dynamodb: z.looseObject({
    SequenceNumber: z.string(),
    Keys: z.unknown(),
    OldImage: z.optional(z.unknown()),
    NewImage: z.optional(z.unknown()),
  }),
})
const streamEventSchema = z.looseObject({ Records: z.array(streamRecordSchema) })
const dueEventSchema = z.object({
  due: z.string().check(z.minLength(1)),
  at: z.optional(z.iso.datetime({ offset: true })),
})

/** What the event source mapping needs back to retry from the first record that failed. */
export interface StreamBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[]
}

export type StreamRecord = z.infer<typeof streamRecordSchema>

export type NotifierEvent =
  | { readonly kind: 'stream'; readonly records: readonly StreamRecord[] }
  | { readonly kind: 'due'; readonly slug: string; readonly at?: string }

/** Which of the two events `event` is; throws on anything else. */
export function parseNotifierEvent(event: unknown): NotifierEvent {
  const stream = streamEventSchema.safeParse(event)
  if (stream.success) return { kind: 'stream', records: stream.data.Records }
  const due = dueEventSchema.safeParse(event)
  if (due.success) return { kind: 'due', slug: due.data.due, ...(due.data.at ? { at: due.data.at } : {}) }
  throw new Error('the notifier got an event that is neither a DynamoDB stream batch nor a due time')
}

/**
 * Handles one stream batch: article items become changes, author profile items drop their author's
 * pages and feeds from the CDN (`invalidator`), other items (feed states) are skipped. A record whose
 * image cannot be read, and every record after it, is reported failed, as is the first change whose
 * work failed (or the first profile record, when their invalidation failed): the event source
 * retries from there (and bisects), and sends what keeps failing to its on-failure destination.
 */
export async function handleStreamRecords(
  records: readonly StreamRecord[],
  handler: ChangeHandler,
  logger: NotifyLogger,
  invalidator?: PathInvalidator,
): Promise<StreamBatchResponse> {
  const changes: ArticleChange[] = []
  const sequenceOf: string[] = []
  const profiles: { readonly author: string; readonly at: number }[] = []
  let poison: number | undefined
  for (const [at, record] of records.entries()) {
    const { SequenceNumber, Keys, OldImage, NewImage } = record.dynamodb
    const author = authorProfileSlugOfKeys(Keys)
    if (author !== undefined) profiles.push({ author, at })
    if (articleSlugOfKeys(Keys) === undefined) continue
    try {
      changes.push({ previous: entryOfImage(OldImage), next: entryOfImage(NewImage) })
      sequenceOf.push(SequenceNumber)
    } catch (error) {
      logger.error('notify: unreadable stream record', {
        sequenceNumber: SequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      })
      poison = at
      break
    }
  }
  const profileFailedAt = await invalidateProfiles(
    profiles.filter((p) => poison === undefined || p.at < poison),
    records,
    invalidator,
    logger,
  )
  const { failedAt } = await handler.handleChanges(changes)
  const changeFailedAt =
    failedAt !== undefined
      ? records.findIndex((r) => r.dynamodb.SequenceNumber === sequenceOf[failedAt])
      : poison
  const firsts = [profileFailedAt, changeFailedAt].filter((i): i is number => i !== undefined && i >= 0)
  const failed = firsts.length > 0 ? records[Math.min(...firsts)]?.dynamodb.SequenceNumber : undefined
  return { batchItemFailures: failed !== undefined ? [{ itemIdentifier: failed }] : [] }
}

/**
 * A profile shows on its author's page and in their feeds: their copies at the CDN go (one
 * invalidation for the batch). The index of the first profile record when that fails.
 */
async function invalidateProfiles(
  profiles: readonly { readonly author: string; readonly at: number }[],
  records: readonly StreamRecord[],
  invalidator: PathInvalidator | undefined,
  logger: NotifyLogger,
): Promise<number | undefined> {
  if (profiles.length === 0 || invalidator === undefined) return undefined
  const paths = [...new Set(profiles.map((p) => `/authors/${encodeURIComponent(p.author)}/*`))]
  const names = profiles.map((p) => records[p.at]?.dynamodb.SequenceNumber ?? '').join('\n')
  try {
    await invalidator.invalidate(paths, createHash('sha256').update(names).digest('base64url'))
    return undefined
  } catch (error) {
    logger.error('notify: invalidating author pages failed', {
      paths,
      error: error instanceof Error ? error.message : String(error),
    })
    return profiles[0]?.at
  }
}
