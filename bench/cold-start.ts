import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { CreateTableCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { build, type Metafile } from 'esbuild'
import { bundleEntry, esbuildOptions, filesLoadedAtStart, functionEntries } from '../cdk/esbuild-options.ts'
import type { Article } from '../lib/articles/article.ts'
import { readConfig } from '../lib/config.ts'
import { type Moto, motoServerPath, startMoto } from '../tests/support/moto.ts'
import { createBenchTable, createStoreClient } from './bench-stack.ts'
import { articleInputJson, buildTemplates } from './fixtures.ts'
import { functionUrlEvent } from './handler.ts'
import { seedArticlesInBatches } from './seed.ts'
import { startStoreProcess } from './store-process.ts'

const run = promisify(execFile)

export interface ColdStart {
  readonly name: string
  /**
   * Bytes the import reads: index.mjs and the chunks it imports statically, minified, source maps
   * aside (the chunks behind an import() wait for their first use).
   */
  readonly bytes: number
  /** Median time to import the bundle (module evaluation: what a Lambda INIT spends on our code). */
  readonly medianImportMs: number
  /**
   * Median CPU time of the import (`process.cpuUsage()`, user and system, the V8 threads that
   * compile and collect included): the figure a busy machine inflates least.
   */
  readonly medianCpuMs: number
  /**
   * The first and third quartiles of the import's wall and CPU time: on a shared machine one import
   * swings by tens of per cent (the public import was bimodal, about 95 or 140 ms), so a median
   * comes with its spread.
   */
  readonly importSpreadMs: readonly [number, number]
  readonly cpuSpreadMs: readonly [number, number]
  /**
   * The import plus the first request, for the public function (a feed, `/rss.xml`, from a store
   * it reaches), the publish function (`POST /api/articles` of an HTML article with a valid token,
   * read from Secrets Manager (moto_server), when moto_server is on PATH) and the bare bundle (one
   * item): what a reader or a publisher meets on a cold start. The split
   * bundles load some chunks only there, so a deferral shows here as what it is, not as a saving.
   */
  readonly medianFirstRequestMs?: number
  readonly medianFirstRequestCpuMs?: number
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
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
}

/**
 * Imports the bundle (argv[1]); with an event (argv[2]) invokes its handler once, as the runtime
 * would. Prints the milliseconds `[import wall, import CPU, + first request wall, + CPU]`.
 */
const probe = `const cpu = process.cpuUsage(); const started = performance.now();
const { handler } = await import(process.argv[1]);
const wall = performance.now() - started; const used = process.cpuUsage(cpu);
const times = [wall, (used.user + used.system) / 1000];
const event = process.argv[2]?.replaceAll('%RUN%', crypto.randomUUID().slice(0, 8));
if (event) {
  const context = { awsRequestId: '00000000-0000-4000-8000-000000000001', functionName: 'cold-start',
    functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:cold-start',
    memoryLimitInMB: '512', logGroupName: '/aws/lambda/cold-start', logStreamName: 'cold-start',
    callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
  const result = await handler(JSON.parse(event), context);
  const all = process.cpuUsage(cpu);
  if (result.statusCode !== 200 && result.statusCode !== 201) throw new Error('the first request answered ' + result.statusCode);
  times.push(performance.now() - started, (all.user + all.system) / 1000);
}
process.stdout.write(JSON.stringify(times));`

export interface ColdStartOptions {
  /** Fresh processes per bundle; {@link defaultColdStartRuns} by default. */
  readonly runs?: number
  /** NODE_OPTIONS of the processes; by default what the stack sets on the functions. */
  readonly nodeOptions?: string
  /** What the store the first requests read is seeded from (`bench/fixtures.ts`). */
  readonly templates?: readonly Article[]
  /** Builds each entry; {@link buildAsStack} by default (the tests hand their run's shared builds). */
  readonly build?: BuildBundle
  /**
   * The moto_server the publish function's first request reads its token from (the tests share
   * their run's); by default one started for the section, where moto_server is on PATH.
   */
  readonly moto?: Moto
}

/** A build of `entry`, named `name`, with its metafile and the directory it is in. */
export type BuildBundle = (
  name: string,
  entry: string,
  outdir: string,
) => Promise<{ readonly metafile: Metafile; readonly outdir: string }>

/** Builds `entry` into `outdir` exactly as the stack does. */
export const buildAsStack: BuildBundle = async (_name, entry, outdir) => {
  const { metafile } = await build({ ...esbuildOptions(entry, outdir), metafile: true })
  return { metafile, outdir }
}

/** Rounds of the section: odd, so the median is one import, and enough for quartiles. */
export const defaultColdStartRuns = 21

/** Articles in the store the first requests read: a full feed page and a next one. */
const storedArticles = 30

/**
 * Bundles every entry exactly as the stack does, and beside them a bare Hono + DynamoDB client
 * bundle (`bench/bare-function.ts`) and the same reading the public function's configuration first
 * (`bench/bare-configured-function.ts`, row `bare, configured`), and imports each in `runs` fresh
 * `node` processes. The runs go in rounds, one import of every bundle a round in a rotating order,
 * so a change in the machine's load during the section weighs on every bundle alike: measured one
 * bundle after another, the functions (first) met the load the sections before them left behind and
 * the bare bundle (last) a quiet machine, and their ratio showed the machine, not the bundles. Under the stack's
 * `--enable-source-maps`, the public and bare bundles are imported without it too, in the same
 * rounds (rows `public, no source maps` and `bare, no source maps`, import only): what Node's
 * reading of the maps costs each.
 */
export async function measureColdStart(options: ColdStartOptions = {}): Promise<ColdStart[]> {
  const runs = options.runs ?? defaultColdStartRuns
  const nodeOptions = options.nodeOptions ?? '--enable-source-maps'
  const outdir = await mkdtemp(join(tmpdir(), 'cold-start-'))
  const store = await startStoreProcess()
  const client = createStoreClient(store.endpoint)
  // The publish function's first request reads its token from Secrets Manager: moto_server answers.
  const moto = options.moto ?? (motoServerPath === undefined ? undefined : await startMoto())
  try {
    // The bare bundle is built and measured beside the functions, the same way.
    const entries = {
      ...functionEntries,
      bare: fileURLToPath(new URL('bare-function.ts', import.meta.url)),
      'bare, configured': fileURLToPath(new URL('bare-configured-function.ts', import.meta.url)),
    }
    const bundles: Bundle[] = []
    for (const [name, entry] of Object.entries(entries)) {
      const built = await (options.build ?? buildAsStack)(name, entry, join(outdir, name))
      const { metafile } = built
      const bytes = filesLoadedAtStart(metafile, built.outdir).reduce(
        (sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0),
        0,
      )
      bundles.push({
        bytes,
        name,
        file: bundleEntry(built.outdir),
        wall: [],
        cpu: [],
        firstWall: [],
        firstCpu: [],
      })
    }
    // Lever 4 of issue 20.7: what the source maps cost. The same public and bare bundles, imported
    // without --enable-source-maps (Node then reads no map at all), in the same rounds.
    if (nodeOptions.includes('--enable-source-maps')) {
      for (const name of ['public', 'bare']) {
        const bundle = bundles.find((b) => b.name === name)
        if (bundle === undefined) continue
        bundles.push({
          ...bundle,
          name: `${name}, no source maps`,
          nodeOptions: nodeOptions.replace('--enable-source-maps', '').trim(),
          wall: [],
          cpu: [],
          firstWall: [],
          firstCpu: [],
        })
      }
    }
    const firstRequests = {
      ...(await prepareFirstRequests(client, store.endpoint, options.templates)),
      ...(moto && (await preparePublishRequest(client, store.endpoint, moto))),
    }
    for (let round = 0; round < runs; round += 1) {
      for (let i = 0; i < bundles.length; i += 1) {
        const bundle = bundles[(round + i) % bundles.length]
        if (bundle === undefined) continue
        const first = firstRequests[bundle.name]
        const { stdout } = await run(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            probe,
            pathToFileURL(bundle.file).href,
            ...(first ? [first.event] : []),
          ],
          {
            env: {
              PATH: process.env.PATH ?? '',
              ...lambdaLikeEnv,
              ...first?.env,
              NODE_OPTIONS: bundle.nodeOptions ?? nodeOptions,
            },
          },
        )
        const [wall, cpu, firstWall, firstCpu] = parseProbe(stdout)
        if (
          wall === undefined ||
          cpu === undefined ||
          (first && (firstWall === undefined || firstCpu === undefined))
        ) {
          throw new Error(`${bundle.name}: the probe printed ${JSON.stringify(stdout)}`)
        }
        bundle.wall.push(wall)
        bundle.cpu.push(cpu)
        if (firstWall !== undefined && firstCpu !== undefined) {
          bundle.firstWall.push(firstWall)
          bundle.firstCpu.push(firstCpu)
        }
      }
    }
    const results: ColdStart[] = []
    for (const { name, bytes, wall, cpu, firstWall, firstCpu } of bundles) {
      results.push({
        name,
        bytes,
        medianImportMs: median(wall),
        medianCpuMs: median(cpu),
        importSpreadMs: [quantile(wall, 0.25), quantile(wall, 0.75)],
        cpuSpreadMs: [quantile(cpu, 0.25), quantile(cpu, 0.75)],
        ...(firstWall.length > 0
          ? { medianFirstRequestMs: median(firstWall), medianFirstRequestCpuMs: median(firstCpu) }
          : {}),
      })
    }
    return results
  } finally {
    client.destroy()
    if (options.moto === undefined) await moto?.stop()
    await store.close()
    await rm(outdir, { recursive: true, force: true })
  }
}

