import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startLocalStack } from '../bin/local-stack.ts'
import { readConfig } from '../lib/config.ts'
import { wordpressFeed } from './wordpress-feed.ts'

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
  readonly log: (line: string) => void
}): Promise<ImportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-'))
  const token = `bench-import-token-${crypto.randomUUID()}`
  const stack = await startLocalStack({
    config: readConfig({ PORT: '0', SITE_URL: 'https://news.example.com', PUBLISH_TOKEN: token }),
    seed: false,
  })
  try {
    const file = join(dir, 'wordpress.xml')
    await writeFile(file, wordpressFeed(options.items))
    const feedBytes = (await stat(file)).size
    options.log(
      `  generated ${options.items} items (${(feedBytes / 2 ** 20).toFixed(1)} MB of RSS); importing…`,
    )
    const args = [file, '--url', stack.url, '--token', token, '--concurrency', String(options.concurrency)]
    if (options.batchSize !== undefined) args.push('--batch-size', String(options.batchSize))
    const first = await newsfeed(['import', ...args, '--state', join(dir, 'state.json')], options.log)
    const imported = Number(/^(\d+) imported/m.exec(first.summary)?.[1] ?? Number.NaN)
    if (first.code !== 0 || imported !== options.items) {
      throw new Error(`newsfeed import exited ${first.code}: ${first.summary}`)
    }
    options.log('  again, with the state file (nothing changed)…')
    const again = await newsfeed(['import', ...args, '--state', join(dir, 'state.json')], options.log)
    if (again.code !== 0) throw new Error(`the second import exited ${again.code}: ${again.summary}`)
    return {
      items: options.items,
      feedBytes,
      seconds: first.seconds,
      itemsPerSecond: imported / first.seconds,
      concurrency: options.concurrency,
      summary: first.summary,
      imported,
      rerunSeconds: again.seconds,
      rerunSummary: again.summary,
      note: 'newsfeed import in its own process (tsx, as npm run newsfeed) against the local stack of npm start (in-process dynalite, in memory) in the bench process; the two share the cores.',
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
  const items = Number(process.argv[2] ?? 10_000)
  const batchSize = process.argv[3] === undefined ? undefined : Number(process.argv[3])
  const result = await measureImport({
    items,
    concurrency: 8,
    ...(batchSize !== undefined && { batchSize }),
    log: (line) => console.log(line),
  })
  console.log(result)
}
