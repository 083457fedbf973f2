import type { BenchServer, BenchTable, CeilingResponse } from './bench-stack.ts'
import { addReadings, type CapacityReading, noReading, perRequest } from './capacity-meter.ts'
import { combineLoads, type LoadResult, runLoad } from './load.ts'

export interface ServingRow {
  readonly name: string
  readonly how: string
  readonly expectedStatus: number
  /** Body bytes of one response (the mean over the first paths used). */
  readonly bodyBytes: number
  readonly result: LoadResult
  /** The bare route answering a constant copy of the first path's response, same server, in turns with it. */
  readonly ceiling: LoadResult
  /** `result.rps / ceiling.rps` */
  readonly ratio: number
  /** Share of responses with the expected status. */
  readonly expectedShare: number
  /** Store reads per request while measuring. */
  readonly store: CapacityReading
  /** The bench process's V8 heap in use right after the scenario (server, feed cache, load bookkeeping). */
  readonly heapUsedMb: number
  /** Feed scenarios: share of requests that read a page from the store (instance cache misses). */
  readonly missRatio?: number
}

export interface ServingOptions {
  readonly connections: number
  /** Before each slice: a new load generator opens its connections. */
  readonly warmupSeconds: number
  /** Measured seconds per scenario (and as many for its ceiling), split into `slices` turns. */
  readonly durationSeconds: number
  readonly slices: number
  /** Page cursors the feed's paging issued, more than the instance cache holds. */
  readonly cursors: readonly string[]
  readonly articleSlugs: readonly string[]
  /** Run only these scenarios (by name); default all. */
  readonly only?: readonly string[]
  /** Appended to each scenario's name, e.g. ` (proposed: …)`. */
  readonly label?: string
}

/** autocannon asks for no content coding; fetch would, so it is told not to. */
const identity = { 'accept-encoding': 'identity' }

interface Scenario {
  readonly name: string
  readonly how: string
  readonly paths: readonly string[]
  readonly headers: Readonly<Record<string, string>>
  readonly expectedStatus: number
  readonly feed: boolean
}

/** The four serving scenarios, each followed by its ceiling run. */
export async function measureServing(
  server: BenchServer,
  table: BenchTable,
  options: ServingOptions,
): Promise<ServingRow[]> {
  const feed = await fetch(`${server.url}/rss.xml`, { headers: identity })
  const etag = feed.headers.get('etag')
  await feed.arrayBuffer()
  if (feed.status !== 200 || !etag) throw new Error(`/rss.xml answered ${feed.status} without an ETag`)
  const scenarios: Scenario[] = [
    {
      name: 'uncached feed',
      how: `RSS, ${options.cursors.length} distinct ?before= cursors in turn (more than the instance cache holds: 500 entries or 64 MiB)`,
      paths: options.cursors.map((c) => `/rss.xml?before=${c}`),
      headers: {},
      expectedStatus: 200,
      feed: true,
    },
    {
      name: 'cached feed 200',
      how: 'RSS, /rss.xml repeatedly, no validators',
      paths: ['/rss.xml'],
      headers: {},
      expectedStatus: 200,
      feed: true,
    },
    {
      name: '304 revalidation',
      how: '/rss.xml with If-None-Match: the current ETag',
      paths: ['/rss.xml'],
      headers: { 'if-none-match': etag },
      expectedStatus: 304,
      feed: true,
    },
    {
      name: 'article page',
      how: `HTML permalink pages of ${options.articleSlugs.length} articles in turn`,
      paths: options.articleSlugs.map((slug) => `/articles/${slug}`),
      headers: {},
      expectedStatus: 200,
      feed: false,
    },
  ]
  const rows: ServingRow[] = []
  for (const scenario of scenarios) {
    if (options.only && !options.only.includes(scenario.name)) continue
    const { bodyBytes, first } = await sampleResponses(server.url, scenario)
    const ceilingPath = server.ceilingFor(first)
    const spec = {
      url: server.url,
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      durationSeconds: options.durationSeconds / options.slices,
    }
    // Scenario and ceiling take turns in short slices, so that a slow stretch of the machine
    // (a noisy neighbour, a GC of the store process) weighs on both alike.
    const parts: LoadResult[] = []
    const ceilingParts: LoadResult[] = []
    let reading = noReading
    let pageReads = 0
    for (let slice = 0; slice < options.slices; slice++) {
      let pageReadsBefore = table.pageReads()
      parts.push(
        await runLoad({ ...spec, headers: scenario.headers, paths: scenario.paths }, () => {
          table.meter.take()
          pageReadsBefore = table.pageReads()
        }),
      )
      reading = addReadings(reading, table.meter.take())
      pageReads += table.pageReads() - pageReadsBefore
      // The same request headers: the ceiling ignores them, but parsing them is part of any request's cost.
      ceilingParts.push(await runLoad({ ...spec, headers: scenario.headers, paths: [ceilingPath] }))
    }
    const result = combineLoads(parts)
    const ceiling = combineLoads(ceilingParts)
    const store = perRequest(reading, Math.max(1, result.requests))
    const expected = result.statuses[String(scenario.expectedStatus)] ?? 0
    rows.push({
      name: `${scenario.name}${options.label ?? ''}`,
      how: scenario.how,
      expectedStatus: scenario.expectedStatus,
      bodyBytes,
      result,
      ceiling,
      ratio: result.rps / ceiling.rps,
      expectedShare: result.requests > 0 ? expected / result.requests : 0,
      store,
      ...(scenario.feed ? { missRatio: Math.min(1, pageReads / Math.max(1, result.requests)) } : {}),
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    })
  }
  return rows
}

/** Set by the HTTP server itself on every response, the ceiling's included. */
const serverHeaders = new Set(['date', 'connection', 'keep-alive'])

/** The mean body size over the first few paths, and the first response itself. */
async function sampleResponses(
  url: string,
  scenario: Scenario,
): Promise<{ bodyBytes: number; first: CeilingResponse }> {
  const sample = scenario.paths.slice(0, 5)
  let total = 0
  let first: CeilingResponse | undefined
  for (const path of sample) {
    const response = await fetch(`${url}${path}`, { headers: { ...identity, ...scenario.headers } })
    const body = new Uint8Array(await response.arrayBuffer())
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      if (!serverHeaders.has(name)) headers[name] = value
    })
    first ??= { status: response.status, headers, body }
    total += body.byteLength
    if (response.status !== scenario.expectedStatus) {
      throw new Error(`${path} answered ${response.status}, expected ${scenario.expectedStatus}`)
    }
  }
  if (!first) throw new Error(`scenario ${scenario.name} has no paths`)
  return { bodyBytes: Math.round(total / sample.length), first }
}
