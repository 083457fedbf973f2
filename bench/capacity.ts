import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { num } from './format.ts'
import { lambdaMemoryMb } from './handler.ts'
import { resultsUrl } from './results.ts'

/*
 * `npx tsx bench/capacity.ts`: what a deployment costs a month and which limit it meets first, from
 * the measured figures in bench/results.json and the assumptions below; writes the tables into
 * docs/capacity.md (between its "generated" markers) and prints them. `npm run bench` runs it too.
 *
 * The model follows the product: a cached feed or a 304 reads nothing while the instance's memo of
 * the scope's feed state is fresh (1 s), one feed-state `GetItem` when it renews it, and a miss
 * reads the state and a page.
 */

/** Assumptions: every one is named in docs/capacity.md. */
export const assumptions = {
  pollMinutes: 15,
  daysPerMonth: 30,
  subscribers: [10_000, 1_000_000, 10_000_000],
  hitRatios: [0.9, 0.99, 0.999],
  publishesPerDay: 100,
  /** Peak request rate over the month's mean (pollers bunch up on the quarter hour). */
  peakFactor: 3,
  /** Feed scopes a warm instance keeps busy (the site feed and four categories), one hot page each. */
  hotScopesPerInstance: 5,
  /** The feed cache's backstop (`FeedPageCache` maxAgeMs): a busy entry is re-read at least this often. */
  backstopSeconds: 60,
  /** DynamoDB round trip from Lambda in the same region. */
  dynamoRttMs: 5,
  /** Lambda gives one full vCPU at 1,769 MB, and CPU in proportion to memory below that. */
  fullVcpuMb: 1769,
  memoryMb: lambdaMemoryMb,
  /** Response headers of a 200 and the whole of a 304, bytes. */
  headerBytes: 500,
  notModifiedBytes: 300,
  limits: {
    partitionRcuPerSecond: 3000,
    lambdaConcurrency: 1000,
    /** Lambda's invocation rate quota: 10 × the concurrency quota. */
    lambdaRequestsPerSecond: 10_000,
    cloudFrontRequestsPerSecond: 250_000,
  },
} as const

/** us-east-1 list prices assumed (USD); check the current price pages before relying on them. */
export const prices = {
  cloudFrontPer10kHttpsRequests: 0.01,
  /** Data transfer out to the internet (US/Europe), per GB, by monthly tier (TB upper bounds). */
  cloudFrontTransferTiers: [
    { uptoTb: 10, perGb: 0.085 },
    { uptoTb: 50, perGb: 0.08 },
    { uptoTb: 150, perGb: 0.06 },
    { uptoTb: 500, perGb: 0.04 },
    { uptoTb: 1024, perGb: 0.03 },
    { uptoTb: 5120, perGb: 0.025 },
    { uptoTb: Number.POSITIVE_INFINITY, perGb: 0.02 },
  ],
  lambdaPerMillionRequests: 0.2,
  /** Arm64, first pricing tier. */
  lambdaPerGbSecond: 0.0000133334,
  dynamoPerMillionReadUnits: 0.125,
  dynamoPerMillionWriteUnits: 0.625,
  /** CloudWatch Logs ingestion (standard class), per GB. */
  logsPerGb: 0.5,
} as const

/** The figures of bench/results.json the model uses. */
export interface Measured {
  readonly source: string
  /** Handler CPU of a cached feed 200 or 304 on the bench machine (the larger p50), ms. */
  readonly hitCpuMs: number
  /** Bench CPU of the request that renews the memo (one `GetItem`), and of a miss (state and page), ms. */
  readonly stateReadCpuMs: number
  readonly missCpuMs: number
  readonly feedStateReadRcu: number
  readonly uncachedRcu: number
  readonly publishWcu: number
  /** How long one feed-state read answers for its scope on an instance, seconds. */
  readonly memoSeconds: number
  readonly feedGzipBytes: number
  readonly logBytesPerRequest: number
}

const timing = z.object({ p50Ms: z.number() })
const handlerRow = z.object({ name: z.string(), product: timing })
const reading = z.object({ rcuBilled: z.number() })
const cpu = z.object({ cpuMs: z.number() })
const resultsSchema = z.object({
  machine: z.object({ date: z.string(), cpu: z.string(), cores: z.number(), node: z.string() }),
  settings: z.object({ feedStateMaxAgeMs: z.number() }),
  handler: z.object({ rows: z.array(handlerRow), logBytesPerRequest: z.number() }),
  storeCost: z.object({
    cachedFeedMemoExpired: reading,
    notModifiedMemoExpired: reading,
    uncachedFeed: reading,
    publishWcuDynamoDb: z.number(),
    feedBytes: z.object({ gzip: z.number() }),
    timings: z.object({ cachedFeedMemoExpired: cpu, notModifiedMemoExpired: cpu, uncachedFeed: cpu }),
  }),
})

