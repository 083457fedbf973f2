import type { AppLogger } from './app-deps.ts'

/**
 * An `AppLogger` that writes one JSON object per line, the shape CloudWatch Logs Insights reads
 * without a parse step. It logs only what it is handed: method, path, status, duration and request
 * id per request, and an error's name, message and stack; never a header or a body, so never a token.
 *
 * @param write receives each line without its newline; stdout by default (Lambda ships it to CloudWatch).
 */
export function createJsonLogger(
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): AppLogger {
  return {
    request(entry) {
      write(
        JSON.stringify({
          level: 'info',
          msg: 'request',
          method: entry.method,
          path: entry.path,
          status: entry.status,
          durationMs: entry.durationMs,
          requestId: entry.requestId,
        }),
      )
    },
    error(error, context) {
      write(
        JSON.stringify({
          level: 'error',
          msg: 'unhandled error',
          ...describeError(error),
          method: context.method,
          path: context.path,
          requestId: context.requestId,
        }),
      )
    },
  }
}

function describeError(error: unknown): { name: string; message: string; stack?: string; cause?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) }
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : undefined
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(cause === undefined ? {} : { cause }),
  }
}
