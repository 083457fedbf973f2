import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { num } from './format.ts'
import { resultsUrl } from './results.ts'

/*
 * `npx tsx bench/capacity.ts`: the capacity and cost tables of docs/capacity.md, derived from the
 * per-request figures in bench/results.json and the assumptions below. Prints Markdown.
 *
 * The model follows the product: the public function's store is wrapped in `memoizeFeedStates`, so
 * an instance reads each scope's feed state (the site feed, or one category) at most once per
 * memo window (1 s) and answers every other cached feed or 304 from memory, with no store call.
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
  /**
   * Feed scopes a warm instance keeps busy, each with one hot cache entry (its first page): the site
   * feed (which the home page shares) and four category feeds. Each costs a feed-state read per memo
   * window, and a page read after every publish and at least once a backstop.
   */
  hotScopesPerInstance: 5,
  /** The feed cache's backstop (`FeedPageCache` maxAgeMs): a busy entry is re-read at least this often. */
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

/** One request type of the bench's store-cost section. */
export interface RequestCost {
  readonly rcuBilled: number
  readonly wcu: number
  /** Calls per request by DynamoDB operation. */
  readonly calls: Readonly<Record<string, number>>
  readonly medianMs: number
  readonly cpuMs: number
}

const requestTypes = [
  ['cachedFeed', 'cached feed 200, memo fresh (the common case)'],
  ['cachedFeedMemoExpired', 'cached feed 200, first after the memo ran out'],
  ['notModified', '304 revalidation, memo fresh'],
  ['notModifiedMemoExpired', '304, first after the memo ran out'],
  ['uncachedFeed', 'uncached feed (an instance-cache miss)'],
  ['uncachedCategoryFeed', 'uncached category feed'],
  ['articlePage', 'article page'],
  ['publish', 'publish (POST)'],
] as const

type RequestType = (typeof requestTypes)[number][0]

/** The measured inputs taken from bench/results.json. */
export interface Measured {
  readonly source: string
  readonly requests: Readonly<Record<RequestType, RequestCost>>
  /** A cached feed or 304 while the instance's feed-state memo is fresh: no store call. */
  readonly cachedRcu: number
  readonly notModifiedRcu: number
  /** One feed-state read, what the first cached feed or 304 after the memo's window pays. */
  readonly feedStateReadRcu: number
  /** How long one feed-state read answers for its scope on an instance, seconds. */
  readonly memoSeconds: number
  readonly uncachedRcu: number
  readonly publishWcu: number
  readonly cachedCpuMs: number
  readonly feedStateReadCpuMs: number
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
  const requests = Object.fromEntries(
    requestTypes.map(([type]) => [type, requestCost(data, type)]),
  ) as Record<RequestType, RequestCost>
  return {
    source: `bench/results.json of ${text(data, 'machine.date')} on ${text(data, 'machine.cpu')} (${number(data, 'machine.cores')} cores, Node ${text(data, 'machine.node')}, load average ${num(number(data, 'machine.loadAverageAtStart'), 1)} at start)`,
    requests,
    cachedRcu: requests.cachedFeed.rcuBilled,
    notModifiedRcu: requests.notModified.rcuBilled,
    feedStateReadRcu: Math.max(
      requests.cachedFeedMemoExpired.rcuBilled,
      requests.notModifiedMemoExpired.rcuBilled,
    ),
    memoSeconds: number(data, 'settings.feedStateMaxAgeMs') / 1000,
    uncachedRcu: requests.uncachedFeed.rcuBilled,
    publishWcu: number(data, 'storeCost.publishWcuDynamoDb'),
    cachedCpuMs: Math.max(requests.cachedFeed.cpuMs, requests.notModified.cpuMs),
    feedStateReadCpuMs: Math.max(requests.cachedFeedMemoExpired.cpuMs, requests.notModifiedMemoExpired.cpuMs),
    uncachedCpuMs: requests.uncachedFeed.cpuMs,
    feedGzipBytes: number(data, 'storeCost.feedBytes.gzip'),
    memoryMb: stackMemory === undefined ? 512 : Number(stackMemory),
    memorySource: stackMemory === undefined ? 'assumed (no cdk/feed-stack.ts)' : 'cdk/feed-stack.ts',
  }
}

