import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

export interface StoreProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string
  readonly pid: number
  /** Requests the store has answered since it started, by DynamoDB operation (`GetItem`, `Query`…). */
  requests(): Promise<Readonly<Record<string, number>>>
  close(): Promise<void>
}

export interface StoreProcessOptions {
  /**
   * Keep the tables in LevelDB files under this folder (dynalite's `--path`) instead of in the
   * process's memory: 100,000 articles take several GB of heap in memory.
   */
  readonly path?: string
}

/**
 * dynalite in its own process. DynamoDB is a remote service: in the app's process its work would be
 * billed to the app (one event loop for both), which is not what a Lambda pays for a store read.
 */
export async function startStoreProcess(options: StoreProcessOptions = {}): Promise<StoreProcess> {
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite')
  const where = options.path === undefined ? '' : `, path: ${JSON.stringify(options.path)}`
  const script = `
    const dynalite = require(${JSON.stringify(dynalitePath)})
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0${where} })
    // Counted where they arrive: every call a client sends, whichever process the client lives in.
    const requests = {}
    server.on('request', (request) => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown'
      requests[operation] = (requests[operation] ?? 0) + 1
    })
    process.on('message', () => process.send({ requests }))
    server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port))
    process.on('SIGTERM', () => server.close(() => process.exit(0)))
  `
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  // Never leave the store behind, whatever ends this process.
  const stop = () => child.kill('SIGTERM')
  process.once('exit', stop)
  const port = await readPort(child)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    requests: () =>
      new Promise((resolve) => {
        child.once('message', (message: { requests: Record<string, number> }) => resolve(message.requests))
        child.send('requests')
      }),
    close: () =>
      new Promise<void>((resolve) => {
        process.off('exit', stop)
        if (child.connected) child.disconnect()
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('dynalite process has no stdout'))
    const lines = createInterface({ input: child.stdout })
    const timer = setTimeout(() => reject(new Error('dynalite did not start within 15 s')), 15_000)
    child.once('exit', (code) => reject(new Error(`dynalite exited with code ${code}`)))
    lines.on('line', (line) => {
      const match = /^port (\d+)$/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
  })
}
