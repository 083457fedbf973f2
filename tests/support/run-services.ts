import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'
import { functionEntries } from '../../cdk/esbuild-options.ts'
import { type Moto, motoServerPath, startMoto } from './moto.ts'
import { type BuildVariant, buildVariants } from './run-builds.ts'

/*
 * vitest's globalSetup (vitest.config.ts): what test files would otherwise each make again, made at
 * most once per run, on first use, by vitest's main process: the function bundles (esbuild, about
 * 0.8 s of CPU each) and one moto_server (about 2 s to start). A loopback HTTP server hands them out
 * (`inject('runServices')`, read by tests/support/stack-bundles.ts and shared-moto.ts): a run that
 * needs neither builds and starts nothing.
 *
 * moto keeps its state per region: each file that asks gets a region of its own, so no file sees
 * another's secrets, schedules, tables or log groups.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:port of this run's services. */
    runServices: string
  }
}

/**
 * What `GET /moto` answers: the run's moto_server, and the region of the file that asked (the next
 * free one, or `?region=` when the file needs that one: no other file gets it then).
 */
export interface SharedMotoAnswer {
  readonly endpoint: string
  readonly region: string
}

/** What `GET /build/<variant>/<function>` answers: the bundle's directory and its metafile's path. */
export interface BuildAnswer {
  readonly outdir: string
  readonly metafile: string
}

/**
 * Regions every service the tests call exists in, handed out in turn: one per file that uses moto.
 * us-east-1 is not among them: it is given only to the file that asks for it by name.
 */
const motoRegions = [
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
  'ca-central-1',
  'sa-east-1',
  'ap-northeast-3',
] as const

interface Services {
  readonly url: string
  users: number
  close(): Promise<void>
}

async function startServices(project: TestProject): Promise<Services> {
  const dir = await mkdtemp(join(tmpdir(), 'run-services-'))
  const builds = new Map<string, Promise<BuildAnswer>>()
  let moto: Promise<Moto> | undefined
  const regionsGiven = new Set<string>()

  // A rerun (watch mode) builds anew, into a directory of its own: the sources may have changed.
  let generation = 0
  const bundle = (variant: BuildVariant, name: keyof typeof functionEntries): Promise<BuildAnswer> => {
    const key = `${variant}/${name}`
    const known = builds.get(key)
    if (known) return known
    const built = (async () => {
      const outdir = join(dir, String(generation), variant, name)
      const { metafile } = await build(buildVariants[variant](functionEntries[name], outdir))
      const metafilePath = join(dir, String(generation), variant, `${name}.metafile.json`)
      await writeFile(metafilePath, JSON.stringify(metafile))
      return { outdir, metafile: metafilePath }
    })()
    builds.set(key, built)
    return built
  }

  /** The next region no file has, or `wanted` if no file has it yet. */
  const shareMoto = async (wanted: string | null): Promise<SharedMotoAnswer> => {
    const region = wanted ?? motoRegions.find((known) => !regionsGiven.has(known))
    if (region === undefined) {
      throw new Error(`more than ${motoRegions.length} files share the run's moto_server: add regions`)
    }
    if (regionsGiven.has(region)) throw new Error(`another file of the run has moto's ${region}`)
    regionsGiven.add(region)
    moto ??= startMoto()
    return { endpoint: (await moto).endpoint, region }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const [, kind, variant, name] = url.pathname.split('/')
    const answer =
      kind === 'moto' && motoServerPath !== undefined
        ? shareMoto(url.searchParams.get('region'))
        : kind === 'build' && variant !== undefined && variant in buildVariants && name !== undefined
          ? name in functionEntries
            ? bundle(variant as BuildVariant, name as keyof typeof functionEntries)
            : undefined
          : undefined
    if (answer === undefined) {
      response.writeHead(404).end(`no such service: ${request.url}`)
      return
    }
    answer.then(
      (value) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value)),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.stack : String(error)),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // A rerun (watch mode) starts the files again: new builds, their regions and resources from scratch.
  project.onTestsRerun(async () => {
    generation += 1
    builds.clear()
    regionsGiven.clear()
    if (moto) await fetch(`${(await moto).endpoint}/moto-api/reset`, { method: 'POST' })
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    users: 0,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (moto) await (await moto).stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/*
 * Each project that runs tests calls the setup (the root config's globalSetup is every project's,
 * through `extends: true`), all in vitest's main process: the first starts the services, the others
 * share them, and the last teardown stops them.
 */
const shared = Symbol.for('newsfeed.runServices')
type WithServices = typeof globalThis & { [shared]?: Promise<Services> }

export async function setup(project: TestProject): Promise<void> {
  const holder: WithServices = globalThis
  holder[shared] ??= startServices(project)
  const services = await holder[shared]
  services.users += 1
  project.provide('runServices', services.url)
}

export async function teardown(): Promise<void> {
  const holder: WithServices = globalThis
  const services = await holder[shared]
  if (services === undefined) return
  services.users -= 1
  if (services.users > 0) return
  delete holder[shared]
  await services.close()
}
