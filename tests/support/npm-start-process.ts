import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')

export interface NpmStartProcess {
  readonly child: ChildProcess
  /** Its URL, once it says it is running; rejects when it exits first or is not running within `timeoutMs`. */
  readonly url: Promise<string>
  /** Its exit code. */
  readonly exited: Promise<number | null>
  /** What it printed so far, stdout and stderr together. */
  output(): string
}

/**
 * `npm start` as a process: bin/dev-server.ts under tsx's loader, in one process (the `tsx` command
 * would start a second, whose parent passes a SIGINT on and kills its child soon after), on a free
 * port (`PORT=0`), with only PATH, HOME and `env` in its environment. The caller stops it.
 */
export function spawnNpmStart(env: Readonly<Record<string, string>>, timeoutMs?: number): NpmStartProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin', 'dev-server.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = new Promise<string>((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => reject(new Error(`npm start did not start: ${output}`)), timeoutMs)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const running = /is running on (http:\/\/\S+)/.exec(output)
      if (running?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(running[1])
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited ${code}: ${output}`))
    })
  })
  return { child, url, exited, output: () => output }
}
