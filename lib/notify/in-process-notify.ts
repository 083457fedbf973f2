import type { ArticleStore } from '../articles/article-store.ts'
import type { NotifySettings } from '../config.ts'
import type { Site } from '../site.ts'
import { isScheduledAt } from './change-effects.ts'
import { type ChangeHandler, createChangeHandler } from './change-handler.ts'
import { createNotifier } from './notifier.ts'
import type { NotifyLogger } from './notify-logger.ts'
import { notifyOnWrite } from './notify-on-write.ts'
import { createTimerAlarms, type TimerAlarms } from './timer-alarms.ts'

export interface InProcessNotifyOptions {
  /** The store both apps use; writes through the returned store are announced. */
  readonly store: ArticleStore
  readonly site: Site
  readonly settings: NotifySettings
  readonly logger: NotifyLogger
  readonly clock?: () => Date
  /** Retry waits after the first attempt (tests shorten them). */
  readonly retryDelaysMs?: readonly number[]
}

export interface InProcessNotify {
  /** `store`, announcing each write once it is stored. */
  readonly store: ArticleStore
  readonly handler: ChangeHandler
  readonly alarms: TimerAlarms
  /** Clears the alarms, stops retries and waits for deliveries in flight to end. */
  close(): Promise<void>
}

/**
 * The deployed notifier's code path in-process, for `npm start`: a store decorator instead of the
 * DynamoDB stream, timers instead of EventBridge Scheduler, no CDN to invalidate. Alarms are set at
 * start for the articles already scheduled, so a restart loses no announcement.
 */
export async function startInProcessNotify(options: InProcessNotifyOptions): Promise<InProcessNotify> {
  const { store, site, settings, logger } = options
  const clock = options.clock ?? (() => new Date())
  const notifier = createNotifier({
    site,
    websubHubs: settings.websubHubs,
    webhookUrls: settings.webhookUrls,
    ...(settings.webhookSecret !== undefined ? { webhookSecret: settings.webhookSecret } : {}),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    logger,
    clock,
  })
  const report = (what: string) => (error: unknown) =>
    logger.error(`notify: ${what} failed`, { error: error instanceof Error ? error.message : String(error) })
  const alarms = createTimerAlarms(
    (slug, dueAt) => void handler.handleDue(slug, dueAt).catch(report('announcing a due article')),
    () => clock().getTime(),
  )
  const handler = createChangeHandler({ store, site, clock, notifier, alarms, logger })
  const pending = new Set<Promise<unknown>>()
  const decorated = notifyOnWrite(
    store,
    (change) => {
      const running = handler.handleChanges([change]).catch(report('announcing a change'))
      pending.add(running)
      void running.finally(() => pending.delete(running))
    },
    report('announcing a change'),
    (changes) => {
      // A batch of creates (the bulk endpoint): one announcement, as a stream batch gets on AWS.
      const running = handler.handleChanges(changes).catch(report('announcing a batch'))
      pending.add(running)
      void running.finally(() => pending.delete(running))
    },
  )
  await armScheduled(store, alarms, clock().getTime())
  return {
    store: decorated,
    handler,
    alarms,
    async close() {
      alarms.close()
      await notifier.close()
      await Promise.allSettled([...pending])
    },
  }
}

/** Sets an alarm for every published article not yet due. Once, at start: it pages through them all. */
async function armScheduled(store: ArticleStore, alarms: TimerAlarms, nowMs: number): Promise<void> {
  let cursor: string | undefined
  do {
    const page = await store.listByStatus({
      status: 'published',
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    })
    for (const article of page.items) {
      if (isScheduledAt(article, nowMs) && article.publishedAt !== undefined) {
        await alarms.arm(article.slug, article.publishedAt)
      }
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
}
