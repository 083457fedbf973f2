import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTextBodyServer } from './text-body-server.ts'

/** One request the proxy saw: enough to tell which API call it was and on what. */
export interface ProxiedCall {
  readonly method: string
  /** The path without the query, decoded. */
  readonly path: string
  readonly query: URLSearchParams
  /** `X-Amz-Target`, for the JSON protocols (Secrets Manager, SSM). */
  readonly target?: string
  /** The JSON body, or `{}`. */
  readonly input: Record<string, unknown>
}

/** An error the proxy answers instead of forwarding: status, and the API's error type. */
export interface InjectedError {
  readonly status: number
  readonly type: string
}

export interface AwsProxy {
  readonly endpoint: string
  readonly calls: ProxiedCall[]
  close(): Promise<void>
}

/**
 * A loopback proxy in front of an AWS emulator (moto_server): it records every call and forwards
 * it, unless `inject` answers it with an error the emulator cannot be made to give (an
 * AccessDenied for one schedule, say). Signatures are forwarded as they are: moto checks none.
 */
export async function startAwsProxy(
  upstream: string,
  inject: (call: ProxiedCall) => InjectedError | undefined = () => undefined,
): Promise<AwsProxy> {
  const calls: ProxiedCall[] = []
  const server: Server = createTextBodyServer((request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    let parsed: unknown = {}
    try {
      parsed = body === '' ? {} : JSON.parse(body)
    } catch {
      parsed = {}
    }
    const target = request.headers['x-amz-target']?.toString()
    const call: ProxiedCall = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      ...(target !== undefined ? { target } : {}),
      input: typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {},
    }
    calls.push(call)
    const error = inject(call)
    if (error !== undefined) {
      response
        .writeHead(error.status, { 'Content-Type': 'application/json', 'x-amzn-errortype': error.type })
        .end(JSON.stringify({ __type: error.type, Message: error.type }))
      return
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
        headers[name] = value
    }
    const method = request.method ?? 'GET'
    fetch(`${upstream}${request.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
    })
      .then(async (answer) => {
        const passed: Record<string, string> = {}
        for (const name of ['content-type', 'x-amzn-errortype', 'x-amzn-requestid']) {
          const value = answer.headers.get(name)
          if (value !== null) passed[name] = value
        }
        response.writeHead(answer.status, passed).end(Buffer.from(await answer.arrayBuffer()))
      })
      .catch(() => response.writeHead(502).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
