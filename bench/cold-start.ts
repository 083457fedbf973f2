import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { esbuildOptions, functionEntries } from '../cdk/bundling.ts'

const run = promisify(execFile)

export interface ColdStart {
  readonly name: string
  /** Size of the minified bundle (index.mjs, without its source map). */
  readonly bytes: number
  /** Median time to import the bundle (module evaluation: what a Lambda INIT spends on our code). */
  readonly medianImportMs: number
  /**
   * Median CPU time of the import (`process.cpuUsage()`, user and system, the V8 threads that
   * compile and collect included): the figure a busy machine inflates least.
   */
  readonly medianCpuMs: number
}

/** What the stack sets, with placeholders: importing builds the clients but sends nothing. */
const lambdaLikeEnv = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'cold-start',
  AWS_SECRET_ACCESS_KEY: 'cold-start',
  TABLE_NAME: 'cold-start-table',
  SITE_URL: 'https://news.example.com',
  CURSOR_SECRET: 'cold-start-cursor-secret-0123456789abcdef',
  PUBLISH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:publish-token-AbCdEf',
  // The notifier's own (cdk/constructs/notifier.ts); without them its import throws a ConfigError.
  DISTRIBUTION_ID: 'E2COLDSTART0000',
  SCHEDULE_GROUP: 'cold-start-schedules',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/cold-start-scheduler',
  SCHEDULE_DLQ_ARN: 'arn:aws:sqs:us-east-1:123456789012:cold-start-failures',
  INVALIDATION: 'changed',
  // The subscriber counter's own (cdk/constructs/subscriber-counter.ts).
  ACCESS_LOG_GROUP: 'cold-start-access-logs',
  METRICS_NAMESPACE: 'NewsFeed/cold-start',
}

const probe = `const cpu = process.cpuUsage(); const started = performance.now();
await import(process.argv[1]);
const wall = performance.now() - started; const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify([wall, (used.user + used.system) / 1000]));`

export interface ColdStartOptions {
  /** Fresh processes per bundle; 10 by default. */
  readonly runs?: number
  /** NODE_OPTIONS of the processes; by default what the stack sets on the functions. */
  readonly nodeOptions?: string
}

/**
 * Bundles every entry exactly as the stack does, and beside them a bare Hono + DynamoDB client
 * bundle (`bench/bare-function.ts`), and imports each in `runs` fresh `node` processes. The runs go
 * in rounds, one import of every bundle a round in a rotating order, so a change in the machine's
 * load during the section weighs on every bundle alike: measured one bundle after another, the
 * functions (first) met the load the sections before them left behind and the bare bundle (last)
 * a quiet machine, and their ratio showed the machine, not the bundles.
 */
export async function measureColdStart(options: ColdStartOptions = {}): Promise<ColdStart[]> {
  const runs = options.runs ?? 10
  const nodeOptions = options.nodeOptions ?? '--enable-source-maps'
  const outdir = await mkdtemp(join(tmpdir(), 'cold-start-'))
  try {
    // The bare bundle is built and measured beside the functions, the same way.
    const entries = { ...functionEntries, bare: fileURLToPath(new URL('bare-function.ts', import.meta.url)) }
    const bundles: { name: string; file: string; wall: number[]; cpu: number[] }[] = []
    for (const [name, entry] of Object.entries(entries)) {
      const buildOptions = esbuildOptions(entry, join(outdir, name))
      await build(buildOptions)
      bundles.push({ name, file: buildOptions.outfile ?? '', wall: [], cpu: [] })
    }
    for (let round = 0; round < runs; round += 1) {
      for (let i = 0; i < bundles.length; i += 1) {
        const bundle = bundles[(round + i) % bundles.length]
        if (bundle === undefined) continue
        const { stdout } = await run(
          process.execPath,
          ['--input-type=module', '-e', probe, pathToFileURL(bundle.file).href],
          { env: { PATH: process.env.PATH ?? '', ...lambdaLikeEnv, NODE_OPTIONS: nodeOptions } },
        )
        const [wall, cpu] = parseProbe(stdout)
        if (wall === undefined || cpu === undefined) {
          throw new Error(`${bundle.name}: the probe printed ${JSON.stringify(stdout)}`)
        }
        bundle.wall.push(wall)
        bundle.cpu.push(cpu)
      }
    }
    const results: ColdStart[] = []
    for (const { name, file, wall, cpu } of bundles) {
      results.push({
        name,
        bytes: (await stat(file)).size,
        medianImportMs: median(wall),
        medianCpuMs: median(cpu),
      })
    }
    return results
  } finally {
    await rm(outdir, { recursive: true, force: true })
  }
}

/** The probe's `[wall, cpu]` milliseconds; `[]` when it printed something else. */
function parseProbe(stdout: string): readonly number[] {
  try {
    const parsed: unknown = JSON.parse(stdout)
    if (!Array.isArray(parsed)) return []
    const values = parsed.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    return values.length === 2 ? values : []
  } catch {
    return []
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value =
    sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
  return Math.round(value * 10) / 10
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const { name, bytes, medianImportMs, medianCpuMs } of await measureColdStart()) {
    console.log(
      `${name.padEnd(8)} ${(bytes / 1024).toFixed(1).padStart(7)} KB minified   import ${medianImportMs} ms, CPU ${medianCpuMs} ms (medians of 10)`,
    )
  }
}
