import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { num } from './format.ts'
import { resultsUrl } from './results.ts'

/*
 * `npx tsx bench/capacity.ts`: the capacity and cost tables of docs/capacity.md, derived from the
 * per-request figures in bench/results.json and the assumptions below. Prints Markdown.
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
  /** Feed-cache entries a warm instance keeps busy: the site feed, a few category feeds, the home page. */
  hotEntriesPerInstance: 5,
  /** The feed cache's backstop (`FeedPages` maxAgeMs): a busy entry is re-read at least this often. */
  backstopSeconds: 60,
  /** DynamoDB round trip from Lambda in the same region. */
  dynamoRttMs: 5,
  /** Lambda gives one full vCPU at 1,769 MB, and CPU in proportion to memory below that. */
  fullVcpuMb: 1769,
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
}

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
}

/** The measured inputs taken from bench/results.json. */
export interface Measured {
  readonly source: string
  readonly cachedRcu: number
  readonly notModifiedRcu: number
  readonly uncachedRcu: number
  readonly publishWcu: number
  readonly cachedCpuMs: number
  readonly uncachedCpuMs: number
  readonly feedGzipBytes: number
  readonly memoryMb: number
  readonly memorySource: string
}

export function readMeasured(): Measured {
  const data: unknown = JSON.parse(readFileSync(resultsUrl, 'utf8'))
  const stackUrl = new URL('../cdk/feed-stack.ts', import.meta.url)
  const stackMemory = existsSync(stackUrl)
    ? /memorySize:\s*(\d+)/.exec(readFileSync(stackUrl, 'utf8'))?.[1]
    : undefined
  return {
    source: `bench/results.json of ${text(data, 'machine.date')} on ${text(data, 'machine.cpu')} (${number(data, 'machine.cores')} cores, Node ${text(data, 'machine.node')}, load average ${num(number(data, 'machine.loadAverageAtStart'), 1)} at start)`,
    cachedRcu: number(data, 'storeCost.cachedFeed.rcuBilled'),
    notModifiedRcu: number(data, 'storeCost.notModified.rcuBilled'),
    uncachedRcu: number(data, 'storeCost.uncachedFeed.rcuBilled'),
    publishWcu: number(data, 'storeCost.publishWcuDynamoDb'),
    cachedCpuMs: Math.max(
      number(data, 'storeCost.timings.cachedFeed.cpuMs'),
      number(data, 'storeCost.timings.notModified.cpuMs'),
    ),
    uncachedCpuMs: number(data, 'storeCost.timings.uncachedFeed.cpuMs'),
    feedGzipBytes: number(data, 'storeCost.feedBytes.gzip'),
    memoryMb: stackMemory === undefined ? 512 : Number(stackMemory),
    memorySource: stackMemory === undefined ? 'assumed (no cdk/feed-stack.ts)' : 'cdk/feed-stack.ts',
  }
}

export interface Scenario {
  readonly subscribers: number
  readonly hitRatio: number
  readonly viewerRequests: number
  readonly originRequests: number
  readonly pageReads: number
  readonly gbSeconds: number
  readonly readUnits: number
  /** Read units with the proposed fix: a feed-state read reused for 1 s per instance and scope. */
  readonly readUnitsWithMemo: number
  readonly writeUnits: number
  readonly transferGb: number
  readonly cost: {
    readonly cloudFrontRequests: number
    readonly cloudFrontTransfer: number
    readonly lambda: number
    readonly dynamo: number
    readonly total: number
    readonly dynamoWithMemo: number
  }
  readonly peak: {
    readonly viewerRps: number
    readonly originRps: number
    readonly lambdaConcurrency: number
    /** RCU/s on the site feed-state item, which every origin request reads. */
    readonly feedStateRcu: number
    /** RCU/s on the `published` index partition in steady state, and in the burst after a publish. */
    readonly partitionRcu: number
    readonly partitionBurstRcu: number
  }
}

const secondsPerMonth = () => assumptions.daysPerMonth * 86_400

/** Lambda billed milliseconds of a feed request that costs `cpuMs` here and `roundTrips` store calls. */
export function billedMs(m: Measured, cpuMs: number, roundTrips: number): number {
  return Math.ceil(cpuMs * (assumptions.fullVcpuMb / m.memoryMb) + roundTrips * assumptions.dynamoRttMs)
}