function requestCost(data: unknown, type: RequestType): RequestCost {
  const operations = get(data, `storeCost.${type}.operations`)
  const calls: Record<string, number> = {}
  if (typeof operations === 'object' && operations !== null) {
    for (const name of Object.keys(operations)) {
      calls[name] = number(data, `storeCost.${type}.operations.${name}.calls`)
    }
  }
  return {
    rcuBilled: number(data, `storeCost.${type}.rcuBilled`),
    wcu: number(data, `storeCost.${type}.wcu`),
    calls,
    medianMs: number(data, `storeCost.timings.${type}.medianMs`),
    cpuMs: number(data, `storeCost.timings.${type}.cpuMs`),
  }
}

/** Billed milliseconds of the three kinds of origin request. */
export interface Durations {
  /** A cached feed or 304 while the memo is fresh: measured CPU, no round trip. */
  readonly hitMs: number
  /** The cached feed or 304 that renews the memo: one `GetItem` of the feed state. */
  readonly stateReadMs: number
  /** An instance-cache miss: the feed state and a page `Query`. */
  readonly missMs: number
}

/** Lambda billed milliseconds of a feed request that costs `cpuMs` here and `roundTrips` store calls. */
export function billedMs(m: Measured, cpuMs: number, roundTrips: number): number {
  return Math.ceil(cpuMs * (assumptions.fullVcpuMb / m.memoryMb) + roundTrips * assumptions.dynamoRttMs)
}

/**
 * Conservative on purpose: the bench CPU of a request includes the bench's own fetch client and the
 * Node server's socket work, which a Lambda invocation does not do (the runtime hands it an event);
 * a hit inside the memo's window is billed that CPU, scaled to the function's share of a vCPU, and
 * no round trip. The request that renews the memo is billed its own measured CPU (the SDK call
 * costs CPU too) and one round trip, a miss its CPU and two.
 */
export function durations(m: Measured): Durations {
  return {
    hitMs: billedMs(m, m.cachedCpuMs, 0),
    stateReadMs: billedMs(m, m.feedStateReadCpuMs, 1),
    missMs: billedMs(m, m.uncachedCpuMs, 2),
  }
}

export interface Peak {
  readonly viewerRps: number
  readonly originRps: number
  /** Origin requests per second that read a page (instance-cache misses). */
  readonly pageRps: number
  /** Origin requests per second that find their page cached and renew a feed-state memo (0.5 RCU). */
  readonly stateReadRps: number
  readonly lambdaConcurrency: number
  /** Warm instances: the concurrency, rounded up. */
  readonly warm: number
  /** RCU/s on one feed-state item (`FEED#site`): at most one read per memo window per warm instance. */
  readonly feedStateRcu: number
  /** RCU/s on the `published` index partition `P` in steady state, and in the second after a publish. */
  readonly partitionRcu: number
  readonly partitionBurstRcu: number
}

/**
 * The load at a peak origin rate. Concurrency depends on how many requests read the store, which
 * depends on how many instances are warm (each renews its memo per scope once a window and re-reads
 * its pages once a backstop), so it is found by iterating from the all-hits figure upwards.
 */
export function peakAt(m: Measured, viewerRps: number, originRps: number): Peak {
  const a = assumptions
  const d = durations(m)
  const publishesPerSecond = a.publishesPerDay / 86_400
  let warm = Math.max(1, Math.ceil((originRps * d.hitMs) / 1000))
  let rates = { pageRps: 0, stateReadRps: 0, concurrency: 0 }
  for (let i = 0; i < 100; i++) {
    const pageRps = Math.min(
      originRps,
      warm * a.hotScopesPerInstance * (1 / a.backstopSeconds + publishesPerSecond),
    )
    const stateReadRps = Math.min(originRps - pageRps, (warm * a.hotScopesPerInstance) / m.memoSeconds)
    const hitRps = originRps - pageRps - stateReadRps
    const concurrency = (hitRps * d.hitMs + stateReadRps * d.stateReadMs + pageRps * d.missMs) / 1000
    rates = { pageRps, stateReadRps, concurrency }
    const next = Math.max(1, Math.ceil(concurrency))
    if (next <= warm) break
    warm = next
  }
  return {
    viewerRps,
    originRps,
    pageRps: rates.pageRps,
    stateReadRps: rates.stateReadRps,
    lambdaConcurrency: rates.concurrency,
    warm,
    feedStateRcu: Math.min(originRps, warm / m.memoSeconds) * m.feedStateReadRcu,
    partitionRcu: rates.pageRps * m.uncachedRcu,
    partitionBurstRcu: Math.min(originRps, warm) * m.uncachedRcu,
  }
}

