import { createHash } from 'node:crypto'
import { isPublicAt } from '../articles/article.ts'
import { type ArticleStore, isTombstone } from '../articles/article-store.ts'
import type { Site } from '../site.ts'
import { type ArticleChange, type ChangeEffects, describeChange, describeDue } from './change-effects.ts'
import type { Announcement, Notifier } from './notifier.ts'
import type { NotifyLogger } from './notify-logger.ts'
import { sleep } from './post-with-retry.ts'
import { articleKey, changeMark, type ReplayGuard, type ReplayLane } from './replay-guard.ts'

/**
 * The due-time mechanism: in-process timers under `npm start`, EventBridge Scheduler on AWS. Either
 * ends by calling {@link ChangeHandler.handleDue} with the slug and the due time it was armed for.
 */
export interface DueAlarms {
  /**
   * How early an alarm may go off. Due times nearer than this are waited out in-process instead of
   * armed, and an alarm that goes off early is waited out too: Scheduler fires within the minute.
   */
  readonly leadMs: number
  /** Sets, or moves, the one alarm of `slug` to go off at `dueAt` (RFC 3339) at the latest. */
  arm(slug: string, dueAt: string): Promise<void>
  /** Removes the alarm of `slug`, if there is one. */
  disarm(slug: string): Promise<void>
}

/** Drops cached answers of a CDN (CloudFront on AWS; nothing locally). */
export interface PathInvalidator {
  /**
   * Resolves once the paths are invalidated (or as good as: it may give up waiting and say so).
   * `reference` names the batch: the same changes handled again give the same reference.
   */
  invalidate(paths: readonly string[], reference: string): Promise<void>
}

export interface ChangeHandlerDeps {
  readonly store: Pick<ArticleStore, 'findBySlug'>
  readonly site: Site
  readonly clock: () => Date
  readonly notifier: Notifier
  readonly alarms: DueAlarms
  readonly invalidator?: PathInvalidator
  /**
   * Announce no sooner than this long after the write: an instance that read the feed state just
   * before it may answer from its memo that long (`defaultFeedStateMaxAgeMs`), and a hub fetches the
   * feed as soon as it is pinged. 0 where the writer's own store serves the feeds (`npm start`).
   */
  readonly settleMs?: number
  readonly logger: NotifyLogger
  readonly sleep?: (ms: number) => Promise<void>
  /**
   * Remembers what was handled, so that changes the stream delivers again (a re-created event
   * source mapping replays from TRIM_HORIZON) and due times already announced do nothing. Absent
   * where nothing replays (`npm start`).
   */
  readonly replayGuard?: ReplayGuard
}

export interface BatchOutcome {
  /**
   * Index of the first change whose work could not be done (an alarm or the invalidation failed):
   * it and every later change must be handled again. Earlier changes were announced.
   */
  readonly failedAt?: number
}

export interface ChangeHandler {
  /**
   * Handles a batch of changes in order of their writes: sets or removes due alarms, invalidates
   * the union of the changed paths once, then announces the batch (one ping per hub, one webhook per
   * event and endpoint) and resolves when every delivery ended. Deliveries never fail a batch.
   */
  handleChanges(changes: readonly ArticleChange[]): Promise<BatchOutcome>
  /**
   * A due alarm went off for `slug`, armed for `dueAt`. Waits until then if it went off early,
   * re-reads the article and announces it if it is public now and became so by falling due; re-arms
   * when its time moved later; does nothing when it is gone, a draft, or was announced by a write.
   * Throws when the store, the invalidation or re-arming fails, so the alarm's source retries.
   */
  handleDue(slug: string, dueAt?: string): Promise<void>
}

