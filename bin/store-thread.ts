import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface StoreThread {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string
  /** Closes the store (its LevelDB files flushed with DATA_DIR) and ends the thread. */
  close(): Promise<void>
}

export interface StoreThreadOptions {
  /** Keep the tables in LevelDB files under this folder (DATA_DIR); absent: in memory. */
  readonly path?: string
  /** Where an error of the thread after start goes (the server then answers 503); default stderr. */
  readonly onError?: (error: unknown) => void
}

/**
 * dynalite, the store of `npm start`, on a thread of its own: its parsing, index upkeep and LevelDB
 * work get their own event loop (and core), apart from the apps and the SDK, as DynamoDB is apart
 * from Lambda on AWS. A thread, not a process: it ends with the process, however that ends.
 */
export async function startStoreThread(options: StoreThreadOptions = {}): Promise<StoreThread> {
  // Plain CommonJS, so the thread needs no TypeScript loader, whoever started the process (tsx, vitest).
  const worker = new Worker(new URL('./store-thread-worker.cjs', import.meta.url), {
    workerData: {
      dynalite: createRequire(import.meta.url).resolve('dynalite'),
      options: options.path === undefined ? {} : { path: options.path },
    },
  })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', (error) =>
      reject(new Error(`the store did not start: ${error.message}`, { cause: error })),
    )
    worker.once('exit', (code) =>
      reject(new Error(`the store thread exited with code ${code} before listening`)),
    )
    worker.once('message', (message: { port?: number; error?: string }) => {
      if (message.port !== undefined) resolve(message.port)
      else reject(new Error(`the store did not start: ${message.error ?? 'unknown error'}`))
    })
  }).catch(async (error: unknown) => {
    await worker.terminate()
    throw error
  })
  // A store left running by a failed start never holds the process open.
  worker.unref()
  worker.on('error', options.onError ?? ((error: unknown) => console.error('embedded store:', error)))
  let closing: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= (async () => {
        worker.ref() // held open until the store has closed its files
        worker.postMessage('close')
        await exited
      })()
      return closing
    },
  }
}
