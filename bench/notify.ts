import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { type LocalStack, startLocalStack } from '../bin/local-stack.ts'
import { readConfig } from '../lib/config.ts'
import { createTextBodyServer } from '../tests/support/text-body-server.ts'
import { formatTable, heading, num } from './format.ts'
import { resultsUrl, type Target } from './results.ts'

/*
 * Instant delivery under `npm start` (issue 11): the delay from a publish's 201 to a loopback WebSub
 * hub's receipt of the ping and to a webhook endpoint's receipt of the event, over sequential
 * publishes; from a scheduled article's due time to both receipts; and what a publish costs the
 * publisher with no hub, a live hub and a hub that never answers. Run alone: `npx tsx bench/notify.ts`.
 */

export interface DelayStats {
  readonly samples: number
  readonly medianMs: number
  readonly p99Ms: number
  readonly maxMs: number
}

export interface NotifyBench {
  readonly publishToHub: DelayStats
  readonly publishToWebhook: DelayStats
  readonly dueToHub: DelayStats
  readonly dueToWebhook: DelayStats
  /** Latency of POST /api/articles as the publisher sees it. */
  readonly publishLatency: {
    readonly noHub: DelayStats
    readonly liveHub: DelayStats
    readonly hangingHub: DelayStats
  }
  readonly note: string
}

export interface NotifyBenchOptions {
  readonly publishes: number
  readonly scheduled: number
}

const receiptTimeoutMs = 10_000