/** The model's inputs from the bench's results (parsed, so a renamed field fails here, by name). */
export function measuredFrom(data: unknown): Measured {
  const r = resultsSchema.parse(data)
  const handlerP50 = (name: string) => {
    const row = r.handler.rows.find((h) => h.name === name)
    if (!row) throw new Error(`bench/results.json has no handler row "${name}": run npm run bench`)
    return row.product.p50Ms
  }
  const s = r.storeCost
  return {
    source: `bench/results.json of ${r.machine.date} on ${r.machine.cpu} (${r.machine.cores} cores, Node ${r.machine.node})`,
    hitCpuMs: Math.max(handlerP50('cached feed 200'), handlerP50('304 revalidation')),
    stateReadCpuMs: Math.max(s.timings.cachedFeedMemoExpired.cpuMs, s.timings.notModifiedMemoExpired.cpuMs),
    missCpuMs: s.timings.uncachedFeed.cpuMs,
    feedStateReadRcu: Math.max(s.cachedFeedMemoExpired.rcuBilled, s.notModifiedMemoExpired.rcuBilled),
    uncachedRcu: s.uncachedFeed.rcuBilled,
    publishWcu: s.publishWcuDynamoDb,
    memoSeconds: r.settings.feedStateMaxAgeMs / 1000,
    feedGzipBytes: s.feedBytes.gzip,
    logBytesPerRequest: r.handler.logBytesPerRequest,
  }
}

/** Lambda billed milliseconds of a request that takes `cpuMs` here and makes `roundTrips` store calls. */
export function billedMs(cpuMs: number, roundTrips: number): number {
  const a = assumptions
  return Math.max(1, Math.ceil(cpuMs * (a.fullVcpuMb / a.memoryMb) + roundTrips * a.dynamoRttMs))
}

/**
 * Billed ms of the three kinds of origin request: a hit while the memo is fresh (no round trip), the
 * hit that renews the memo (one `GetItem`), a miss (the state and a page). The CPU is scaled to the
 * function's share of a vCPU: conservative, since a short burst often runs at full speed.
 */
export function durations(m: Measured) {
  return {
    hitMs: billedMs(m.hitCpuMs, 0),
    stateReadMs: billedMs(m.stateReadCpuMs, 1),
    missMs: billedMs(m.missCpuMs, 2),
  }
}

export interface Peak {
  readonly viewerRps: number
  readonly originRps: number
  readonly lambdaConcurrency: number
  /** Warm instances: the concurrency, rounded up. */
  readonly warm: number
  /** RCU/s on one feed-state item: at most one read per memo window per warm instance. */
  readonly feedStateRcu: number
  /** RCU/s on the `published` index partition `P` in steady state, and in the second after a publish. */
  readonly partitionRcu: number
  readonly partitionBurstRcu: number
}

/** Reads per second at an origin rate with `warm` instances each keeping its hot scopes. */
function readRates(m: Measured, warm: number, originRps: number) {
  const a = assumptions
  const pageRps = Math.min(
    originRps,
    warm * a.hotScopesPerInstance * (1 / a.backstopSeconds + a.publishesPerDay / 86_400),
  )
  const stateReadRps = Math.min(originRps - pageRps, (warm * a.hotScopesPerInstance) / m.memoSeconds)
  return { pageRps, stateReadRps, hitRps: originRps - pageRps - stateReadRps }
}

/**
 * The load at a peak origin rate. The reads grow with the warm instances, which grow with the
 * reads: iterated from the all-hits concurrency upwards.
 */
export function peakAt(m: Measured, viewerRps: number, originRps: number): Peak {
  const d = durations(m)
  let warm = Math.max(1, Math.ceil((originRps * d.hitMs) / 1000))
  let concurrency = 0
  let rates = readRates(m, warm, originRps)
  for (let i = 0; i < 100; i++) {
    rates = readRates(m, warm, originRps)
    concurrency =
      (rates.hitRps * d.hitMs + rates.stateReadRps * d.stateReadMs + rates.pageRps * d.missMs) / 1000
    const next = Math.max(1, Math.ceil(concurrency))
    if (next <= warm) break
    warm = next
  }
  return {
    viewerRps,
    originRps,
    lambdaConcurrency: concurrency,
    warm,
    feedStateRcu: Math.min(originRps, warm / m.memoSeconds) * m.feedStateReadRcu,
    partitionRcu: rates.pageRps * m.uncachedRcu,
    partitionBurstRcu: Math.min(originRps, warm) * m.uncachedRcu,
  }
}

