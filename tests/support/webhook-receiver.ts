import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTextBodyServer } from './text-body-server.ts'
import { waitFor } from './websub-hub.ts'

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly receivedAt: number
}

export interface WebhookReceiver {
  readonly url: string
  readonly received: ReceivedWebhook[]
  /** The status answered from now on (default 204); a list is answered in turn, its last one thereafter. */
  answerWith(status: number | readonly number[]): void
  /** Resolves with the first webhook (past or future) that passes `test`. */
  waitFor(test: (hook: ReceivedWebhook) => boolean, timeoutMs: number): Promise<ReceivedWebhook>
  close(): Promise<void>
}

/** An HTTP endpoint on loopback that records every request it gets, body and headers as sent. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const waiters = new Set<() => void>()
  let statuses: readonly number[] = [204]
  const server = createTextBodyServer((request, body, response) => {
    received.push({ headers: request.headers, body, receivedAt: performance.now() })
    const [status = 204, ...rest] = statuses
    if (rest.length > 0) statuses = rest
    response.writeHead(status).end()
    for (const wake of waiters) wake()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks?token=t0ps3cret`,
    received,
    answerWith(next) {
      statuses = typeof next === 'number' ? [next] : next
    },
    waitFor(test, timeoutMs) {
      return waitFor(waiters, () => received.find(test), timeoutMs, 'a webhook')
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