interface Bundle {
  readonly name: string
  /** NODE_OPTIONS of this row's imports, when not the section's. */
  readonly nodeOptions?: string
  readonly bytes: number
  readonly file: string
  readonly wall: number[]
  readonly cpu: number[]
  readonly firstWall: number[]
  readonly firstCpu: number[]
}

/**
 * A table of the stack's definition holding `storedArticles` articles for the public function's
 * feed, and a table keyed by `pk` alone holding the item the bare bundle reads: the Function URL
 * event and the environment of each one's first request.
 */
async function prepareFirstRequests(
  client: ReturnType<typeof createStoreClient>,
  endpoint: string,
  given: readonly Article[] | undefined,
): Promise<Record<string, { event: string; env: Record<string, string> }>> {
  const templates = given ?? (await buildTemplates(10, site, new Date()))
  const feedTable = await createBenchTable(client, 'cold-start-feed')
  await seedArticlesInBatches({ client, tableName: feedTable.name }, templates, storedArticles, {
    newestMs: Date.now() - 3_600_000,
    spacingMs: 600_000,
    concurrency: 2,
  })
  const bareTable = 'cold-start-bare'
  await client.send(
    new CreateTableCommand({
      TableName: bareTable,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: bareTable })
  await client.send(
    new PutItemCommand({ TableName: bareTable, Item: { pk: { S: 'item' }, title: { S: 'An item' } } }),
  )
  const env = (tableName: string) => ({ AWS_ENDPOINT_URL_DYNAMODB: endpoint, TABLE_NAME: tableName })
  return {
    public: { event: JSON.stringify(functionUrlEvent('/rss.xml', '', {})), env: env(feedTable.name) },
    bare: { event: JSON.stringify(functionUrlEvent('/item', '', {})), env: env(bareTable) },
  }
}

/**
 * The publish function's commonest request: `POST /api/articles` of a bench article (HTML, as a
 * newsroom's system sends it) with a valid token, into a table of the stack's definition, the
 * token in a Secrets Manager secret of moto_server. The probe gives each run its own slug (`%RUN%`).
 */
async function preparePublishRequest(
  client: ReturnType<typeof createStoreClient>,
  endpoint: string,
  moto: Moto,
): Promise<Record<string, { event: string; env: Record<string, string> }>> {
  const table = await createBenchTable(client, 'cold-start-publish')
  const token = 'cold-start-publish-token-0123456789abcdef'
  const secrets = new SecretsManagerClient({
    endpoint: moto.endpoint,
    region: moto.region,
    credentials: moto.credentials,
  })
  try {
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: 'cold-start-publish-token', SecretString: token }),
    )
    if (ARN === undefined) throw new Error('moto_server made a secret without an ARN')
    const get = functionUrlEvent('/api/articles', '', {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    })
    const event = {
      ...get,
      requestContext: { ...get.requestContext, http: { ...get.requestContext.http, method: 'POST' } },
      body: JSON.stringify(articleInputJson(1, 'cold-start-%RUN%')),
    }
    return {
      publish: {
        event: JSON.stringify(event),
        env: {
          AWS_ENDPOINT_URL_DYNAMODB: endpoint,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
          TABLE_NAME: table.name,
          PUBLISH_TOKEN_SECRET_ARN: ARN,
          // Where the secret is: moto keeps each region's apart.
          AWS_REGION: moto.region,
        },
      },
    }
  } finally {
    secrets.destroy()
  }
}