export interface Month {
  readonly subscribers: number
  readonly hitRatio: number
  readonly viewerRequests: number
  readonly originRequests: number
  readonly pageReads: number
  readonly feedStateReads: number
  readonly gbSeconds: number
  readonly readUnits: number
  readonly writeUnits: number
  readonly transferGb: number
  readonly logGb: number
  readonly cost: {
    readonly cloudFrontRequests: number
    readonly cloudFrontTransfer: number
    readonly lambda: number
    readonly dynamo: number
    readonly logs: number
    readonly total: number
  }
  readonly peak: Peak
}

/** A month of `subscribers` polling every `pollMinutes`, CloudFront answering `hitRatio` of them. */
export function month(m: Measured, subscribers: number, hitRatio: number): Month {
  const a = assumptions
  const seconds = a.daysPerMonth * 86_400
  const d = durations(m)
  const viewerRequests = (subscribers * 60 * 24 * a.daysPerMonth) / a.pollMinutes
  const originRequests = viewerRequests * (1 - hitRatio)
  const peak = peakAt(m, (viewerRequests / seconds) * a.peakFactor, (originRequests / seconds) * a.peakFactor)
  // Billed as if the peak's warm instances were busy all month: the reads are upper bounds.
  const rates = readRates(m, peak.warm, originRequests / seconds)
  const pageReads = rates.pageRps * seconds
  const feedStateReads = rates.stateReadRps * seconds
  const hits = rates.hitRps * seconds
  const gbSeconds =
    ((hits * d.hitMs + feedStateReads * d.stateReadMs + pageReads * d.missMs) / 1000) * (a.memoryMb / 1024)
  const readUnits = feedStateReads * m.feedStateReadRcu + pageReads * m.uncachedRcu
  const writeUnits = a.publishesPerDay * a.daysPerMonth * m.publishWcu
  // The share of polls that find the feed unchanged since the poller's last visit: a 304.
  const unchanged = Math.exp(-(a.publishesPerDay * a.pollMinutes) / 1440)
  const transferGb =
    (viewerRequests *
      ((1 - unchanged) * (m.feedGzipBytes + a.headerBytes) + unchanged * a.notModifiedBytes)) /
    1e9
  const logGb = (originRequests * m.logBytesPerRequest) / 1e9
  const cost = {
    cloudFrontRequests: (viewerRequests / 10_000) * prices.cloudFrontPer10kHttpsRequests,
    cloudFrontTransfer: tieredTransfer(transferGb),
    lambda: (originRequests / 1e6) * prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaPerGbSecond,
    dynamo:
      (readUnits / 1e6) * prices.dynamoPerMillionReadUnits +
      (writeUnits / 1e6) * prices.dynamoPerMillionWriteUnits,
    logs: logGb * prices.logsPerGb,
  }
  const total = Object.values(cost).reduce((x, y) => x + y, 0)
  return {
    subscribers,
    hitRatio,
    viewerRequests,
    originRequests,
    pageReads,
    feedStateReads,
    gbSeconds,
    readUnits,
    writeUnits,
    transferGb,
    logGb,
    cost: { ...cost, total },
    peak,
  }
}

export function tieredTransfer(gb: number): number {
  let cost = 0
  let lowerGb = 0
  for (const tier of prices.cloudFrontTransferTiers) {
    const upperGb = tier.uptoTb * 1024
    if (gb > lowerGb) cost += (Math.min(gb, upperGb) - lowerGb) * tier.perGb
    lowerGb = upperGb
  }
  return cost
}

/**
 * Subscribers at which each limit is reached at peak for a hit ratio, each as if the others had
 * been raised: bisection over the subscriber count, since the warm instances are not linear in it.
 */
export function saturation(m: Measured, hitRatio: number) {
  const limits = assumptions.limits
  const reached = (over: (p: Peak) => boolean): number => {
    let lo = 1
    let hi = 1e13
    if (!over(month(m, hi, hitRatio).peak)) return Number.POSITIVE_INFINITY
    while (hi / lo > 1.001) {
      const mid = Math.sqrt(lo * hi)
      if (over(month(m, mid, hitRatio).peak)) hi = mid
      else lo = mid
    }
    return hi
  }
  return {
    lambdaRequests: reached((p) => p.originRps >= limits.lambdaRequestsPerSecond),
    partitionBurst: reached((p) => p.partitionBurstRcu >= limits.partitionRcuPerSecond),
    lambdaConcurrency: reached((p) => p.lambdaConcurrency >= limits.lambdaConcurrency),
    feedStateItem: reached((p) => p.feedStateRcu >= limits.partitionRcuPerSecond),
    cloudFront: reached((p) => p.viewerRps >= limits.cloudFrontRequestsPerSecond),
  }
}

