import { Worker } from 'node:worker_threads'

/** One load run: `connections` keep-alive connections for `durationSeconds` after a warm-up. */
export interface LoadSpec {
  readonly url: string
  /** Request paths, taken in turn across all connections. */
  readonly paths: readonly string[]
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
}

export interface LoadResult {
  readonly requests: number
  readonly seconds: number
  readonly rps: number
  /** autocannon records latency in whole milliseconds. */
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  /** Bytes read per response, headers included. */
  readonly bytesPerResponse: number
  /** Responses by status code, e.g. `{ '200': 41234 }`. */
  readonly statuses: Readonly<Record<string, number>>
  readonly errors: number
}

const workerUrl = new URL('./load-worker.ts', import.meta.url).href
const tsxApi = import.meta.resolve('tsx/esm/api')
// A worker thread does not inherit tsx's loader hooks: register them before importing the worker.
const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}) })`

/**
 * Runs autocannon in a worker thread, so the load generator has its own event loop (it still
 * shares the machine's cores with the server). `onMeasuring` is called when the warm-up is over.
 */
export function runLoad(spec: LoadSpec, onMeasuring?: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: spec })
    let settled = false
    worker.on('message', (message: unknown) => {
      if (!isMessage(message)) return
      if (message.type === 'measuring') onMeasuring?.()
      else if (message.type === 'result' && message.result) {
        settled = true
        resolve(message.result)
        void worker.terminate()
      } else if (message.type === 'error') {
        settled = true
        reject(new Error(`load generator failed: ${message.message ?? 'unknown error'}`))
        void worker.terminate()
      }
    })
    worker.once('error', (error) => {
      settled = true
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code}`))
    })
  })
}

interface WorkerMessage {
  readonly type: 'measuring' | 'result' | 'error'
  readonly result?: LoadResult
  readonly message?: string
}

function isMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && 'type' in value
}
