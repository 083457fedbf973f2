/**
 * What the notifier logs through: one message and structured fields. On Lambda it is Powertools'
 * `Logger` (`createNotifyLogger` in functions/app-logger.ts); under `npm start`, {@link lineNotifyLogger}.
 */
export interface NotifyLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void
  error(message: string, fields?: Readonly<Record<string, unknown>>): void
}

/** One readable line per entry, for a terminal (`npm start`): `notify: delivered kind=websub …`. */
export function lineNotifyLogger(write: (line: string) => void = console.log): NotifyLogger {
  const entry = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    const details = Object.entries(fields ?? {}).map(([key, value]) => `${key}=${String(value)}`)
    write(
      [level === 'info' ? '' : `${level.toUpperCase()} `, message, ...details.map((d) => ` ${d}`)].join(''),
    )
  }
  return { info: entry('info'), warn: entry('warn'), error: entry('error') }
}

/** Logs nothing: for callers that have no log. */
export const silentNotifyLogger: NotifyLogger = { info() {}, warn() {}, error() {} }
