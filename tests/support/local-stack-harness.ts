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
