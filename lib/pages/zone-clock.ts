/**
 * The wall clock of an instant in an IANA time zone, through the runtime's `Intl` alone.
 *
 * The pages used luxon's `DateTime.fromISO(datetime, { zone })` for this one conversion; luxon is
 * about 70 KB of the public function's bundle, compiled at every cold start. This follows luxon's
 * rules step by step (which timestamps are valid, how the zone's offset is read from
 * `formatToParts`), so the pages stay byte-identical; `tests/pages/zone-clock.test.ts` compares the
 * two on generated instants and zones, and notices the day they differ.
 */

/** A wall-clock reading: the fields a page shows, and the zone's offset from UTC in minutes. */
export interface ZoneClock {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly offsetMinutes: number
}

/** An RFC 3339 timestamp (`T` and `Z` in either case, as luxon reads them). */
const timestamp =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,30}))?(?:([Zz])|([+-]\d{2}):(\d{2}))$/

/** `datetime` on the wall clock of `timeZone`; none when it names no real instant or the zone is unknown. */
export function zoneClock(datetime: string, timeZone: string): ZoneClock | undefined {
  const match = timestamp.exec(datetime)
  if (!match) return undefined
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction, , offsetHours, offsetMins] = match
  const fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: fraction === undefined ? 0 : Math.floor(Number.parseFloat(`0.${fraction}`) * 1000),
  }
  if (!isValidClock(fields)) return undefined
  const offset = offsetHours === undefined ? 0 : signedOffset(offsetHours, offsetMins ?? '0')
  const instant = utcFields(fields) - offset * 60_000
  const format = formatFor(timeZone)
  if (format === undefined) return undefined
  const offsetMinutes = zoneOffset(format, instant)
  if (Number.isNaN(offsetMinutes)) return undefined
  const local = new Date(instant + offsetMinutes * 60_000)
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    offsetMinutes,
  }
}

interface Fields {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
}

/** Luxon's ranges: months and days of the calendar, 24:00:00.000 as the end of a day, no leap second. */
function isValidClock({ year, month, day, hour, minute, second, millisecond }: Fields): boolean {
  const validHour =
    (hour >= 0 && hour <= 23) || (hour === 24 && minute === 0 && second === 0 && millisecond === 0)
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    validHour &&
    minute <= 59 &&
    second <= 59 &&
    millisecond <= 999
  )
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** `+hh` and `mm` as minutes east of UTC; `-00:30` is half an hour west. */
function signedOffset(hours: string, minutes: string): number {
  const h = Number.parseInt(hours, 10)
  const m = Number.parseInt(minutes, 10)
  return h * 60 + (h < 0 || Object.is(h, -0) ? -m : m)
}

/** The fields read as UTC; years 0–99 as themselves, not as 19xx. */
function utcFields({ year, month, day, hour, minute, second, millisecond }: Fields): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond)
  if (year >= 100) return ms
  const date = new Date(ms)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

/** One formatter, for the zone last asked (the site has one zone): a formatter is costly to build. */
let cached: { readonly timeZone: string; readonly format: Intl.DateTimeFormat } | undefined

function formatFor(timeZone: string): Intl.DateTimeFormat | undefined {
  if (cached?.timeZone === timeZone) return cached.format
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      hour12: false,
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    })
  } catch (error) {
    if (error instanceof RangeError) return undefined
    throw error
  }
  cached = { timeZone, format }
  return format
}

/** The zone's offset at `instant` in minutes, as luxon reads it: the zone's wall clock less the instant's second. */
function zoneOffset(format: Intl.DateTimeFormat, instant: number): number {
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return Number.NaN
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const { type, value } of format.formatToParts(date)) parts[type] = value
  const shown = Number.parseInt(parts.year ?? '', 10)
  const hour = Number.parseInt(parts.hour ?? '', 10)
  const wallClock = utcFields({
    year: parts.era === 'BC' ? -Math.abs(shown) + 1 : shown,
    month: Number.parseInt(parts.month ?? '', 10),
    day: Number.parseInt(parts.day ?? '', 10),
    hour: hour === 24 ? 0 : hour,
    minute: Number.parseInt(parts.minute ?? '', 10),
    second: Number.parseInt(parts.second ?? '', 10),
    millisecond: 0,
  })
  const over = instant % 1000
  const second = instant - (over >= 0 ? over : 1000 + over)
  return (wallClock - second) / 60_000
}
