import type { Logger } from '@aws-lambda-powertools/logger'
import type { Context } from 'aws-lambda'
import { type AppLogger, staleServedLogMessage } from '../lib/http/app-deps.ts'
import type { NotifyLogger } from '../lib/notify/notify-logger.ts'

/**
 * The share of answered requests (below 400) whose line is written. A request line is about 410
 * bytes: at CloudWatch's $0.50 per GB ingested that is $0.20 per million requests, as much as
 * Lambda's own request fee and twenty times the compute of a cached feed. The requests themselves
 * are all in CloudFront's access logs and Lambda's REPORT lines; what the function adds is a sample
 * of its own view, and every 4xx and 5xx, every stale serve and every error in full.
 */
export const defaultRequestSampleRate = 0.05

export interface AppLoggerOptions {
  /** 0 to 1; default {@link defaultRequestSampleRate}. */
  readonly requestSampleRate?: number
  /** A number in [0, 1); `Math.random` by default. */
  readonly random?: () => number
}

/**
 * The apps' `AppLogger` on Powertools Logger: JSON lines with level, timestamp, service, and, once
 * `withLogContext` has handed it the invocation, `function_request_id` and `cold_start`. The request
 * line adds one small object (method, path, status, duration); never a header or a body, so never a
 * token. Powertools stays out of lib/: the apps only know the interface.
 */
export function createAppLogger(logger: LogSink, options: AppLoggerOptions = {}): AppLogger {
  const rate = options.requestSampleRate ?? defaultRequestSampleRate
  const random = options.random ?? Math.random
  return {
    request(entry) {
      if (entry.status < 400 && random() >= rate) return
      logger.info('request', {
        method: entry.method,
        path: entry.path,
        status: entry.status,
        durationMs: entry.durationMs,
        ...(entry.status < 400 ? { sampleRate: rate } : {}),
      })
    },
    error(error, context) {
      // Powertools writes an Error as { name, location, message, stack, cause }.
      logger.error('unhandled error', {
        error: error instanceof Error ? error : new Error(String(error)),
        method: context.method,
        path: context.path,
      })
    },
    staleServed(entry) {
      logger.warn(staleServedLogMessage, { path: entry.path, ageSeconds: entry.ageSeconds })
    },
  }
}

/**
 * Hands each invocation's context to `logger` (request id, cold start) before `handler` runs, and
 * when `logger` is a {@link lazyLogger}, waits for the lines the invocation wrote before it answers:
 * Lambda freezes the process once the handler returns, so a line still loading its logger then
 * would wait for the next invocation, or be lost with the instance.
 */
export function withLogContext<E, R>(
  logger: Pick<LogSink, 'addContext'> & { readonly written?: () => Promise<void> },
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context)
    try {
      return await handler(event, context)
    } finally {
      await logger.written?.()
    }
  }
}

/** The notifier's `NotifyLogger` on Powertools Logger: one JSON line per entry, its fields at the top level. */
export function createNotifyLogger(logger: LogSink): NotifyLogger {
  const entry =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      if (fields === undefined) logger[level](message)
      else logger[level](message, { ...fields })
    }
  return { info: entry('info'), warn: entry('warn'), error: entry('error') }
}

/** What the functions use of a Powertools Logger: a {@link lazyLogger} or a Logger itself. */
export type LogSink = Pick<Logger, 'info' | 'warn' | 'error' | 'addContext'>

/** A {@link LogSink} whose lines may wait for their logger to load: `written` settles once they are out. */
export interface LazyLogSink extends LogSink {
  written(): Promise<void>
}

type Level = 'info' | 'warn' | 'error'
type LineInput = Parameters<Logger['info']>[0]
type LineExtra = Logger['info'] extends (input: LineInput, ...extra: infer X) => void ? X : never

/** Powertools Logger, from the chunk of its own the split bundle keeps it in (cdk/bundling.ts). */
async function loadPowertoolsLogger(): Promise<Logger> {
  const { Logger } = await import('@aws-lambda-powertools/logger')
  return new Logger()
}

/**
 * A Powertools Logger loaded and built on its first line instead of at the cold start. Its 20 KB
 * (minified, with its commons) are a chunk of the split bundle that Node neither reads nor compiles
 * until a line needs it, and its constructor (the environment, its formatter and attribute store, a
 * `Console` of its own) runs then too: the public function writes a line for 5 % of its answers
 * below 400, so most instances never load it (docs/benchmarks.md). Lines written while it loads
 * wait in order and are written by it with the context of their invocation; `withLogContext` waits
 * for them before the handler answers. The lines are the Logger's own: it is handed the
 * invocation's context when it is built, and one built after the first invocation does not claim
 * the cold start (tests/functions/app-logger.test.ts).
 */
export function lazyLogger(load: () => Promise<Logger> = loadPowertoolsLogger): LazyLogSink {
  let logger: Logger | undefined
  let loading: Promise<void> | undefined
  let context: Parameters<Logger['addContext']>[0] | undefined
  let invocations = 0
  const waiting: { readonly level: Level; readonly input: LineInput; readonly extra: LineExtra }[] = []
  const built = (created: Logger): void => {
    if (context !== undefined) {
      // Powertools reports a cold start on the first context it is handed; built after the
      // first invocation, it is handed one that takes the cold start away first.
      if (invocations > 1) created.addContext(context)
      created.addContext(context)
    }
    logger = created
    for (const line of waiting.splice(0)) created[line.level](line.input, ...line.extra)
  }
  const write =
    (level: Level) =>
    (input: LineInput, ...extra: LineExtra): void => {
      if (logger !== undefined) {
        logger[level](input, ...extra)
        return
      }
      waiting.push({ level, input, extra })
      loading ??= load().then(built, (error: unknown) => {
        // No logger: the lines still reach the log, as plain text, with why.
        loading = undefined
        for (const line of waiting.splice(0)) console.error(line.level, line.input, ...line.extra, error)
      })
    }
  return {
    addContext(next) {
      invocations += 1
      context = next
      logger?.addContext(next)
    },
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    written: async () => {
      await loading
    },
  }
}
