import type { NotifyLogger } from '../../lib/notify/notify-logger.ts'

/** A notifier logger that keeps every line it is given, for tests to read. */
export function recordingLogger() {
  const lines: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = []
  const entry =
    (level: string) =>
    (message: string, fields: Readonly<Record<string, unknown>> = {}) => {
      lines.push({ level, message, fields })
    }
  const logger: NotifyLogger = { info: entry('info'), warn: entry('warn'), error: entry('error') }
  return { logger, lines }
}