export function scenario(m: Measured, subscribers: number, hitRatio: number): Scenario {
  const a = assumptions
  const month = secondsPerMonth()
  const viewerRequests = subscribers * (60 / a.pollMinutes) * 24 * a.daysPerMonth
  const originRequests = viewerRequests * (1 - hitRatio)
  const cachedMs = billedMs(m, m.cachedCpuMs, 1)
  const uncachedMs = billedMs(m, m.uncachedCpuMs, 2)
  const peakOriginRps = (originRequests / month) * a.peakFactor
  const warm = Math.max(1, Math.ceil((peakOriginRps * cachedMs) / 1000))
  const publishes = a.publishesPerDay * a.daysPerMonth
  // Each warm instance re-reads each busy entry after every publish and at least once a backstop.
  const pageReads = Math.min(
    originRequests,
    warm * a.hotEntriesPerInstance * (month / a.backstopSeconds + publishes),
  )
  const memoryGb = m.memoryMb / 1024
  const gbSeconds = (((originRequests - pageReads) * cachedMs + pageReads * uncachedMs) / 1000) * memoryGb
  const readUnits = (originRequests - pageReads) * m.cachedRcu + pageReads * m.uncachedRcu
  const meanWarm = Math.max(1, Math.ceil(((originRequests / month) * cachedMs) / 1000))
  const memoStateReads = Math.min(originRequests - pageReads, meanWarm * a.hotEntriesPerInstance * month)
  const readUnitsWithMemo = memoStateReads * m.cachedRcu + pageReads * m.uncachedRcu
  const writeUnits = publishes * m.publishWcu
  const unchanged = Math.exp(-(a.publishesPerDay * a.pollMinutes) / 1440)
  const transferGb =
    (viewerRequests *
      ((1 - unchanged) * (m.feedGzipBytes + a.headerBytes) + unchanged * a.notModifiedBytes)) /
    1e9
  const cost = {
    cloudFrontRequests: (viewerRequests / 10_000) * prices.cloudFrontPer10kHttpsRequests,
    cloudFrontTransfer: tieredTransfer(transferGb),
    lambda: (originRequests / 1e6) * prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaPerGbSecond,
    dynamo:
      (readUnits / 1e6) * prices.dynamoPerMillionReadUnits +
      (writeUnits / 1e6) * prices.dynamoPerMillionWriteUnits,
  }
  return {
    subscribers,
    hitRatio,
    viewerRequests,
    originRequests,
    pageReads,
    gbSeconds,
    readUnits,
    writeUnits,
    transferGb,
    readUnitsWithMemo,
    cost: {
      ...cost,
      total: Object.values(cost).reduce((x, y) => x + y, 0),
      dynamoWithMemo:
        (readUnitsWithMemo / 1e6) * prices.dynamoPerMillionReadUnits +
        (writeUnits / 1e6) * prices.dynamoPerMillionWriteUnits,
    },
    peak: {
      viewerRps: (viewerRequests / month) * a.peakFactor,
      originRps: peakOriginRps,
      lambdaConcurrency: (peakOriginRps * cachedMs) / 1000,
      feedStateRcu: peakOriginRps * m.cachedRcu,
      partitionRcu: (pageReads / month) * a.peakFactor * m.uncachedRcu,
      partitionBurstRcu: warm * m.uncachedRcu,
    },
  }
}

