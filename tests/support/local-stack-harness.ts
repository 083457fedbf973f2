import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'
import { freePort } from './free-port.ts'

/**
 * `npm start`'s stack on a free loopback port whose `SITE_URL` is its own address; `env` adds
 * settings as environment variables would. The caller closes `stack`.
 */
export async function startStackOnFreePort(
  env: Readonly<Record<string, string>>,
  options: Omit<LocalStackOptions, 'config'> = {},
): Promise<{ stack: LocalStack; site: string }> {
  const port = await freePort()
  const site = `http://127.0.0.1:${port}`
  const config = readConfig({ PORT: String(port), SITE_URL: site, ...env })
  return { stack: await startLocalStack({ config, ...options }), site }
}

/** A request to the stack's publish API with its token; `body` is sent as JSON. */
export function stackApi(stack: LocalStack, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${stack.token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
}

/**
 * Stacks and data folders a test file starts, closed and removed after each test even when it
 * fails. Call at the top of a test file: `start` runs `npm start`'s stack on a port of its own
 * (`PORT=0`) with `env` as environment variables; `stop` closes one early; `dataDir` makes a
 * folder for `DATA_DIR`.
 */
export function useLocalStacks() {
  const running = new Set<LocalStack>()
  const dirs: string[] = []
  afterEach(async () => {
    for (const stack of running) await stack.close()
    running.clear()
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })
  return {
    async start(env: Readonly<Record<string, string>> = {}, options: Omit<LocalStackOptions, 'config'> = {}) {
      const stack = await startLocalStack({ config: readConfig({ PORT: '0', ...env }), ...options })
      running.add(stack)
      return stack
    },
    async stop(stack: LocalStack): Promise<void> {
      running.delete(stack)
      await stack.close()
    },
    async dataDir(prefix: string): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
  }
}