/** Records when each request arrived, keyed by what `keyOf` finds in its body. */
async function startRecorder(keyOf: (body: string) => readonly string[], answer: 'ok' | 'hang') {
  const seen = new Map<string, number>()
  const waiters = new Map<string, () => void>()
  const server: Server = createTextBodyServer((_request, body, response) => {
    const at = performance.now()
    for (const key of keyOf(body)) {
      if (!seen.has(key)) seen.set(key, at)
      waiters.get(key)?.()
    }
    if (answer === 'ok') response.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    /** When a request naming `key` arrived. */
    receipt(key: string): Promise<number> {
      const found = seen.get(key)
      if (found !== undefined) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no delivery for ${key}`)), receiptTimeoutMs)
        waiters.set(key, () => {
          clearTimeout(timer)
          waiters.delete(key)
          resolve(seen.get(key) ?? Number.NaN)
        })
      })
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Each publish has a category of its own, so its ping names `/categories/<key>/`. */
const pingKeys = (body: string) =>
  new URLSearchParams(body)
    .getAll('hub.url')
    .flatMap((url) => /\/categories\/([^/]+)\/rss\.xml$/.exec(url)?.[1] ?? [])
const webhookKeys = (body: string) => {
  const slug = /"slug":"([^"]+)"/.exec(body)?.[1]
  return slug ? [slug] : []
}

async function publish(stack: LocalStack, key: string, publishedAt?: string) {
  const started = performance.now()
  const response = await fetch(`${stack.url}/api/articles`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      slug: key,
      title: `Bench ${key}`,
      summary: 'A short standfirst.',
      content: `<p>${'Body text. '.repeat(200)}</p>`,
      categories: [key],
      status: 'published',
      ...(publishedAt ? { publishedAt } : {}),
    }),
  })
  const answeredAt = performance.now()
  await response.arrayBuffer()
  if (response.status !== 201) throw new Error(`publish ${key}: ${response.status}`)
  return { answeredAt, latencyMs: answeredAt - started }
}

export async function measureNotify(options: NotifyBenchOptions): Promise<NotifyBench> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`
  const hub = await startRecorder(pingKeys, 'ok')
  const hooks = await startRecorder(webhookKeys, 'ok')
  const hanging = await startRecorder(pingKeys, 'hang')
  const stacks: LocalStack[] = []
  const start = async (env: Record<string, string>) => {
    const stack = await startLocalStack({ config: readConfig({ PORT: '0', ...env }), seed: false })
    stacks.push(stack)
    return stack
  }
  try {
    const run = randomBytes(3).toString('hex')
    const live = await start({ WEBSUB_HUBS: hub.url, WEBHOOK_URLS: hooks.url, WEBHOOK_SECRET: secret })
    const none = await start({})
    const dead = await start({ WEBSUB_HUBS: hanging.url })
    const toHub: number[] = []
    const toWebhook: number[] = []
    const latency = { live: [] as number[], none: [] as number[], dead: [] as number[] }
    // The three stacks take turns, so that a busy stretch of the machine weighs on each alike. A few
    // rounds first, unmeasured: the first requests warm the JIT, the SDK and the connections.
    for (let i = -5; i < options.publishes; i++) {
      const key = (prefix: string) => `${prefix}${run}-${i < 0 ? `w${-i}` : i}`
      const published = await publish(live, key('n'))
      const [hubAt, hookAt] = await Promise.all([hub.receipt(key('n')), hooks.receipt(key('n'))])
      const withoutHub = await publish(none, key('x'))
      const withHangingHub = await publish(dead, key('h'))
      if (i < 0) continue
      toHub.push(hubAt - published.answeredAt)
      toWebhook.push(hookAt - published.answeredAt)
      latency.live.push(published.latencyMs)
      latency.none.push(withoutHub.latencyMs)
      latency.dead.push(withHangingHub.latencyMs)
    }
    // Scheduled: due on whole seconds 2–5 s ahead, several per second, all published first.
    const firstDue = Math.ceil(Date.now() / 1000) * 1000 + 2_000
    const due = Array.from({ length: options.scheduled }, (_, i) => ({
      key: `s${run}-${i}`,
      dueMs: firstDue + Math.floor((i * 4) / options.scheduled) * 1000,
    }))
    const duePerf = new Map<string, number>()
    for (const d of due) {
      duePerf.set(d.key, performance.now() + (d.dueMs - Date.now()))
      await publish(live, d.key, new Date(d.dueMs).toISOString())
    }
    const dueHub: number[] = []
    const dueWebhook: number[] = []
    for (const d of due) {
      const [hubAt, hookAt] = await Promise.all([hub.receipt(d.key), hooks.receipt(d.key)])
      dueHub.push(hubAt - (duePerf.get(d.key) ?? Number.NaN))
      dueWebhook.push(hookAt - (duePerf.get(d.key) ?? Number.NaN))
    }
    return {
      publishToHub: stats(toHub),
      publishToWebhook: stats(toWebhook),
      dueToHub: stats(dueHub),
      dueToWebhook: stats(dueWebhook),
      publishLatency: {
        noHub: stats(latency.none),
        liveHub: stats(latency.live),
        hangingHub: stats(latency.dead),
      },
      note: `npm start's in-process notifier on loopback: ${options.publishes} sequential publishes (each after the previous one's receipts), taking turns with a stack without hubs and one whose hub accepts the connection and never answers; ${options.scheduled} scheduled articles due on whole seconds 2–5 s ahead.`,
    }
  } finally {
    for (const stack of stacks) await stack.close()
    await Promise.all([hub.close(), hooks.close(), hanging.close()])
  }
}

export function notifyTargets(r: NotifyBench): Target[] {
  const row = (name: string, s: DelayStats): Target => ({
    name,
    target: 'p99 ≤ 2 s',
    value: `${num(s.p99Ms, 1)} ms (median ${num(s.medianMs, 1)} ms)`,
    pass: s.p99Ms <= 2_000,
  })
  return [
    row('publish 201 → hub ping', r.publishToHub),
    row('publish 201 → webhook', r.publishToWebhook),
    row('due time → hub ping', r.dueToHub),
    row('due time → webhook', r.dueToWebhook),
  ]
}

export function printNotify(r: NotifyBench): void {
  console.log(heading('Instant delivery (npm start, loopback hub and webhook endpoint)'))
  const line = (name: string, s: DelayStats) => [
    name,
    String(s.samples),
    `${num(s.medianMs, 1)} ms`,
    `${num(s.p99Ms, 1)} ms`,
    `${num(s.maxMs, 1)} ms`,
  ]
  console.log(
    formatTable(
      ['delay', 'samples', 'median', 'p99', 'max'],
      [
        line('publish 201 → hub ping', r.publishToHub),
        line('publish 201 → webhook', r.publishToWebhook),
        line('due time → hub ping', r.dueToHub),
        line('due time → webhook', r.dueToWebhook),
        line('publish latency, no hub', r.publishLatency.noHub),
        line('publish latency, live hub + webhook', r.publishLatency.liveHub),
        line('publish latency, hanging hub', r.publishLatency.hangingHub),
      ],
    ),
  )
  console.log(`  ${r.note}`)
}

function stats(values: readonly number[]): DelayStats {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return { samples: sorted.length, medianMs: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN }
}

/**
 * Run alone, it prints its figures and records them in bench/results.json beside the last full run's
 * (its `notify` section and its rows among the targets), leaving the other figures as they were.
 */
async function runAlone(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const result = await measureNotify({ publishes: 100, scheduled: 20 })
  printNotify(result)
  const targets = notifyTargets(result)
  console.log(
    formatTable(
      ['target', 'wanted', 'measured', ''],
      targets.map((t) => [t.name, t.target, t.value, t.pass ? 'PASS' : 'MISS']),
    ),
  )
  const previous: unknown = JSON.parse(await readFile(resultsUrl, 'utf8').catch(() => '{}'))
  const record = typeof previous === 'object' && previous !== null ? previous : {}
  const names = new Set(targets.map((t) => t.name))
  const kept =
    'targets' in record && Array.isArray(record.targets)
      ? record.targets.filter((t: unknown) => !(isTarget(t) && names.has(t.name)))
      : []
  const notify = { ...result, measuredAt: new Date().toISOString() }
  await writeFile(
    resultsUrl,
    `${JSON.stringify({ ...record, targets: [...kept, ...targets], notify }, null, 2)}\n`,
  )
  console.log(`recorded in ${resultsUrl.pathname}`)
}

function isTarget(value: unknown): value is Target {
  return typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string'
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone()