function tieredTransfer(gb: number): number {
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
 * Subscribers at which each limit is reached at peak, for a hit ratio: the per-subscriber origin
 * rate times the per-request cost, against the limit.
 */
export function saturation(m: Measured, hitRatio: number) {
  const a = assumptions
  const perSubscriberPeakOriginRps = (60 / a.pollMinutes / 3600) * a.peakFactor * (1 - hitRatio)
  const cachedMs = billedMs(m, m.cachedCpuMs, 1)
  return {
    feedStateItem: a.limits.partitionRcuPerSecond / (perSubscriberPeakOriginRps * m.cachedRcu),
    lambdaRequests: a.limits.lambdaRequestsPerSecond / perSubscriberPeakOriginRps,
    lambdaConcurrency: a.limits.lambdaConcurrency / (perSubscriberPeakOriginRps * (cachedMs / 1000)),
    cloudFront: a.limits.cloudFrontRequestsPerSecond / ((60 / a.pollMinutes / 3600) * a.peakFactor),
  }
}

export function capacityMarkdown(m: Measured): string {
  const a = assumptions
  const out: string[] = []
  out.push(`Inputs: ${m.source}.`)
  out.push('')
  out.push(
    `Per request, measured: cached feed or 304 ${num(Math.max(m.cachedRcu, m.notModifiedRcu), 2)} RCU and ${num(m.cachedCpuMs, 2)} ms CPU; uncached feed ${num(m.uncachedRcu, 1)} RCU and ${num(m.uncachedCpuMs, 2)} ms CPU; publish ≈ ${num(m.publishWcu, 1)} WCU; /rss.xml ${num(m.feedGzipBytes / 1024, 1)} KB gzip. Lambda ${m.memoryMb} MB (${m.memorySource}): a cached request bills ${billedMs(m, m.cachedCpuMs, 1)} ms, an uncached one ${billedMs(m, m.uncachedCpuMs, 2)} ms.`,
  )
  out.push('')
  const scenarios = a.subscribers.flatMap((s) => a.hitRatios.map((h) => scenario(m, s, h)))
  const label = (s: Scenario) => `${compact(s.subscribers)} @ ${hit(s.hitRatio)}`
  out.push('Per month:')
  out.push('')
  out.push(
    markdownTable(
      [
        'subscribers @ hit',
        'CloudFront req',
        'Lambda inv',
        'GB-s',
        'page reads',
        'RCU',
        'WCU',
        'transfer',
        'CF req $',
        'CF transfer $',
        'Lambda $',
        'DynamoDB $',
        'total $',
        'DynamoDB $ with memo',
      ],
      scenarios.map((s) => [
        label(s),
        compact(s.viewerRequests),
        compact(s.originRequests),
        compact(s.gbSeconds),
        compact(s.pageReads),
        compact(s.readUnits),
        compact(s.writeUnits),
        s.transferGb >= 1000 ? `${compact(s.transferGb / 1000)} TB` : `${compact(s.transferGb)} GB`,
        money(s.cost.cloudFrontRequests),
        money(s.cost.cloudFrontTransfer),
        money(s.cost.lambda),
        money(s.cost.dynamo),
        money(s.cost.total),
        money(s.cost.dynamoWithMemo),
      ]),
    ),
  )
  out.push('')
  out.push(`At peak (${a.peakFactor} × the mean rate), against the limits:`)
  out.push('')
  const withZero = a.subscribers.flatMap((s) => [0, ...a.hitRatios].map((h) => scenario(m, s, h)))
  out.push(
    markdownTable(
      [
        'subscribers @ hit',
        'viewer req/s',
        'origin req/s',
        'Lambda req/s (of 10,000)',
        'concurrency (of 1,000)',
        'feed-state item RCU/s (of 3,000)',
        '`P` partition RCU/s steady / after a publish (of 3,000)',
      ],
      withZero.map((s) => [
        label(s),
        num(s.peak.viewerRps),
        num(s.peak.originRps, s.peak.originRps < 10 ? 2 : 0),
        pct(s.peak.originRps / a.limits.lambdaRequestsPerSecond),
        `${num(s.peak.lambdaConcurrency, 1)} (${pct(s.peak.lambdaConcurrency / a.limits.lambdaConcurrency)})`,
        `${num(s.peak.feedStateRcu)} (${pct(s.peak.feedStateRcu / a.limits.partitionRcuPerSecond)})`,
        `${num(s.peak.partitionRcu)} / ${num(s.peak.partitionBurstRcu)}`,
      ]),
    ),
  )
  out.push('')
  out.push('Subscribers at which each limit is reached (at peak):')
  out.push('')
  out.push(
    markdownTable(
      [
        'hit ratio',
        'feed-state item 3,000 RCU/s',
        'Lambda 10,000 req/s',
        'Lambda 1,000 concurrent',
        'CloudFront 250,000 req/s',
      ],
      [0, ...a.hitRatios].map((h) => {
        const s = saturation(m, h)
        return [
          hit(h),
          compact(s.feedStateItem),
          compact(s.lambdaRequests),
          compact(s.lambdaConcurrency),
          compact(s.cloudFront),
        ]
      }),
    ),
  )
  return out.join('\n')
}

function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join(
    '\n',
  )
}

function compact(n: number): string {
  if (n >= 1e9) return `${num(n / 1e9, n >= 1e10 ? 0 : 1)} B`
  if (n >= 1e6) return `${num(n / 1e6, n >= 1e7 ? 0 : 1)} M`
  if (n >= 1e4) return `${num(n / 1e3, 0)} k`
  return num(n, n < 10 ? 1 : 0)
}

function money(n: number): string {
  return n < 10 ? num(n, 2) : num(n, 0)
}

function hit(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`
}

function pct(x: number): string {
  const p = x * 100
  return `${num(p, p < 1 ? 2 : p < 10 ? 1 : 0)}%`
}

function get(data: unknown, path: string): unknown {
  let value: unknown = data
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  }
  return value
}

function number(data: unknown, path: string): number {
  const value = get(data, path)
  if (typeof value !== 'number')
    throw new Error(`bench/results.json lacks the number ${path}: run npm run bench`)
  return value
}

function text(data: unknown, path: string): string {
  const value = get(data, path)
  if (typeof value !== 'string')
    throw new Error(`bench/results.json lacks the text ${path}: run npm run bench`)
  return value
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(capacityMarkdown(readMeasured()))
}
