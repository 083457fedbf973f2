import cliProgress from 'cli-progress'
import type { CliOutput } from './cli-io.ts'

/** Where a long run shows how far it is: a bar on a terminal, a plain line every few seconds elsewhere. */
export interface Progress {
  /** A message that must not be lost under the bar (a skipped item). */
  log(line: string): void
  /** `done` of the total so far, with counts such as `3 imported, 1 skipped`. */
  update(done: number, counts: string): void
  stop(): void
}

export interface ProgressOptions {
  readonly label: string
  readonly total: number
  /** Off (--no-progress): only the logged lines. */
  readonly enabled: boolean
  readonly now?: () => number
}

const plainIntervalMs = 2000

export function startProgress(out: CliOutput, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now
  const started = now()
  const rate = (done: number) => {
    const perSecond = done / Math.max((now() - started) / 1000, 0.001)
    return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1)
  }
  if (!options.enabled || options.total === 0) {
    return { log: (line) => out.write(`${line}\n`), update: () => {}, stop: () => {} }
  }
  if (out.isTTY !== true) return plainProgress(out, options, now, rate)

  const bars = new cliProgress.MultiBar(
    {
      stream: out,
      format: `${options.label} [{bar}] {value}/{total} | {rate}/s | {counts} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 100,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  )
  const bar = bars.create(options.total, 0, { rate: '0', counts: '' })
  return {
    log: (line) => bars.log(`${line}\n`),
    update: (done, counts) => bar.update(done, { rate: rate(done), counts }),
    stop: () => bars.stop(),
  }
}

/** Not a terminal (a log, CI): a line when something happened and a few seconds went by, none in between. */
function plainProgress(
  out: CliOutput,
  options: ProgressOptions,
  now: () => number,
  rate: (done: number) => string,
): Progress {
  let last = now()
  const line = (done: number, counts: string) =>
    `${options.label}: ${done}/${options.total} (${Math.floor((done / options.total) * 100)}%), ${rate(done)}/s: ${counts}`
  return {
    log: (text) => out.write(`${text}\n`),
    update(done, counts) {
      // The last one is the summary's to tell.
      if (now() - last < plainIntervalMs || done === options.total) return
      last = now()
      out.write(`${line(done, counts)}\n`)
    },
    stop: () => {},
  }
}
