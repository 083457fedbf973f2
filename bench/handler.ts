import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { bundleEntry, esbuildOptions, functionEntries } from '../cdk/esbuild-options.ts'
import type { RunMessage, RunReply } from './lambda-instance.ts'

/*
 * The serving bench on the production path: the public bundle esbuild makes with the stack's own
 * options, imported by a warm instance (bench/lambda-instance.ts) in a process of its own, with the
 * environment the stack sets pointed at dynalite, and invoked with Function URL events (payload
 * 2.0) as CloudFront forwards them. What Lambda bills is each invocation's duration rounded up to
 * the millisecond, so that is what this reports, next to a bare Hono app behind the same adapter.
 */

export interface Timing {
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  /** Lambda's billed duration: each invocation rounded up to the next millisecond, mean and p99. */
  readonly billedMeanMs: number
  readonly billedP99Ms: number
}

export interface HandlerRow {
  readonly name: string
  readonly how: string
  readonly expectedStatus: number
  readonly invocations: number
  /** Body bytes of the first response as it leaves the function (compressed when it is). */
  readonly bodyBytes: number
  /** The public bundle as deployed, request log on. */
  readonly product: Timing
  /** The same bundle with no request logger, in another instance. */
  readonly logOff: Timing
  /** A bare Hono app behind the same adapter replaying the product's first response. */
  readonly bare: Timing
  /** `bare.p50Ms / product.p50Ms`: the product's speed as a share of the bare app's. */
  readonly ratio: number
  /** The same with the request log off. */
  readonly ratioLogOff: number
  /** What the request log line adds to an invocation, median, ms. */
  readonly logCostMs: number
  /** DynamoDB calls per product invocation, by operation, as the store received them. */
  readonly storeCalls: Readonly<Record<string, number>>
  /** Share of invocations with the expected status. */
  readonly expectedShare: number
}

export interface HandlerSection {
  readonly notes: readonly string[]
  /** Whether the instances ran under SCHED_FIFO (see `realTimeScheduling`). */
  readonly realTimeScheduling: boolean
  /** 1-minute load average when the section started: other work on the machine. */
  readonly loadAverage: number
  readonly bundleBytes: number
  /** Request log bytes per invocation, log on (what CloudWatch Logs ingests and bills per GB). */
  readonly logBytesPerRequest: number
  readonly rows: readonly HandlerRow[]
}

export interface HandlerOptions {
  readonly storeEndpoint: string
  readonly tableName: string
  readonly siteUrl: string
  readonly feedPageSize: number
  /** Page cursors of the site feed, signed with `cursorSecret` as the feed's own next links are. */
  readonly cursors: readonly string[]
  /** The instance's CURSOR_SECRET. */
  readonly cursorSecret: string
  readonly articleSlugs: readonly string[]
  /** Requests the store has answered so far, by operation. */
  readonly storeRequests: () => Promise<Readonly<Record<string, number>>>
  /** Invocations per cached scenario (200, 304); the uncached one makes one per cursor. */
  readonly invocations: number
  /** Invocations of the article page scenario. */
  readonly pageInvocations: number
  readonly slices: number
}

/**
 * The public function's memory in the stack (cdk/), which sets its share of a vCPU: the instances
 * are told so, and bench/capacity.ts scales the measured CPU by it.
 */
export const lambdaMemoryMb = 512

const instanceUrl = new URL('./lambda-instance.ts', import.meta.url)

/** CloudFront forwards this when the cache policy enables gzip and brotli (as the stack's does). */
const cloudFrontEncoding = 'br,gzip'