/** The tables of docs/capacity.md. */
export function capacityMarkdown(m: Measured): string {
  const a = assumptions
  const d = durations(m)
  const months = a.subscribers.flatMap((s) => a.hitRatios.map((h) => month(m, s, h)))
  const label = (s: Month) => `${compact(s.subscribers)} @ ${percent(s.hitRatio)}`
  return [
    `Inputs: ${m.source}. A cached feed or 304 takes ${num(m.hitCpuMs * 1000)} µs of CPU through the handler and bills ${d.hitMs} ms at ${a.memoryMb} MB; the request that renews the ${num(m.memoSeconds)} s feed-state memo ${d.stateReadMs} ms (${num(m.feedStateReadRcu, 1)} RCU); a miss ${d.missMs} ms (${units(m.uncachedRcu)} RCU); a publish ≈ ${units(m.publishWcu)} WCU; /rss.xml ${num(m.feedGzipBytes / 1024, 1)} KB gzip; the request log ${num(m.logBytesPerRequest)} B per invocation.`,
    '',
    'Per month (reads and the transfer are upper bounds; dollars at the prices above):',
    '',
    markdownTable(
      [
        'subscribers @ hit',
        'origin req',
        'GB-s',
        'RCU',
        'transfer',
        'CloudFront $',
        'Lambda $',
        'DynamoDB $',
        'logs $',
        'total $',
      ],
      months.map((s) => [
        label(s),
        compact(s.originRequests),
        compact(s.gbSeconds),
        compact(s.readUnits),
        s.transferGb >= 1000 ? `${compact(s.transferGb / 1000)} TB` : `${compact(s.transferGb)} GB`,
        money(s.cost.cloudFrontRequests + s.cost.cloudFrontTransfer),
        money(s.cost.lambda),
        money(s.cost.dynamo),
        money(s.cost.logs),
        money(s.cost.total),
      ]),
    ),
    '',
    'Subscribers at which each limit is reached at peak (each as if the others had been raised):',
    '',
    markdownTable(
      [
        'hit ratio',
        'Lambda 10,000 req/s',
        '`P` 3,000 RCU/s after a publish',
        'Lambda 1,000 concurrent',
        'feed-state item 3,000 RCU/s',
        'CloudFront 250,000 req/s',
      ],
      [0, ...a.hitRatios].map((h) => {
        const s = saturation(m, h)
        return [
          percent(h),
          compact(s.lambdaRequests),
          compact(s.partitionBurst),
          compact(s.lambdaConcurrency),
          compact(s.feedStateItem),
          compact(s.cloudFront),
        ]
      }),
    ),
  ].join('\n')
}

const begin = '<!-- generated by `npx tsx bench/capacity.ts` from bench/results.json: do not edit by hand -->'
const end = '<!-- end of generated tables -->'

/** `doc` with the text between its markers replaced by `tables`. */
export function withTables(doc: string, tables: string): string {
  const from = doc.indexOf(begin)
  const to = doc.indexOf(end)
  if (from < 0 || to < from) throw new Error('docs/capacity.md lacks the generated-tables markers')
  return `${doc.slice(0, from + begin.length)}\n\n${tables}\n\n${doc.slice(to)}`
}

export const capacityDocUrl = new URL('../docs/capacity.md', import.meta.url)

/** Rewrites the generated tables of docs/capacity.md from bench/results.json; returns them. */
export function writeCapacityDoc(): string {
  const tables = capacityMarkdown(measuredFrom(JSON.parse(readFileSync(resultsUrl, 'utf8'))))
  writeFileSync(capacityDocUrl, withTables(readFileSync(capacityDocUrl, 'utf8'), tables))
  return tables
}

function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join(
    '\n',
  )
}

function compact(n: number): string {
  if (!Number.isFinite(n)) return 'never'
  if (n === 0) return '0'
  for (const [unit, size] of [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
  ] as const) {
    if (n >= size) return `${num(n / size, n >= 10 * size ? 0 : 1)} ${unit}`
  }
  if (n >= 1e4) return `${num(n / 1e3, 0)} k`
  return num(n, n < 10 ? 1 : 0)
}

/** Capacity units: whole when they are, else one decimal. */
function units(n: number): string {
  return num(n, Number.isInteger(n) ? 0 : 1)
}

function money(n: number): string {
  return n < 10 ? num(n, 2) : num(n, 0)
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(writeCapacityDoc())
}