export interface Scenario {
  readonly subscribers: number
  readonly hitRatio: number
  readonly viewerRequests: number
  readonly originRequests: number
  /** Origin requests that read a page from the store (instance-cache misses). */
  readonly pageReads: number
  /** Origin requests that found their page cached but renewed the scope's feed-state memo (0.5 RCU). */
  readonly feedStateReads: number
  readonly gbSeconds: number
  readonly readUnits: number
  readonly writeUnits: number
  readonly transferGb: number
  readonly cost: {
    readonly cloudFrontRequests: number
    readonly cloudFrontTransfer: number
    readonly lambda: number
    readonly dynamo: number
    readonly total: number
  }
  readonly peak: Peak
}

const secondsPerMonth = () => assumptions.daysPerMonth * 86_400

const viewerRequestsPerSubscriberPerSecond = () => 60 / assumptions.pollMinutes / 3600

export function scenario(m: Measured, subscribers: number, hitRatio: number): Scenario {
  const a = assumptions
  const month = secondsPerMonth()
  const d = durations(m)
  const viewerRequests = subscribers * viewerRequestsPerSubscriberPerSecond() * month
  const originRequests = viewerRequests * (1 - hitRatio)
  const peak = peakAt(m, (viewerRequests / month) * a.peakFactor, (originRequests / month) * a.peakFactor)
  // The month is billed as if the peak's warm instances were busy all of it: an upper bound.
  const warm = peak.warm
  const publishes = a.publishesPerDay * a.daysPerMonth
  // Each warm instance re-reads each busy entry after every publish and at least once a backstop.
  const pageReads = Math.min(
    originRequests,
    warm * a.hotScopesPerInstance * (month / a.backstopSeconds + publishes),
  )
  // ... and reads each busy scope's feed state at most once per memo window; the other hits read nothing.
  const feedStateReads = Math.min(
    originRequests - pageReads,
    (warm * a.hotScopesPerInstance * month) / m.memoSeconds,
  )
  const hits = originRequests - pageReads - feedStateReads
  const memoryGb = m.memoryMb / 1024
  const gbSeconds =
    ((hits * d.hitMs + feedStateReads * d.stateReadMs + pageReads * d.missMs) / 1000) * memoryGb
  const readUnits = hits * m.cachedRcu + feedStateReads * m.feedStateReadRcu + pageReads * m.uncachedRcu
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
    feedStateReads,
    gbSeconds,
    readUnits,
    writeUnits,
    transferGb,
    cost: { ...cost, total: Object.values(cost).reduce((x, y) => x + y, 0) },
    peak,
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
 * Subscribers at which each limit is reached at peak, for a hit ratio, each as if the others had
 * been raised: found by bisection over the subscriber count, since concurrency (and so the number
 * of warm instances re-reading the hot items) is not linear in it.
 */
export function saturation(m: Measured, hitRatio: number) {
  const a = assumptions
  const peakFor = (subscribers: number) => scenario(m, subscribers, hitRatio).peak
  const reached = (over: (p: Peak) => boolean): number => {
    let lo = 1
    let hi = 1e13
    if (!over(peakFor(hi))) return Number.POSITIVE_INFINITY
    while (hi / lo > 1.001) {
      const mid = Math.sqrt(lo * hi)
      if (over(peakFor(mid))) hi = mid
      else lo = mid
    }
    return hi
  }
  return {
    lambdaRequests: reached((p) => p.originRps >= a.limits.lambdaRequestsPerSecond),
    partitionBurst: reached((p) => p.partitionBurstRcu >= a.limits.partitionRcuPerSecond),
    lambdaConcurrency: reached((p) => p.lambdaConcurrency >= a.limits.lambdaConcurrency),
    feedStateItem: reached((p) => p.feedStateRcu >= a.limits.partitionRcuPerSecond),
    cloudFront: reached((p) => p.viewerRps >= a.limits.cloudFrontRequestsPerSecond),
  }
}

export function capacityMarkdown(m: Measured): string {
  const a = assumptions
  const d = durations(m)
  const out: string[] = []
  out.push(`Inputs: ${m.source}.`)
  out.push('')
  out.push('Per request, measured (bench store-cost section, one request at a time over loopback):')
  out.push('')
  out.push(
    markdownTable(
      ['request', 'DynamoDB calls', 'RCU billed', 'WCU', 'bench wall', 'bench CPU'],
      requestTypes.map(([type, label]) => {
        const r = m.requests[type]
        const calls = Object.entries(r.calls)
          .map(([operation, n]) => `${num(n)} \`${operation}\``)
          .join(' + ')
        return [
          label,
          calls || 'none',
          units(r.rcuBilled),
          type === 'publish' ? `${units(r.wcu)} reported, ≈ ${units(m.publishWcu)} billed` : units(r.wcu),
          `${num(r.medianMs, 1)} ms`,
          `${num(r.cpuMs, 2)} ms`,
        ]
      }),
    ),
  )
  out.push('')
  out.push(
    `Model inputs: a cached feed or 304 ${units(Math.max(m.cachedRcu, m.notModifiedRcu))} RCU within the ${num(m.memoSeconds)} s memo window and ${units(m.feedStateReadRcu)} RCU for the one feed-state read that renews it; uncached feed ${units(m.uncachedRcu)} RCU; publish ≈ ${units(m.publishWcu)} WCU; /rss.xml ${num(m.feedGzipBytes / 1024, 1)} KB gzip. Lambda ${m.memoryMb} MB (${m.memorySource}): a hit bills ${d.hitMs} ms (${num(m.cachedCpuMs, 2)} ms CPU, no round trip), the request that renews the memo ${d.stateReadMs} ms (${num(m.feedStateReadCpuMs, 2)} ms CPU, 1 round trip), a miss ${d.missMs} ms (${num(m.uncachedCpuMs, 2)} ms CPU, 2 round trips).`,
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
        'state reads',
        'RCU',
        'WCU',
        'transfer',
        'CF req $',
        'CF transfer $',
        'Lambda $',
        'DynamoDB $',
        'total $',
      ],
      scenarios.map((s) => [
        label(s),
        compact(s.viewerRequests),
        compact(s.originRequests),
        compact(s.gbSeconds),
        compact(s.pageReads),
        compact(s.feedStateReads),
        compact(s.readUnits),
        compact(s.writeUnits),
        s.transferGb >= 1000 ? `${compact(s.transferGb / 1000)} TB` : `${compact(s.transferGb)} GB`,
        money(s.cost.cloudFrontRequests),
        money(s.cost.cloudFrontTransfer),
        money(s.cost.lambda),
        money(s.cost.dynamo),
        money(s.cost.total),
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
        `${num(s.peak.feedStateRcu, s.peak.feedStateRcu < 10 ? 1 : 0)} (${pct(s.peak.feedStateRcu / a.limits.partitionRcuPerSecond)})`,
        `${num(s.peak.partitionRcu)} / ${num(s.peak.partitionBurstRcu)} (${pct(s.peak.partitionBurstRcu / a.limits.partitionRcuPerSecond)})`,
      ]),
    ),
  )
  out.push('')
  out.push('Subscribers at which each limit is reached at peak (each as if the others had been raised):')
  out.push('')
  out.push(
    markdownTable(
      [
        'hit ratio',
        'Lambda 10,000 req/s',
        '`P` partition 3,000 RCU/s after a publish',
        'Lambda 1,000 concurrent',
        'feed-state item 3,000 RCU/s',
        'CloudFront 250,000 req/s',
      ],
      [0, ...a.hitRatios].map((h) => {
        const s = saturation(m, h)
        return [
          hit(h),
          compact(s.lambdaRequests),
          compact(s.partitionBurst),
          compact(s.lambdaConcurrency),
          compact(s.feedStateItem),
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
  if (!Number.isFinite(n)) return 'never'
  if (n === 0) return '0'
  if (n >= 1e12) return `${num(n / 1e12, n >= 1e13 ? 0 : 1)} T`
  if (n >= 1e9) return `${num(n / 1e9, n >= 1e10 ? 0 : 1)} B`
  if (n >= 1e6) return `${num(n / 1e6, n >= 1e7 ? 0 : 1)} M`
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
