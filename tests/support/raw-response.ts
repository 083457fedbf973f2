import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'

/** An answer as it came over the wire: its body neither decoded nor decompressed. */
export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** Reads `response` whole, as it came. */
export function readRawResponse(response: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('end', () =>
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
    )
    response.on('error', reject)
  })
}
