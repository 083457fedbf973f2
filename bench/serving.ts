import type { BenchServer, BenchTable } from './bench-stack.ts'
import { type CapacityReading, perRequest } from './capacity-meter.ts'
import { type LoadResult, runLoad } from './load.ts'

/** Secondary figures: the local stack (`npm start`'s Node server) under HTTP load over loopback. */
export interface ServingRow {
  readonly name: string
  readonly how: string
  readonly result: LoadResult
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
  readonly warmupSeconds: number
  readonly durationSeconds: number
  /** Signed page cursors of the site feed, more than the instance cache holds. */
  readonly cursors: readonly string[]
  readonly articleSlugs: readonly string[]
}

/** The four scenarios of the handler bench, each as autocannon's connections ask for it. */
export async function measureServing(
  server: BenchServer,
  table: BenchTable,
  options: ServingOptions,
): Promise<ServingRow[]> {
  const feed = await fetch(`${server.url}/rss.xml`, { headers: { 'accept-encoding': 'identity' } })
  const etag = feed.headers.get('etag')
  await feed.arrayBuffer()
  if (feed.status !== 200 || !etag) throw new Error(`/rss.xml answered ${feed.status} without an ETag`)
  const scenarios = [
    {
      name: 'uncached feed',
      how: `RSS, ${options.cursors.length} distinct ?before= cursors in turn (more than the instance cache holds)`,
      paths: options.cursors.map((c) => `/rss.xml?before=${c}`),
      headers: {},
      expectedStatus: 200,
      feed: true,
    },
    {
      name: 'cached feed 200',
      how: '/rss.xml, no validators',
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
      how: `HTML pages of ${options.articleSlugs.length} articles in turn`,
      paths: options.articleSlugs.map((slug) => `/articles/${slug}`),
      headers: {},
      expectedStatus: 200,
      feed: false,
    },
  ]
  const rows: ServingRow[] = []
  for (const scenario of scenarios) {
    let pageReadsBefore = table.pageReads()
    const result = await runLoad(
      {
        url: server.url,
        connections: options.connections,
        warmupSeconds: options.warmupSeconds,
        durationSeconds: options.durationSeconds,
        headers: scenario.headers,
        paths: scenario.paths,
      },
      () => {
        table.meter.take()
        pageReadsBefore = table.pageReads()
      },
    )
    const requests = Math.max(1, result.requests)
    rows.push({
      name: scenario.name,
      how: scenario.how,
      result,
      expectedShare: (result.statuses[String(scenario.expectedStatus)] ?? 0) / requests,
      store: perRequest(table.meter.take(), requests),
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
      ...(scenario.feed ? { missRatio: Math.min(1, (table.pageReads() - pageReadsBefore) / requests) } : {}),
    })
  }
  return rows
}