export async function measureHandler(options: HandlerOptions): Promise<HandlerSection> {
  const loadAverage = loadavg()[0] ?? 0
  const dir = await mkdtemp(join(tmpdir(), 'bench-handler-'))
  const instances: LambdaInstance[] = []
  try {
    const [runner, productBundle, noLogBundle] = await Promise.all([
      bundle(fileURLToPath(instanceUrl), join(dir, 'runner')),
      bundle(functionEntries.public, join(dir, 'public')),
      bundle(functionEntries.public, join(dir, 'public-no-log'), [withoutRequestLog]),
    ])
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: options.storeEndpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'bench-function',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(lambdaMemoryMb),
      TABLE_NAME: options.tableName,
      SITE_URL: options.siteUrl,
      FEED_PAGE_SIZE: String(options.feedPageSize),
      CURSOR_SECRET: options.cursorSecret,
      NODE_OPTIONS: '--enable-source-maps',
    }
    const logOn = await LambdaInstance.start(runner.path, productBundle.path, env)
    instances.push(logOn)
    const logOff = await LambdaInstance.start(runner.path, noLogBundle.path, env)
    instances.push(logOff)

    const feedEvent = (headers: Record<string, string> = {}, query = '') =>
      functionUrlEvent('/rss.xml', query, headers)
    // Warm both instances and learn the feed's current ETag as CloudFront would hold it (brotli).
    const warm = { scenario: 'warm-up', events: [feedEvent()], from: 0, count: 200, bare: true }
    const etag = (await logOn.run(warm)).first.etag ?? ''
    await logOff.run(warm)
    const scenarios: Scenario[] = [
      {
        name: 'cached feed 200',
        how: '/rss.xml, Accept-Encoding br,gzip, no validators: the cached brotli body',
        events: [feedEvent()],
        invocations: options.invocations,
        expectedStatus: 200,
      },
      {
        name: '304 revalidation',
        how: '/rss.xml with If-None-Match: the current ETag',
        events: [feedEvent({ 'if-none-match': etag })],
        invocations: options.invocations,
        expectedStatus: 304,
      },
      {
        name: 'uncached feed',
        how: `RSS pages of ${options.cursors.length} distinct signed ?before= cursors, each asked once: every one reads its page`,
        events: options.cursors.map((c) => feedEvent({}, `before=${c}`)),
        invocations: options.cursors.length,
        expectedStatus: 200,
      },
      {
        name: 'article page',
        how: `HTML pages of ${options.articleSlugs.length} articles in turn: one GetItem each, no instance cache`,
        events: options.articleSlugs.map((slug) => functionUrlEvent(`/articles/${slug}`, '', {})),
        invocations: options.pageInvocations,
        expectedStatus: 200,
      },
    ]
    const rows: HandlerRow[] = []
    let invoked = warm.count + 1
    for (const scenario of scenarios) {
      const on: number[] = []
      const off: number[] = []
      const bare: number[] = []
      const statuses: Record<string, number> = {}
      let calls: Record<string, number> = {}
      let first: RunReply['first'] | undefined
      const perSlice = Math.ceil(scenario.invocations / options.slices)
      // Log on (with the bare app) and log off take turns, so a slow stretch of the machine weighs
      // on all three alike; the store's calls are counted around the log-on turns only.
      for (let from = 0; from < scenario.invocations; from += perSlice) {
        const slice = {
          scenario: scenario.name,
          events: scenario.events,
          from,
          count: Math.min(perSlice, scenario.invocations - from),
        }
        const before = await options.storeRequests()
        const reply = await logOn.run({ ...slice, bare: true })
        calls = add(calls, difference(await options.storeRequests(), before))
        on.push(...reply.product)
        bare.push(...reply.bare)
        for (const [status, n] of Object.entries(reply.statuses))
          statuses[status] = (statuses[status] ?? 0) + n
        first ??= reply.first
        off.push(...(await logOff.run({ ...slice, bare: false })).product)
      }
      // The first invocation of a scenario captures the response the bare app replays: counted too.
      invoked += on.length + 1
      const product = timing(on)
      const offTiming = timing(off)
      const bareTiming = timing(bare)
      rows.push({
        name: scenario.name,
        how: scenario.how,
        expectedStatus: scenario.expectedStatus,
        invocations: on.length,
        bodyBytes: first?.bodyBytes ?? 0,
        product,
        logOff: offTiming,
        bare: bareTiming,
        ratio: bareTiming.p50Ms / product.p50Ms,
        ratioLogOff: bareTiming.p50Ms / offTiming.p50Ms,
        logCostMs: product.p50Ms - offTiming.p50Ms,
        storeCalls: perRequest(calls, on.length + 1),
        expectedShare: (statuses[String(scenario.expectedStatus)] ?? 0) / on.length,
      })
    }
    // The last lines may still be in the pipe.
    await new Promise((resolve) => setTimeout(resolve, 200))
    return {
      notes: [
        'Public bundle built with cdk/bundling.ts esbuildOptions, imported once by a warm instance in its own node process (NODE_OPTIONS=--enable-source-maps, as the stack sets) and invoked one event at a time with Function URL events (payload 2.0) as CloudFront forwards them (Accept-Encoding br,gzip).',
        'Duration: from the handler call to its result serialised as the runtime posts it; billed: each invocation rounded up to the next ms, as Lambda bills. This machine’s CPU, not a 512 MB function’s share of one (about 0.29 vCPU): on Lambda the CPU part scales up by about 3.5, the store round trips do not.',
        'Store: dynalite in its own process, reached over loopback; its calls counted as they arrive. The feed-state memo (1 s) renews about once a second of run time, so a few of the cached 200s and 304s pay a GetItem.',
        'Bare: a Hono app behind the product’s adapter (toLambdaHandler over hono/aws-lambda) replaying the product’s first response verbatim (status, headers, body), in the same instance.',
        'Log off: the same bundle built with the public app given no logger (no logging middleware, no line), in a second instance. Log on, bare and log off take turns in slices, so a slow stretch of the machine weighs on all three alike.',
      ],
      realTimeScheduling: logOn.realTime && logOff.realTime,
      loadAverage,
      bundleBytes: productBundle.bytes,
      logBytesPerRequest: logOn.logBytes / invoked,
      rows,
    }
  } finally {
    for (const instance of instances) instance.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

interface Scenario {
  readonly name: string
  readonly how: string
  readonly events: readonly unknown[]
  readonly invocations: number
  readonly expectedStatus: number
}

/**
 * Builds the bundle with the public app given no logger, so that it adds no logging middleware and
 * writes no request line: the entry's import of `createPublicApp` is answered by a module that
 * hands on every dependency but `logger`. Whatever logger the entry builds, the app never sees it.
 * Fails when the entry no longer imports it, so that the bench says what to update.
 */
const withoutRequestLog: Plugin = {
  name: 'without-request-log',
  setup(b) {
    const appModule = /[/\\]lib[/\\]http[/\\]create-public-app\.ts$/
    let replaced = false
    b.onResolve({ filter: /create-public-app\.ts$/ }, (args) => {
      if (args.namespace === 'without-request-log') return undefined
      const path = join(args.resolveDir, args.path)
      if (!appModule.test(path)) return undefined
      replaced = true
      return { path, namespace: 'without-request-log' }
    })
    b.onLoad({ filter: /.*/, namespace: 'without-request-log' }, (args) => ({
      contents: `import { createPublicApp as withLogger } from ${JSON.stringify(args.path)}
export function createPublicApp({ logger, ...deps }) { return withLogger(deps) }`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }))
    b.onEnd((result) => {
      if (!replaced && result.errors.length === 0) {
        result.errors.push({
          id: 'without-request-log',
          pluginName: 'without-request-log',
          text: 'the public entry no longer imports lib/http/create-public-app.ts: update the log-off build in bench/handler.ts',
          location: null,
          notes: [],
          detail: undefined,
        })
      }
    })
  },
}

async function bundle(
  entry: string,
  outdir: string,
  plugins: Plugin[] = [],
): Promise<{ path: string; bytes: number }> {
  const options = esbuildOptions(entry, outdir)
  const result = await build({ ...options, plugins, metafile: true })
  const path = bundleEntry(outdir)
  // The entry file's bytes: its chunks load on first use.
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('/index.mjs'))
  return { path, bytes: output?.[1].bytes ?? 0 }
}

