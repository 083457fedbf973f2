import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How a hostile server answers: an endless body, or headers and then nothing. */
export type HostileAnswer = 'endless' | 'stall-after-headers' | 'declared-huge'

export interface HostileServer {
  readonly url: string
  /** Body bytes the server managed to hand to the socket before the client hung up. */
  sent(): number
  /** Resolves when the client has closed the connection of the last request. */
  hungUp(): Promise<void>
  close(): Promise<void>
}

/**
 * A loopback server on a free port that answers every request `answer`ly with `status`: the body
 * writer respects back-pressure, so `sent()` is about what the client read (plus socket buffers).
 */
export async function startHostileServer(answer: HostileAnswer, status = 200): Promise<HostileServer> {
  let sent = 0
  let hungUp: () => void = () => {}
  let hangUp = new Promise<void>((resolve) => {
    hungUp = resolve
  })
  const chunk = Buffer.alloc(64 * 1024, 'a')
  const server = createServer((req, res) => {
    req.resume()
    hangUp = new Promise<void>((resolve) => {
      hungUp = resolve
    })
    res.on('close', () => hungUp())
    if (answer === 'declared-huge') {
      res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(2 ** 40) })
      res.flushHeaders()
      return
    }
    res.writeHead(status, { 'Content-Type': 'application/xml' })
    res.flushHeaders()
    if (answer === 'endless') pump(res)
  })
  const pump = (res: ServerResponse) => {
    while (!res.destroyed) {
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', () => pump(res))
        return
      }
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    sent: () => sent,
    hungUp: () => hangUp,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
