import { Logger } from '@aws-lambda-powertools/logger'
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

/** Hands each invocation's context to `logger` (request id, cold start) before `handler` runs. */
export function withLogContext<E, R>(
  logger: Pick<LogSink, 'addContext'>,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    logger.addContext(context)
    return handler(event, context)
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

/**
 * A Powertools Logger built on its first line instead of at the cold start. Its constructor reads
 * the environment, sets up its formatter and attribute store, and makes a `Console` of its own on
 * stdout and stderr, and no option skips that (`POWERTOOLS_DEV` would write through the global
 * console instead): 1–2 ms of an import of about 100 ms, side by side (docs/benchmarks.md), spent
 * by every instance, though the public function writes a line for 5 % of the answers below 400.
 * The lines are the Logger's own: it is handed the invocation's context when it is built, and one
 * built after the first invocation does not claim the cold start (tests/functions/app-logger.test.ts).
 */
export function lazyLogger(create: () => Logger = () => new Logger()): LogSink {
  let logger: Logger | undefined
  let context: Parameters<Logger['addContext']>[0] | undefined
  let invocations = 0
  const built = (): Logger => {
    if (logger === undefined) {
      logger = create()
      if (context !== undefined) {
        // Powertools reports a cold start on the first context it is handed; built after the
        // first invocation, it is handed one that takes the cold start away first.
        if (invocations > 1) logger.addContext(context)
        logger.addContext(context)
      }
    }
    return logger
  }
  return {
    addContext(next) {
      invocations += 1
      context = next
      logger?.addContext(next)
    },
    info: (input, ...extra) => built().info(input, ...extra),
    warn: (input, ...extra) => built().warn(input, ...extra),
    error: (input, ...extra) => built().error(input, ...extra),
  }
}