/** A Function URL event (payload 2.0) as CloudFront's origin request reaches the public function. */
export function functionUrlEvent(path: string, query: string, headers: Record<string, string>) {
  const urlId = 'publicurlid0123456789abcdefghijk'
  const domainName = `${urlId}.lambda-url.us-east-1.on.aws`
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: {
      host: domainName,
      'accept-encoding': cloudFrontEncoding,
      'user-agent': 'Amazon CloudFront',
      via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
      'x-amz-cf-id': 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijABCDEF==',
      'x-amzn-trace-id': 'Root=1-67d00000-0123456789abcdef01234567',
      'x-forwarded-for': '203.0.113.7, 64.252.1.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...headers,
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: urlId,
      domainName,
      domainPrefix: urlId,
      http: {
        method: 'GET',
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '64.252.1.1',
        userAgent: 'Amazon CloudFront',
      },
      requestId: '6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c',
      routeKey: '$default',
      stage: '$default',
      time: '11/Mar/2025:09:19:00 +0000',
      timeEpoch: 1_741_684_740_000,
    },
    isBase64Encoded: false,
  }
}

/** A warm instance in its own process: the bundle is imported once, then every run reuses it. */
class LambdaInstance {
  #next = 0
  /** Whether the instance runs under real-time scheduling. */
  realTime = false
  /** Bytes the instance wrote to stdout: its log lines. */
  logBytes = 0
  readonly #child: ChildProcess
  #stderr = ''

