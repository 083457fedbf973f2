import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join } from 'node:path'

/*
 * moto_server (moto, Apache-2.0, installed with Python on these machines and in CI), one per test
 * run on a free loopback port (tests/support/shared-moto.ts: a region per file), or one of its own
 * for the bench: it answers SSM, Secrets Manager, EventBridge Scheduler, SQS,
 * DynamoDB and DynamoDB Streams in each API's own protocol, so the real SDK clients of the product
 * talk to it through `AWS_ENDPOINT_URL_<SERVICE>` or an `endpoint`. AWS's DynamoDB Local is not used:
 * its licence is not open source.
 *
 * Where moto is not AWS (checked for moto 5.2): it completes CloudFront invalidations at once and
 * ignores CallerReference reuse (the notifier tests keep a stand-in for CloudFront for that), it
 * enforces no IAM policy, and a Scheduler schedule never fires (tests invoke the notifier with the
 * event the schedule holds).
 */

/** The moto_server on PATH, or undefined: tests skip with {@link motoMissing} then. */
export const motoServerPath: string | undefined = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '')
  .map((dir) => join(dir, 'moto_server'))
  .find((file) => {
    try {
      accessSync(file, constants.X_OK)
      return true
    } catch {
      return false
    }
  })

export const motoMissing =
  'moto_server is not on PATH (pip install "moto[server]"): the tests against the AWS emulator are skipped'

if (motoServerPath === undefined) console.warn(motoMissing)

export interface Moto {
  /** http://127.0.0.1:port, for every service. */
  readonly endpoint: string
  /** The region whose resources are this user's (moto keeps each region's apart). */
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /** The environment that points the SDK of a function at this server, service by service. */
  readonly env: Readonly<Record<string, string>>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) })
    await response.body?.cancel()
    return response.ok
  } catch {
    return false
  }
}

/** How the SDK reaches moto at `endpoint`, in `region`: client options and a function's environment. */
export function motoEnv(endpoint: string, region: string): Omit<Moto, 'stop'> {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'moto-secret' }
  return {
    endpoint,
    region,
    credentials,
    env: {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
    },
  }
}

/** Starts moto_server in the background on a free port and waits until it answers (up to a minute). */
export async function startMoto(): Promise<Moto> {
  if (motoServerPath === undefined) throw new Error(motoMissing)
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const endpoint = `http://127.0.0.1:${port}`
    const output: string[] = []
    const child: ChildProcess = spawn(motoServerPath, ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        output.push(chunk)
        if (output.length > 200) output.shift()
      })
    }
    let exited = false
    child.once('exit', () => {
      exited = true
    })
    const deadline = Date.now() + 60_000
    while (!exited && Date.now() < deadline && !(await answers(endpoint))) {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    if (!exited && (await answers(endpoint))) {
      return {
        ...motoEnv(endpoint, 'us-east-1'),
        async stop() {
          if (exited) return
          const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
          await gone
          clearTimeout(timer)
        },
      }
    }
    child.kill('SIGKILL')
    // The port was taken between finding it and moto binding it: try another, twice.
    if (attempt >= 2) throw new Error(`moto_server did not start: ${output.join('').slice(-2000)}`)
  }
}
