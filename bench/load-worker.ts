import { parentPort, workerData } from 'node:worker_threads'
import autocannon from 'autocannon'
import type { LoadResult, LoadSpec } from './load.ts'

/** autocannon's public `aggregateResult`, which its type definitions leave out. */
const aggregate = (
  autocannon as unknown as {
    aggregateResult(results: readonly autocannon.Result[], options: autocannon.Options): autocannon.Result
  }
).aggregateResult

/**
 * Runs in a worker thread (see `load.ts`): autocannon then has its own event loop instead of
 * sharing the server's. Requests cycle through `spec.paths` with one counter across all
 * connections, so concurrent connections never ask for the same path at the same moment.
 */
async function main(spec: LoadSpec): Promise<void> {
  let next = 0
  const options = (seconds: number): autocannon.Options => ({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    headers: spec.headers,
    requests: [
      {
        setupRequest: (request) => {
          const path = spec.paths[next % spec.paths.length] ?? '/'
          next += 1
          return { ...request, path }
        },
      },
    ],
  })
  if (spec.warmupSeconds > 0) await autocannon(options(spec.warmupSeconds))
  parentPort?.postMessage({ type: 'measuring' })
  const measured = options(spec.durationSeconds)
  // Off the main thread autocannon hands back encoded histograms, as its own workers would.
  const result = aggregate([await autocannon(measured)], measured)
  const statuses: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count ?? 0
  const summary: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    statuses,
    errors: result.errors + result.timeouts,
  }
  parentPort?.postMessage({ type: 'result', result: summary })
}

main(workerData as LoadSpec).catch((error: unknown) => {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) })
})
