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

// Plain CommonJS, so the thread needs no TypeScript loader, whoever started the process (tsx, vitest).
const script = `
  const { parentPort, workerData } = require('node:worker_threads')
  const dynalite = require(workerData.dynalite)
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...workerData.options })
  server.once('error', (error) => parentPort.postMessage({ error: String(error && error.message || error) }))
  // Ready when it answers a call: a folder another store holds fails here, not on the first write.
  const check = (port) => {
    const request = require('node:http').request({
      host: '127.0.0.1', port, method: 'POST', path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'x-amz-date': '20250101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
      },
    }, (response) => {
      let body = ''
      response.on('data', (chunk) => { body += chunk })
      response.on('end', () => parentPort.postMessage(
        response.statusCode === 200 ? { port } : { error: 'store check answered ' + response.statusCode + ': ' + body },
      ))
    })
    request.on('error', (error) => parentPort.postMessage({ error: String(error.message) }))
    request.end('{}')
  }
  server.listen(0, '127.0.0.1', () => check(server.address().port))
  parentPort.on('message', () => server.close(() => process.exit(0)))
`

/**
 * dynalite, the store of `npm start`, on a thread of its own: its parsing, index upkeep and LevelDB
 * work get their own event loop (and core), apart from the apps and the SDK, as DynamoDB is apart
 * from Lambda on AWS. A thread, not a process: it ends with the process, however that ends.
 */
export async function startStoreThread(options: StoreThreadOptions = {}): Promise<StoreThread> {
  const worker = new Worker(script, {
    eval: true,
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