  private constructor(child: ChildProcess) {
    this.#child = child
    // The request log goes to stdout, a pipe as on Lambda; counted, not kept.
    child.stdout?.on('data', (chunk: Buffer) => {
      this.logBytes += chunk.byteLength
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-5000)
    })
  }

  static async start(runner: string, product: string, env: Record<string, string>): Promise<LambdaInstance> {
    const child = fork(runner, [pathToFileURL(product).href], {
      env: { PATH: process.env.PATH ?? '', ...env },
      silent: true,
    })
    const instance = new LambdaInstance(child)
    instance.realTime = realTimeScheduling(child.pid)
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) =>
        reject(new Error(`the bundle failed to load (exit ${code}):\n${instance.#stderr}`)),
      )
    })
    return instance
  }

  run(message: Omit<RunMessage, 'id'>): Promise<RunReply> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      const onMessage = (reply: RunReply) => {
        if (reply.id !== id) return
        this.#child.off('message', onMessage)
        if (reply.error !== undefined) reject(new Error(`instance: ${reply.error}\n${this.#stderr}`))
        else resolve(reply)
      }
      this.#child.on('message', onMessage)
      this.#child.send({ ...message, id })
    })
  }

  stop(): void {
    this.#child.kill()
  }
}

/**
 * A Lambda instance has its share of a CPU to itself. On a machine that other work shares, the
 * scheduler's time slices otherwise land in the timings as stalls of several ms, at the p90
 * already under a load of 10 on 2 cores: the instance runs under SCHED_FIFO at the lowest
 * real-time priority when `chrt` is there and permitted (root or CAP_SYS_NICE), and says so.
 */
export function realTimeScheduling(pid: number | undefined): boolean {
  if (pid === undefined) return false
  try {
    execFileSync('chrt', ['--all-tasks', '--fifo', '--pid', '1', String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function timing(durations: readonly number[]): Timing {
  const sorted = [...durations].sort((a, b) => a - b)
  const billed = sorted.map((ms) => Math.max(1, Math.ceil(ms)))
  const mean = (values: readonly number[]) =>
    values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)
  return {
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: mean(sorted),
    billedMeanMs: mean(billed),
    billedP99Ms: quantile(billed, 0.99),
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN
}

function difference(
  after: Readonly<Record<string, number>>,
  before: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [operation, count] of Object.entries(after)) {
    const delta = count - (before[operation] ?? 0)
    if (delta > 0) out[operation] = delta
  }
  return out
}

function add(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = { ...a }
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n
  return out
}

function perRequest(calls: Readonly<Record<string, number>>, requests: number): Record<string, number> {
  return Object.fromEntries(Object.entries(calls).map(([operation, n]) => [operation, n / requests]))
}
