/**
 * What the notifier logs through: one message and structured fields. Powertools' `Logger` fits it
 * as it is, and so does {@link jsonNotifyLogger}.
 */
export interface NotifyLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void
  error(message: string, fields?: Readonly<Record<string, unknown>>): void
}

/** One JSON line per entry on stdout (info) or stderr (warn, error), as CloudWatch Logs takes them. */
export function jsonNotifyLogger(write: (line: string, level: string) => void = defaultWrite): NotifyLogger {
  const entry = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
    write(JSON.stringify({ level, msg: message, ...fields }), level)
  return { info: entry('info'), warn: entry('warn'), error: entry('error') }
}

function defaultWrite(line: string, level: string): void {
  if (level === 'info') console.log(line)
  else console.error(line)
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
