import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The files of `sample/media/` and their types: a photo, a short video and a short sound. */
const files: Readonly<Record<string, string>> = {
  'harbour.jpg': 'image/jpeg',
  'harbour.webm': 'video/webm',
  'tone.weba': 'audio/webm',
}

const mediaDir = new URL('../../sample/media/', import.meta.url)

export interface MediaServer {
  /** e.g. `http://127.0.0.1:40123`: `${origin}/harbour.jpg` */
  readonly origin: string
  /** Paths asked for, in order (a test can tell the browser really fetched them). */
  readonly requested: readonly string[]
  close(): Promise<void>
}

/**
 * A loopback web server for the images and media of the showcase articles, so pages embed them
 * from another origin as real articles do, with no outside network. Answers byte ranges as media
 * elements ask for them.
 */
export async function startMediaServer(): Promise<MediaServer> {
  const bodies = new Map<string, Buffer>()
  for (const name of Object.keys(files)) bodies.set(`/${name}`, await readFile(new URL(name, mediaDir)))
  const requested: string[] = []
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://media').pathname
    requested.push(path)
    const body = bodies.get(path)
    const type = files[path.slice(1)]
    if (body === undefined || type === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '')
    const start = range?.[1] ? Number(range[1]) : 0
    const end = range?.[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1
    const headers = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' }
    if (range && start < body.length && start <= end) {
      response.writeHead(206, {
        ...headers,
        'Content-Range': `bytes ${start}-${end}/${body.length}`,
        'Content-Length': end - start + 1,
      })
      response.end(request.method === 'HEAD' ? undefined : body.subarray(start, end + 1))
      return
    }
    response.writeHead(200, { ...headers, 'Content-Length': body.length })
    response.end(request.method === 'HEAD' ? undefined : body)
  })
  // Never close an idle connection from this side: Playwright's fetch (the route that answers
  // `leadImageOrigin` from here) keeps connections alive and may reuse one just as a server closes
  // it on its keep-alive timeout (5 s by default), which it sees as ECONNRESET. `close()` ends them.
  server.keepAliveTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
