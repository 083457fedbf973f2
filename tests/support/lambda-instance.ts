import { type ChildProcess, fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { Webhook } from 'standardwebhooks'

/*
 * A bundled Lambda function run as a warm instance in its own `node` process, invoked one event at
 * a time: the notifier tests (tests/functions/) start one each.
 */

/**
 * The module a forked `node` runs: it imports a bundle and invokes its handler per message, as a
 * warm instance. `functionUrl`: the whole context the runtime gives a Function URL's handler, with
 * the event's request id (tests/functions/bundles.test.ts).
 */
export function lambdaRunnerSource(functionArn: string, options: { functionUrl?: boolean } = {}): string {
  const context = options.functionUrl
    ? `{
    awsRequestId: event.requestContext.requestId,
    functionName: 'test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: '${functionArn}',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/test-function',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  }`
    : `{ awsRequestId: id, invokedFunctionArn: '${functionArn}', getRemainingTimeInMillis: () => 300000 }`
  return `
const { handler } = await import(process.argv[2])
process.on('message', async ({ id, event }) => {
  try {
    process.send({ id, result: await handler(event, ${context}) })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? String(error.stack) : String(error) })
  }
})
process.send({ ready: true })
`
}

/** One warm Lambda instance of the bundle. */
export class LambdaInstance {
  private readonly pending = new Map<string, (value: { result?: unknown; error?: string }) => void>()
  /** What the instance wrote, stdout and stderr, chunk by chunk. */
  readonly output: string[] = []
  /** Its stdout alone, line by line (the JSON log lines). */
  readonly stdout: string[] = []

  private constructor(private readonly child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk))
    }
    child.stdout?.on('data', (chunk: string) => {
      this.stdout.push(...chunk.split('\n').filter((line) => line !== ''))
    })
    child.on('message', (message: { id?: string; result?: unknown; error?: string }) => {
      if (message.id === undefined) return
      this.pending.get(message.id)?.(message)
      this.pending.delete(message.id)
    })
  }

  static async start(runner: string, bundle: string, env: Record<string, string>): Promise<LambdaInstance> {
    const child = fork(runner, [pathToFileURL(bundle).href], {
      env: { PATH: process.env.PATH ?? '', ...env },
      silent: true,
    })
    const instance = new LambdaInstance(child)
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) =>
        reject(new Error(`exit ${code}: ${instance.output.join('').slice(-3000)}`)),
      )
    })
    return instance
  }

  async invoke(event: unknown): Promise<unknown> {
    const id = randomUUID()
    const answer = await new Promise<{ result?: unknown; error?: string }>((resolve) => {
      this.pending.set(id, resolve)
      this.child.send({ id, event })
    })
    if (answer.error !== undefined) throw new Error(answer.error)
    return answer.result
  }

  /** invoke, checking the answer's shape with `is`. */
  async invokeAs<T>(is: (value: unknown) => value is T, event: unknown): Promise<T> {
    const answer = await this.invoke(event)
    if (!is(answer)) throw new Error(`not the answer expected: ${JSON.stringify(answer)}`)
    return answer
  }

  stop(): void {
    this.child.kill()
  }
}

/** Verifies a Standard Webhooks delivery with `secret` (throws when it does not verify) and parses its body. */
export function webhookVerifier(secret: string | Uint8Array) {
  const verifier = new Webhook(secret)
  return (body: string, headers: Record<string, string | string[] | undefined>) => {
    const flat: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') flat[name] = value
    verifier.verify(body, flat)
    return JSON.parse(body) as { type: string; timestamp: string; data: { slug: string; title: string } }
  }
}
