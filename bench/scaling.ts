import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Article } from '../lib/articles/article.ts'
import type { Config } from '../lib/config.ts'
import { createPublicApp } from '../lib/http/create-public-app.ts'
import { FeedCursors } from '../lib/http/feed-cursors.ts'
import { type BenchTable, benchCursorKey, createBenchTable, createStoreClient } from './bench-stack.ts'
import { walkArchive } from './cursors.ts'
import { type SeedResult, seedArticlesInBatches } from './seed.ts'
import { startStoreProcess } from './store-process.ts'

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

export interface ScalingArchives {
  readonly samples: readonly ScalingSample[]
  /** Median latency, large archive over small. */
  readonly ratio: number
  readonly note: string
  /** How each archive was stored. */
  readonly seeding: readonly (SeedResult & { readonly table: string })[]
  /** The store process's resident memory and its LevelDB files once both archives were stored. */
  readonly storeRssMb?: number
  readonly storeDiskMb: number
}

/**
 * The scaling figure on its own store: dynalite in a child process keeping its tables in LevelDB
 * files in a temporary folder (in memory, 100,000 articles would take about 5 GB of the process's
 * heap), a small and a large archive stored through `createMany`, then {@link measureScaling} on
 * the first page of each and on a page deep in the large one.
 */
export async function measureScalingArchives(options: {
  readonly config: Config
  readonly templates: readonly Article[]
  readonly small: number
  readonly large: number
  readonly newestMs: number
  readonly spacingMs: number
  readonly concurrency: number
  readonly samples: number
  readonly log: (line: string) => void
}): Promise<ScalingArchives> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scaling-'))
  const store = await startStoreProcess({ path: dir })
  const client = createStoreClient(store.endpoint)
  try {
    const seeding: (SeedResult & { table: string })[] = []
    const tables: BenchTable[] = []
    for (const [name, count] of [
      ['scaling-small', options.small],
      ['scaling-large', options.large],
    ] as const) {
      const table = await createBenchTable(client, name)
      let lastLog = 0
      const seeded = await seedArticlesInBatches({ client, tableName: name }, options.templates, count, {
        newestMs: options.newestMs,
        spacingMs: options.spacingMs,
        concurrency: options.concurrency,
        onProgress: (stored, seconds) => {
          if (stored < count && seconds - lastLog < 15) return
          lastLog = seconds
          options.log(
            `  ${name}: ${stored.toLocaleString('en')} of ${count.toLocaleString('en')} articles in ${seconds.toFixed(0)} s (${(stored / seconds).toFixed(0)}/s)`,
          )
        },
      })
      table.meter.take()
      seeding.push({ table: name, ...seeded })
      tables.push(table)
    }
    const [small, large] = tables
    if (!small || !large) throw new Error('scaling tables missing')
    // A page about 500 articles deep: the last of 100 cursors walked five articles at a time.
    const walk = await walkArchive(large.store, { pageSize: 5, maxCursors: 100, keepSlugs: 0 })
    const deep = new FeedCursors(benchCursorKey).sign(undefined, walk.cursors.at(-1) ?? '')
    large.meter.take()
    const samples = await measureScaling(
      options.config,
      [
        { table: small, articles: options.small, path: '/rss.xml' },
        { table: large, articles: options.large, path: '/rss.xml' },
        { table: large, articles: options.large, path: `/rss.xml?before=${deep}` },
      ],
      options.samples,
    )
    const [smallFeed, largeFeed] = samples
    const storeRssMb = await residentMb(store.pid)
    return {
      samples,
      ratio: (largeFeed?.medianMs ?? Number.NaN) / (smallFeed?.medianMs ?? Number.NaN),
      note: 'Median latency of the first page from a fresh app instance (no instance cache), in-process app.request, store over loopback (dynalite on LevelDB files, both archives stored with createMany); the third row is a page about 500 articles deep into the large archive.',
      seeding,
      ...(storeRssMb !== undefined ? { storeRssMb } : {}),
      storeDiskMb: (await folderBytes(dir)) / 2 ** 20,
    }
  } finally {
    client.destroy()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** The resident memory of process `pid` (Linux: /proc), or undefined elsewhere. */
async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) / 1024
  } catch {
    return undefined
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}
