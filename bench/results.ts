import type { HandlerSection } from './handler.ts'
import type { ImportResult } from './import.ts'
import type { RenderingRow } from './rendering.ts'
import type { ScalingSample } from './scaling.ts'
import type { SeedResult } from './seed.ts'
import type { ServingRow } from './serving.ts'
import type { StoreCost } from './store-cost.ts'

export const resultsUrl = new URL('./results.json', import.meta.url)

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly node: string
  readonly platform: string
  readonly memoryGb: number
  /** 1-minute load average when the bench started: other work on the machine makes figures noisy. */
  readonly loadAverageAtStart: number
  readonly date: string
}

export interface BenchSettings {
  /** npm start figures: autocannon's connections, warm-up and measured seconds per scenario. */
  readonly connections: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
  /** Handler bench: invocations per cached scenario (200, 304) and of the article page. */
  readonly handlerInvocations: number
  readonly handlerPageInvocations: number
  /** The feed-state memo of the bench server, as in the product. */
  readonly feedStateMaxAgeMs: number
  readonly feedPageSize: number
  readonly smallArchive: number
  readonly largeArchive: number
  /** The large archive of the scaling figure (the small one is `smallArchive`). */
  readonly scalingArchive: number
  /** BatchWriteItem requests in flight while seeding with createMany. */
  readonly batchConcurrency: number
  /** Items of the generated WordPress feed the import bench imports, and the CLI's --concurrency. */
  readonly importItems: number
  readonly importConcurrency: number
  readonly renderSizes: readonly number[]
  readonly scalingSamples: number
  readonly storeCostRounds: number
  readonly notes: readonly string[]
}

export interface Target {
  readonly name: string
  readonly target: string
  readonly value: string
  readonly pass: boolean
}

export interface ColdStartRow {
  readonly name: string
  readonly bytes: number
  readonly medianImportMs: number
  /** Median CPU time of the import; absent from results written before it was measured. */
  readonly medianCpuMs?: number
  /** First and third quartiles of the import's wall and CPU time; absent from results written before. */
  readonly importSpreadMs?: readonly [number, number]
  readonly cpuSpreadMs?: readonly [number, number]
  /** Median wall and CPU time of the import plus the first request (public and bare bundles only). */
  readonly medianFirstRequestMs?: number
  readonly medianFirstRequestCpuMs?: number
}

export interface BenchResults {
  readonly machine: Machine
  readonly settings: BenchSettings
  readonly seeding: readonly (SeedResult & { readonly table: string })[]
  readonly rendering: readonly RenderingRow[]
  readonly scaling: {
    readonly samples: readonly ScalingSample[]
    /** Median latency, large archive over small. */
    readonly ratio: number
    readonly note: string
    /** The scaling store process's resident memory and LevelDB files with both archives stored. */
    readonly storeRssMb?: number
    readonly storeDiskMb?: number
  }
  /** The production path: the public bundle's handler invoked with Function URL events. */
  readonly handler: HandlerSection
  /** Secondary: the local stack (`npm start`'s @hono/node-server) under HTTP load. */
  readonly serving: readonly ServingRow[]
  readonly storeCost: StoreCost
  readonly coldStart: readonly ColdStartRow[] | { readonly error: string }
  /** `newsfeed import` of a generated WordPress feed into the local stack. */
  readonly import?: ImportResult
  /** Set by `--only`: the sections that run measured, where and how long; the rest are `machine`'s. */
  readonly partialRun?: {
    readonly sections: readonly string[]
    readonly machine: Machine
    readonly seconds: number
  }
  readonly targets: readonly Target[]
  readonly totalSeconds: number
}
