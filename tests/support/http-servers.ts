import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect, createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net'
import { afterEach } from 'vitest'

const servers = new Set<{ close(): Promise<void> }>()

afterEach(async () => {
  for (const server of servers) await server.close()
  servers.clear()
})

async function listen(server: Server | TcpServer, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

/** An http server on a free loopback port; closed after the test. */
export async function serveHttp(
  handle: (req: IncomingMessage, res: ServerResponse, base: string) => void | Promise<void>,
): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = []
  let base = ''
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    void Promise.resolve(handle(req, res, base)).catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  base = `http://127.0.0.1:${await listen(server)}`
  servers.add({
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  })
  return { url: base, requests }
}

/**
 * A TCP proxy in front of a store: `stop()` refuses and cuts every connection (the store is down
 * for the app), `start()` listens again on the same port. The store behind keeps its data.
 */
export class TcpProxy {
  readonly #target: number
  readonly #sockets = new Set<Socket>()
  #server: TcpServer | undefined
  #port = 0

  constructor(targetPort: number) {
    this.#target = targetPort
    servers.add({ close: () => this.stop() })
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  get running(): boolean {
    return this.#server !== undefined
  }

  async start(): Promise<void> {
    if (this.#server) return
    const server = createTcpServer((client) => {
      const upstream = connect(this.#target, '127.0.0.1')
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => socket.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    // The port may linger for a moment after stop().
    for (let attempt = 1; ; attempt++) {
      try {
        this.#port = await listen(server, this.#port)
        break
      } catch (error) {
        if (attempt >= 20) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    this.#server = server
  }

  async stop(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
