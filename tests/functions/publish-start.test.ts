import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { esbuildOptions, functionEntries } from '../../cdk/bundling.ts'

const run = promisify(execFile)

/*
 * What the publish function's cold start evaluates. esbuild's single-file bundle defers a module
 * only when it is reached through `import()`: it wraps the module in an init function (`__esm`, or
 * `__commonJS` for CommonJS) that runs on first use. The bundle is built with the stack's options,
 * unminified so the wrappers keep their module paths, and its helpers are made to record each
 * module they evaluate; importing it as Lambda would, nothing of the article renderer may run.
 */

/** What the stack sets, with placeholders: importing builds the clients but sends nothing. */
const lambdaLikeEnv = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'publish-start',
  AWS_SECRET_ACCESS_KEY: 'publish-start',
  TABLE_NAME: 'publish-start-table',
  SITE_URL: 'https://news.example.com',
  PUBLISH_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:publish-token-AbCdEf',
}

/** The modules only a write needs: sanitize-html, markdown-it and our renderer around them. */
const writeOnly = [
  'lib/articles/render-content.ts',
  'lib/articles/render-markdown.ts',
  'node_modules/markdown-it/',
  'node_modules/sanitize-html/',
]

let dir: string
let bundleText: string
let started: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-start-'))
  const options = esbuildOptions(functionEntries.publish, dir)
  await build({ ...options, minify: false, sourcemap: false })
  const outfile = options.outfile ?? ''
  bundleText = await readFile(outfile, 'utf8')
  const esmInit = 'return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;'
  const cjsInit =
    'return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;'
  // esbuild's helpers as this version writes them: a change there must fail here, not pass unseen.
  expect(bundleText).toContain(esmInit)
  expect(bundleText).toContain(cjsInit)
  const recorded = bundleText
    .replace(esmInit, `if (fn) globalThis.__started.push(__getOwnPropNames(fn)[0]); ${esmInit}`)
    .replace(cjsInit, `if (!mod) globalThis.__started.push(__getOwnPropNames(cb)[0]); ${cjsInit}`)
  const probed = join(dir, 'recorded.mjs')
  await writeFile(probed, recorded)
  const probe = `globalThis.__started = []; await import(process.argv[1]); process.stdout.write('\\n' + JSON.stringify(globalThis.__started));`
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', probe, pathToFileURL(probed).href],
    { env: { PATH: process.env.PATH ?? '', ...lambdaLikeEnv }, timeout: 120_000 },
  )
  started = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as string[]
}, 300_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the publish function at start', () => {
  it('holds the article renderer as modules evaluated on first use, reached through import()', () => {
    expect(bundleText).toMatch(/var init_render_content = __esm\(\{\s*"lib\/articles\/render-content\.ts"/)
    expect(bundleText).toMatch(/var init_render_markdown = __esm\(/)
    expect(bundleText).toMatch(/var require_sanitize_html = __commonJS\(/)
    expect(bundleText).toContain('(init_render_content(), render_content_exports)')
  })

  it('evaluates none of sanitize-html, markdown-it or the renderer when imported as Lambda does', () => {
    // The recording works: the start evaluates deferred modules of its own (the AWS SDK's CommonJS parts).
    expect(started.length).toBeGreaterThan(0)
    expect(started.filter((path) => writeOnly.some((prefix) => path.startsWith(prefix)))).toEqual([])
  })
})
