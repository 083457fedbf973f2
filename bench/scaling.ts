import type { Config } from '../lib/config.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { type BenchTable, benchCursorKey } from './bench-stack.ts'

export interface ScalingSample {
  readonly articles: number
  readonly path: string
  readonly samples: number
  readonly medianMs: number
  readonly p90Ms: number
  /** Read capacity per request as DynamoDB bills it: constant when the archive size does not matter. */
  readonly rcuBilled: number
}

/**
 * Latency of an uncached feed: every sample asks a fresh public app (an empty instance cache, as a
 * cold Lambda instance would have) for `path`, in-process through `app.request`, so the figure is
 * the app's and the store's work without this machine's HTTP stack. Tables are sampled in turn, so
 * machine noise hits them alike.
 */
export async function measureScaling(
  config: Config,
  cases: readonly { readonly table: BenchTable; readonly articles: number; readonly path: string }[],
  samples: number,
): Promise<ScalingSample[]> {
  const times = cases.map(() => [] as number[])
  const reads = cases.map(() => 0)
  const once = async (i: number) => {
    const c = cases[i]
    if (!c) throw new Error('no such case')
    const app = createPublicApp({
      store: c.table.store,
      clock: () => new Date(),
      site: config.site,
      feedPageSize: config.feedPageSize,
      cursorKey: benchCursorKey,
    })
    const t0 = performance.now()
    const response = await app.request(c.path)
    await response.arrayBuffer()
    const ms = performance.now() - t0
    if (response.status !== 200) throw new Error(`${c.path} answered ${response.status}`)
    return ms
  }
  for (let i = 0; i < cases.length; i++) for (let w = 0; w < 3; w++) await once(i)
  for (const c of cases) c.table.meter.take()
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < cases.length; i++) {
      times[i]?.push(await once(i))
      reads[i] = (reads[i] ?? 0) + (cases[i]?.table.meter.take().rcuBilled ?? 0)
    }
  }
  return cases.map((c, i) => {
    const sorted = [...(times[i] ?? [])].sort((a, b) => a - b)
    return {
      articles: c.articles,
      path: c.path,
      samples,
      medianMs: quantile(sorted, 0.5),
      p90Ms: quantile(sorted, 0.9),
      rcuBilled: (reads[i] ?? 0) / samples,
    }
  })
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN
}