const site = readConfig({ SITE_URL: lambdaLikeEnv.SITE_URL }).site

/** The probe's milliseconds (its last line); `[]` when it printed something else. */
function parseProbe(stdout: string): readonly number[] {
  try {
    // The last line: a request may write its log line before.
    const parsed: unknown = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1))
    if (!Array.isArray(parsed)) return []
    const values = parsed.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    return values.length === parsed.length && (values.length === 2 || values.length === 4) ? values : []
  } catch {
    return []
  }
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** The `p` quantile of `values` by linear interpolation between the nearest ranks, to 0.1. */
function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * p
  const below = sorted[Math.floor(at)] ?? 0
  const above = sorted[Math.ceil(at)] ?? below
  return Math.round((below + (above - below) * (at - Math.floor(at))) * 10) / 10
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await measureColdStart()) {
    const first =
      row.medianFirstRequestMs === undefined
        ? ''
        : `; + first request ${row.medianFirstRequestMs} ms, CPU ${row.medianFirstRequestCpuMs} ms`
    console.log(
      `${row.name.padEnd(18)} ${(row.bytes / 1024).toFixed(1).padStart(7)} KB minified   import ${row.medianImportMs} ms (${row.importSpreadMs.join('–')}), CPU ${row.medianCpuMs} ms (${row.cpuSpreadMs.join('–')})${first} (medians and quartiles of ${defaultColdStartRuns})`,
    )
  }
}
