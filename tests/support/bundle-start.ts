import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { functionEntries } from '../../cdk/esbuild-options.ts'
import { type FunctionName, stackBundle } from './stack-bundles.ts'

const run = promisify(execFile)

/*
 * What a function's cold start evaluates. esbuild's single-file bundle defers a module only when it
 * is reached through `import()`: it wraps the module in an init function (`__esm`, or `__commonJS`
 * for CommonJS) that runs on first use. The bundle is built with the stack's options, unminified so
 * the wrappers keep their module paths, and its helpers are made to record each module they
 * evaluate; then it is imported in a fresh `node` process as Lambda would. The build is made once a
 * run (the `unminified` variant of tests/support/run-builds.ts), whichever file asks first.
 */

/** esbuild's init helpers as this version writes them: a change there must fail, not pass unseen. */
const esmInit = 'return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;'
const cjsInit =
  'return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;'

export interface BundleStart {
  /** The unminified bundle's text. */
  readonly bundleText: string
  /** The deferred modules (paths from the project root) the import evaluated, in order. */
  readonly started: readonly string[]
  /** How many `Intl.Segmenter`s the import built. */
  readonly segmenters: number
}

/**
 * Builds the function whose entry is `entry` as the stack does (one file, unminified, no source map)
 * and imports it once in a fresh process with `env` (nothing but `PATH` besides), recording what the
 * import evaluated.
 */
export async function recordBundleStart(
  entry: string,
  env: Readonly<Record<string, string>>,
): Promise<BundleStart> {
  const name = (Object.keys(functionEntries) as FunctionName[]).find((key) => functionEntries[key] === entry)
  if (name === undefined) throw new Error(`${entry} is not a function entry of cdk/esbuild-options.ts`)
  const built = await stackBundle(name, 'unminified')
  const dir = await mkdtemp(join(tmpdir(), 'bundle-start-'))
  try {
    // One file, as the stack's options without the chunks: what is evaluated does not depend on
    // the split (a chunk's modules are evaluated on first use too), and one file keeps esbuild's
    // __esm wrappers to record. tests/functions/cold-start-deferred.test.ts says what the split defers.
    const bundleText = await readFile(built.entry, 'utf8')
    if (!bundleText.includes(esmInit) || !bundleText.includes(cjsInit)) {
      throw new Error("esbuild's __esm or __commonJS helper changed: update tests/support/bundle-start.ts")
    }
    const recorded = bundleText
      .replace(esmInit, `if (fn) globalThis.__started.push(__getOwnPropNames(fn)[0]); ${esmInit}`)
      .replace(cjsInit, `if (!mod) globalThis.__started.push(__getOwnPropNames(cb)[0]); ${cjsInit}`)
    const probed = join(dir, 'recorded.mjs')
    await writeFile(probed, recorded)
    const probe = `globalThis.__started = []; let segmenters = 0;
const Segmenter = Intl.Segmenter;
Intl.Segmenter = new Proxy(Segmenter, { construct(target, args) { segmenters += 1; return Reflect.construct(target, args) } });
await import(process.argv[1]);
process.stdout.write('\\n' + JSON.stringify({ started: globalThis.__started, segmenters }));`
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', probe, pathToFileURL(probed).href],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 },
    )
    const parsed: unknown = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1))
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      !('started' in parsed) ||
      !('segmenters' in parsed)
    ) {
      throw new Error(`the probe printed ${JSON.stringify(stdout)}`)
    }
    const { started, segmenters } = parsed
    return {
      bundleText,
      started: Array.isArray(started) ? started.map(String) : [],
      segmenters: Number(segmenters),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
