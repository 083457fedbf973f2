import { Hono } from 'hono'
import { toLambdaHandler } from '../functions/lambda-adapter.ts'
import type { AppEnv } from '../lib/http/app-base.ts'

/*
 * One warm Lambda instance, as `bench/handler.ts` runs it: bundled with the stack's esbuild options
 * and started with `node` in a process of its own (the product bundle's URL in argv), it imports
 * the product's `handler` once, then invokes it one event at a time, as the Lambda runtime does,
 * timing each invocation from the call to the result serialised for the Runtime API. Next to it, a
 * bare Hono app behind the same adapter as the product's (`toLambdaHandler`) replays the product's
 * first response of each run, so the ratio says what the product adds to what any Hono app pays.
 */

/** What the adapter returns for a Function URL event (payload 2.0). */
interface FunctionUrlResult {
  readonly statusCode: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  readonly isBase64Encoded?: boolean
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>

/**
 * A slice of a scenario: product invocations with `events[from]` to `events[from + count - 1]`
 * (cycling), then, with `bare`, as many of the bare app. A scenario's first slice first invokes the
 * product once more, untimed, to learn the response the bare app replays.
 */
export interface RunMessage {
  readonly id: number
  readonly scenario: string
  readonly events: readonly unknown[]
  readonly from: number
  readonly count: number
  readonly bare: boolean
}

export interface RunReply {
  readonly id: number
  /** Duration of each product invocation, ms. */
  readonly product: readonly number[]
  /** Duration of each bare-app invocation, ms. */
  readonly bare: readonly number[]
  /** Product results by status code. */
  readonly statuses: Readonly<Record<string, number>>
  /** The scenario's first product result: status and the body bytes the viewer gets. */
  readonly first: { readonly statusCode: number; readonly bodyBytes: number; readonly etag?: string }
  readonly error?: string
}

const productUrl = process.argv[2]
if (productUrl === undefined) throw new Error('usage: node lambda-instance.mjs <product bundle URL>')
const product = await loadHandler(productUrl)

async function loadHandler(url: string): Promise<Handler> {
  const module: unknown = await import(url)
  if (typeof module === 'object' && module !== null && 'handler' in module) {
    const { handler } = module
    if (typeof handler === 'function') return (event, context) => Promise.resolve(handler(event, context))
  }
  throw new Error(`${url} exports no handler`)
}

function isResult(value: unknown): value is FunctionUrlResult {
  return typeof value === 'object' && value !== null && 'statusCode' in value
}

/** The body bytes as they leave the function. */
function bodyOf(result: FunctionUrlResult): Uint8Array<ArrayBuffer> | null {
  if (result.body === undefined || result.body === '') return null
  return new Uint8Array(Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'))
}

/** A bare Hono app behind the same adapter, answering every request with `result` replayed. */
function bareHandler(result: FunctionUrlResult): Handler {
  const body = bodyOf(result)
  const headers = { ...result.headers }
  const app = new Hono<AppEnv>()
  app.all('*', () => new Response(body, { status: result.statusCode, headers }))
  const handler = toLambdaHandler(app)
  return (event, context) => handler(event as Parameters<typeof handler>[0], context as never)
}

let requests = 0

/** The context the runtime hands a handler; built outside the timed part. */
function contextFor() {
  requests += 1
  return {
    awsRequestId: `00000000-0000-4000-8000-${String(requests).padStart(12, '0')}`,
    functionName: 'bench-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-function',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
    logGroupName: '/aws/lambda/bench-function',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  }
}

/** One invocation's duration: from the call to the result serialised, as the runtime posts it. */
async function timed(handler: Handler, event: unknown): Promise<{ ms: number; result: unknown }> {
  const context = contextFor()
  const started = performance.now()
  const result = await handler(event, context)
  JSON.stringify(result)
  return { ms: performance.now() - started, result }
}

let current:
  | { readonly scenario: string; readonly bare: Handler; readonly first: RunReply['first'] }
  | undefined

async function run(message: RunMessage): Promise<RunReply> {
  const { events, from, count } = message
  if (current?.scenario !== message.scenario) {
    const result = (await timed(product, events[0])).result
    if (!isResult(result)) throw new Error(`not a Function URL result: ${JSON.stringify(result)}`)
    const etag = result.headers?.etag
    current = {
      scenario: message.scenario,
      bare: bareHandler(result),
      first: {
        statusCode: result.statusCode,
        bodyBytes: bodyOf(result)?.byteLength ?? 0,
        ...(etag === undefined ? {} : { etag }),
      },
    }
  }
  const productMs: number[] = []
  const bareMs: number[] = []
  const statuses: Record<string, number> = {}
  for (let i = from; i < from + count; i++) {
    const { ms, result } = await timed(product, events[i % events.length])
    productMs.push(ms)
    const status = isResult(result) ? String(result.statusCode) : 'invalid'
    statuses[status] = (statuses[status] ?? 0) + 1
  }
  if (message.bare) {
    for (let i = from; i < from + count; i++)
      bareMs.push((await timed(current.bare, events[i % events.length])).ms)
  }
  return { id: message.id, product: productMs, bare: bareMs, statuses, first: current.first }
}

process.on('message', (message: RunMessage) => {
  run(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        product: [],
        bare: [],
        statuses: {},
        first: { statusCode: 0, bodyBytes: 0 },
        error: error instanceof Error ? String(error.stack) : String(error),
      } satisfies RunReply),
  )
})
process.send?.({ ready: true })
