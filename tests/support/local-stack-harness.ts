import { createServer } from 'node:net'
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'

/** A port nobody listens on right now, so that SITE_URL can name the stack's own address. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

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