/** The one code path from changes and due times to the CDN, the hubs and the webhooks. */
export function createChangeHandler(deps: ChangeHandlerDeps): ChangeHandler {
  const { site, clock, notifier, alarms, logger } = deps
  const wait = deps.sleep ?? ((ms: number) => sleep(ms))

  async function announce(effects: readonly ChangeEffects[]): Promise<void> {
    const paths = unique(effects.flatMap((e) => e.paths))
    if (paths.length > 0 && deps.invalidator) {
      const names = effects.map((e) => `${e.slug}@${e.changedAt}#${e.event?.key ?? ''}`).join('\n')
      await deps.invalidator.invalidate(paths, createHash('sha256').update(names).digest('base64url'))
    }
    const announcement: Announcement = {
      feedUrls: unique(effects.flatMap((e) => e.feedUrls)),
      events: effects.flatMap((e) =>
        e.event
          ? [{ type: e.event.type, article: e.event.article, key: e.event.key, timestamp: e.changedAt }]
          : [],
      ),
    }
    if (announcement.feedUrls.length === 0 && announcement.events.length === 0) return
    const settleMs = deps.settleMs ?? 0
    if (settleMs > 0) {
      const latest = Math.max(...effects.map((e) => Date.parse(e.changedAt)))
      const waitMs = latest + settleMs - clock().getTime()
      if (waitMs > 0) await wait(Math.min(waitMs, settleMs))
    }
    await notifier.announce(announcement)
  }

  /** Arms the alarm for `dueAt`, or when it is too near for one, waits and handles it here. */
  async function armOrWait(slug: string, dueAt: string): Promise<'armed' | 'near'> {
    if (Date.parse(dueAt) - clock().getTime() > alarms.leadMs) {
      await alarms.arm(slug, dueAt)
      return 'armed'
    }
    return 'near'
  }

  async function handleDue(slug: string, dueAt?: string): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const target = dueAt === undefined ? Number.NaN : Date.parse(dueAt)
      const early = target - clock().getTime()
      if (early > 0) await wait(early)
      const found = await deps.store.findBySlug(slug)
      if (!found || isTombstone(found) || found.status !== 'published' || found.publishedAt === undefined) {
        return
      }
      const nowMs = clock().getTime()
      if (!isPublicAt(found, nowMs)) {
        // Moved later since the alarm was set: set it again for the new time.
        if ((await armOrWait(slug, found.publishedAt)) === 'armed') return
        dueAt = found.publishedAt
        continue
      }
      // Public since its last write: that write's change announced it already.
      if (Date.parse(found.publishedAt) <= Date.parse(found.updatedAt)) return
      const key = articleKey(found)
      const recorded = (await deps.replayGuard?.recorded('due', [key]))?.get(key) ?? 0
      if (found.version <= recorded) return
      await announce([describeDue(found, site.url)])
      await remember('due', new Map([[key, found.version]]))
      return
    }
    throw new Error(`the due time of "${slug}" kept moving while it was waited for`)
  }

  /** Records what was handled; a failure is logged, never thrown: the work is done, only its memory lost. */
  async function remember(lane: ReplayLane, versions: ReadonlyMap<string, number>): Promise<void> {
    const guard = deps.replayGuard
    if (guard === undefined) return
    await Promise.all(
      [...versions].map(async ([key, version]) => {
        try {
          await guard.record(lane, key, version)
        } catch (error) {
          logger.error('notify: could not record a handled change', { key, version, error: describe(error) })
        }
      }),
    )
  }

  /** The changes of `all` not handled before (each with its index in `all`), in order. */
  async function unhandled(all: readonly ArticleChange[]) {
    const marked = all.map((change, index) => ({ change, index, mark: changeMark(change) }))
    const guard = deps.replayGuard
    if (guard === undefined) return marked
    const keys = marked.flatMap((m) => (m.mark ? [m.mark.key] : []))
    const recorded = keys.length > 0 ? await guard.recorded('change', keys) : new Map<string, number>()
    const fresh = marked.filter(
      (m) => m.mark === undefined || m.mark.version > (recorded.get(m.mark.key) ?? 0),
    )
    if (fresh.length < marked.length) {
      logger.info('notify: skipped changes handled before (a replay)', {
        count: marked.length - fresh.length,
      })
    }
    return fresh
  }

  return {
    async handleChanges(all) {
      let fresh: Awaited<ReturnType<typeof unhandled>>
      try {
        fresh = await unhandled(all)
      } catch (error) {
        logger.error('notify: could not read which changes were handled', { error: describe(error) })
        return all.length > 0 ? { failedAt: 0 } : {}
      }
      const changes = fresh.map((f) => f.change)
      const effects = changes.map((change) => describeChange(change, site.url))
      // A slug's alarm follows its last change in the batch that says anything about it.
      const lastWord = new Map<string, number>()
      effects.forEach((e, i) => {
        if (e.dueAt !== undefined || e.wasScheduled) lastWord.set(e.slug, i)
      })
      let failedAt: number | undefined
      const near: { slug: string; dueAt: string; index: number }[] = []
      await Promise.all(
        [...lastWord.values()].map(async (index) => {
          const e = effects[index]
          if (e === undefined) return
          try {
            if (e.dueAt !== undefined && (await armOrWait(e.slug, e.dueAt)) === 'armed') return
            if (e.wasScheduled) await alarms.disarm(e.slug)
            if (e.dueAt !== undefined) near.push({ slug: e.slug, dueAt: e.dueAt, index })
          } catch (error) {
            logger.error('notify: could not set the due alarm', { slug: e.slug, error: describe(error) })
            failedAt = Math.min(failedAt ?? index, index)
          }
        }),
      )
      const done = effects.slice(0, failedAt ?? effects.length)
      try {
        await Promise.all([
          announce(done),
          ...near
            .filter((n) => failedAt === undefined || n.index < failedAt)
            .map((n) => handleDue(n.slug, n.dueAt)),
        ])
      } catch (error) {
        logger.error('notify: could not invalidate or announce the batch', { error: describe(error) })
        return fresh[0] !== undefined ? { failedAt: fresh[0].index } : {}
      }
      // The last version of each article whose change did anything: a replay of it does nothing.
      const handled = new Map<string, number>()
      done.forEach((e, i) => {
        const mark = fresh[i]?.mark
        const acted = e.event !== undefined || e.paths.length > 0 || e.dueAt !== undefined || e.wasScheduled
        if (mark !== undefined && acted)
          handled.set(mark.key, Math.max(mark.version, handled.get(mark.key) ?? 0))
      })
      await remember('change', handled)
      return failedAt === undefined ? {} : { failedAt: fresh[failedAt]?.index ?? failedAt }
    },
    handleDue,
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
