import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startLocalStack } from '../bin/local-stack.ts'
import { readConfig } from '../lib/config.ts'
import { cpuPerItem, readThreadCpu } from './thread-cpu.ts'
import { wordpressFeedParts } from './wordpress-feed.ts'

export interface ImportResult {
  readonly items: number
  /** Size of the generated WordPress RSS file. */
  readonly feedBytes: number
  /** From starting `newsfeed import` to its exit: reading, parsing, every POST. */
  readonly seconds: number
  readonly itemsPerSecond: number
  readonly concurrency: number
  /** The CLI's summary line, e.g. `10000 imported, 0 updated, 0 unchanged, 0 skipped`. */
  readonly summary: string
  readonly imported: number
  /** A second run of the same file with the state file: what a resumed or repeated import costs. */
  readonly rerunSeconds: number
  readonly rerunSummary: string
  readonly note: string
  /** CPU time of the server's process (apps, SDK, the store's thread) during the first import. */
  readonly serverCpuSeconds?: number
  /** The machine's 1-minute load average when the first import started and when it ended. */
  readonly loadAverage?: readonly [number, number]
  /** Files the items came in: one (`newsfeed import` reads a file past V8's largest string in pieces). */
  readonly files?: number
  /** Where the store kept its tables. */
  readonly store?: 'memory' | 'disk'
  /** CPU milliseconds an imported item, per thread of the server and for `newsfeed import` (Linux `/proc`). */
  readonly cpuPerItemMs?: ReturnType<typeof cpuPerItem>
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

/**
 * Imports a generated WordPress RSS feed of `items` items into the local stack `npm start` runs
 * (`startLocalStack`: both apps on one port, dynalite in-process, in memory), through the real
 * command line in its own process (`bin/newsfeed.ts import FILE`, as `npm run newsfeed` runs it),
 * then imports it again (every item unchanged, known from the state file).
 */
export async function measureImport(options: {
  readonly items: number
  readonly concurrency: number
  /** `--batch-size` of the import (new articles a bulk request); absent: the CLI's default, 100. */
  readonly batchSize?: number
  /** Keep the store's tables on disk (DATA_DIR, LevelDB) instead of in memory: for 100,000 items. */
  readonly onDisk?: boolean
  /** Import again with the state file (default true). */
  readonly rerun?: boolean
  readonly log: (line: string) => void
}): Promise<ImportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-'))
  const token = `bench-import-token-${crypto.randomUUID()}`
  const threadsBeforeStack = readThreadCpu()
  const stack = await startLocalStack({
    config: readConfig({
      PORT: '0',
      SITE_URL: 'https://news.example.com',
      PUBLISH_TOKEN: token,
      ...(options.onDisk ? { DATA_DIR: join(dir, 'data') } : {}),
    }),
    seed: false,
  })
  try {
    // The archive in one file, written in parts: 100,000 items (640 MB) are more than one string holds.
    const file = join(dir, 'wordpress.xml')
    const out = createWriteStream(file)
    for (const part of wordpressFeedParts(options.items)) {
      if (!out.write(part)) await once(out, 'drain')
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
    const feedBytes = (await stat(file)).size
    const parts = [{ file, items: options.items }]
    options.log(
      `  generated ${options.items} items (${(feedBytes / 2 ** 20).toFixed(1)} MB of RSS${parts.length > 1 ? ` in ${parts.length} files` : ''}); importing…`,
    )
    const argsOf = (file: string) => {
      const args = [file, '--url', stack.url, '--token', token, '--concurrency', String(options.concurrency)]
      if (options.batchSize !== undefined) args.push('--batch-size', String(options.batchSize))
      return ['import', ...args, '--state', join(dir, 'state.json')]
    }
    const loadBefore = loadavg()[0] ?? 0
    const cpuBefore = process.cpuUsage()
    const threadsBefore = readThreadCpu()
    let seconds = 0
    let imported = 0
    const summaries: string[] = []
    for (const part of parts) {
      const run = await newsfeed(argsOf(part.file), options.log)
      const count = Number(/^(\d+) imported/m.exec(run.summary)?.[1] ?? Number.NaN)
      if (run.code !== 0 || count !== part.items) {
        throw new Error(`newsfeed import exited ${run.code}: ${run.summary}`)
      }
      seconds += run.seconds
      imported += count
      summaries.push(run.summary)
    }
    const cpu = process.cpuUsage(cpuBefore)
    const threadsAfter = readThreadCpu()
    const loadAverage = [loadBefore, loadavg()[0] ?? 0] as const
    let rerunSeconds = 0
    const rerunSummaries: string[] = []
    if (options.rerun !== false) {
      options.log('  again, with the state file (nothing changed)…')
      for (const part of parts) {
        const again = await newsfeed(argsOf(part.file), options.log)
        if (again.code !== 0) throw new Error(`the second import exited ${again.code}: ${again.summary}`)
        rerunSeconds += again.seconds
        rerunSummaries.push(again.summary)
      }
    }
    return {
      items: options.items,
      feedBytes,
      seconds,
      itemsPerSecond: imported / seconds,
      concurrency: options.concurrency,
      summary: summaries.join(' + '),
      imported,
      rerunSeconds,
      rerunSummary: rerunSummaries.join(' + ') || 'not run',
      note: `newsfeed import in its own process (tsx, as npm run newsfeed) against the local stack of npm start in the bench process (dynalite on a thread of its own, ${options.onDisk ? 'on disk' : 'in memory'}); the two share the cores.`,
      serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadAverage,
      files: parts.length,
      store: options.onDisk ? 'disk' : 'memory',
      ...(threadsBeforeStack !== undefined &&
        threadsBefore !== undefined &&
        threadsAfter !== undefined && {
          cpuPerItemMs: cpuPerItem(threadsBeforeStack, threadsBefore, threadsAfter, imported),
        }),
    }
  } finally {
    await stack.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs `bin/newsfeed.ts` with `args`; relays its progress lines and keeps the summary line. */
function newsfeed(
  args: readonly string[],
  log: (line: string) => void,
): Promise<{ code: number; seconds: number; summary: string }> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'bin', 'newsfeed.ts'), ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let summary = ''
  const lines: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line)
      if (/^\d+ imported/.test(line)) summary = line
      else if (lines.length <= 200) log(`    ${line}`)
    })
  }
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      resolve({
        code: code ?? -1,
        seconds: (performance.now() - started) / 1000,
        summary: summary || lines.slice(-3).join(' / '),
      }),
    )
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // npx tsx bench/import.ts [items] [batchSize] [--on-disk] [--no-rerun]
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'))
  const [itemsArg, batchArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  const items = Number(itemsArg ?? 10_000)
  const batchSize = batchArg === undefined ? undefined : Number(batchArg)
  const result = await measureImport({
    items,
    concurrency: 8,
    ...(batchSize !== undefined && { batchSize }),
    onDisk: flags.includes('--on-disk'),
    rerun: !flags.includes('--no-rerun'),
    log: (line) => console.log(line),
  })
  console.log(result)
}
