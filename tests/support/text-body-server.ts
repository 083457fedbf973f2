import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** An http server (not yet listening) that reads each request's body as UTF-8 text, then hands it to `handle`. */
export function createTextBodyServer(
  handle: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Server {
  return createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => handle(request, body, response))
  })
}
