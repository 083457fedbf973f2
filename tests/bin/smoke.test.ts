import { afterEach, describe, expect, it } from 'vitest'
import { type LocalStack, startLocalStack } from '../../bin/local-stack.ts'
import { runSmoke, type SmokeResult } from '../../bin/smoke.ts'
import { readConfig } from '../../lib/config.ts'
import { useDynalite } from '../support/dynalite.ts'
import { freePort } from '../support/free-port.ts'

/**
 * `npm run smoke` against `npm start`'s stack in-process, with the hub the command runs itself. Each
 * stack's table is in the file's dynalite: a store thread, as `npm start` runs (tests/bin/store-thread
 * tests it), costs about 0.45 s of CPU to start.
 */
const dynamo = useDynalite()

const running = new Set<LocalStack>()
afterEach(async () => {
  for (const stack of running) await stack.close()
  running.clear()
})

async function start(env: Record<string, string>): Promise<LocalStack> {
  const store = { AWS_ENDPOINT_URL_DYNAMODB: dynamo().endpoint, TABLE_NAME: await dynamo().createTable() }
  const stack = await startLocalStack({ config: readConfig({ PORT: '0', ...store, ...env }) })
  running.add(stack)
  return stack
}

const summary = (results: readonly SmokeResult[]) => results.map((r) => `${r.ok ? 'ok' : 'FAIL'} ${r.check}`)

describe('npm run smoke', () => {
  it('passes on a working stack: feeds parsed, 304s, the draft round trip, and a scheduled article pinged to the hub it runs', async () => {
    const hubPort = await freePort()
    const hub = `http://127.0.0.1:${hubPort}/`
    const stack = await start({ WEBSUB_HUBS: hub })
    const lines: string[] = []
    const results = await runSmoke(
      {
        url: stack.url,
        token: stack.token,
        hub,
        hubPort,
        hubHost: '127.0.0.1',
        leadSeconds: 2,
        announceTimeoutMs: 60_000,
      },
      (r) => lines.push(`${r.check}: ${r.detail}`),
    )
    expect(summary(results), lines.join('\n')).toEqual([
      'ok feed /rss.xml',
      'ok 304 /rss.xml',
      'ok feed /atom.xml',
      'ok 304 /atom.xml',
      'ok feed /feed.json',
      'ok 304 /feed.json',
      'ok draft round trip',
      'ok hub advertised',
      'ok scheduled article announced',
    ])
    expect(results.at(-1)?.detail).toMatch(/^pinged \d+ s after its due time/)
    // It cleans up: neither article is left among the publisher's.
    const list = await fetch(`${stack.url}/api/articles?limit=100`, {
      headers: { Authorization: `Bearer ${stack.token}` },
    })
    expect(JSON.stringify(await list.json())).not.toContain('smoke-')
  }, 120_000)

  it('fails where the site does not do its part: a wrong token, a hub the feeds do not name', async () => {
    const stack = await start({})
    const results = await runSmoke({
      url: stack.url,
      token: 'not-the-token',
      hub: 'http://127.0.0.1:9/',
      leadSeconds: 1,
      announceTimeoutMs: 1000,
    })
    expect(
      summary(results)
        .slice(0, 6)
        .every((line) => line.startsWith('ok')),
    ).toBe(true)
    expect(results.find((r) => r.check === 'draft round trip')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('401'),
    })
    expect(results.find((r) => r.check === 'hub advertised')?.ok).toBe(false)
  }, 120_000)

  it('fails when the scheduled article is never announced to the hub it runs', async () => {
    const [advertised, run] = [await freePort(), await freePort()]
    const stack = await start({ WEBSUB_HUBS: `http://127.0.0.1:${advertised}/` })
    const results = await runSmoke({
      url: stack.url,
      token: stack.token,
      hub: `http://127.0.0.1:${advertised}/`,
      // The stack pings the port it was told; the smoke's hub listens on another.
      hubPort: run,
      hubHost: '127.0.0.1',
      leadSeconds: 1,
      announceTimeoutMs: 3000,
    })
    expect(results.find((r) => r.check === 'hub advertised')?.ok).toBe(true)
    expect(results.at(-1)).toMatchObject({ check: 'scheduled article announced', ok: false })
    expect(results.at(-1)?.detail).toContain('no ping naming')
  }, 120_000)

  it('fails on a feed that does not parse or does not revalidate', async () => {
    const results = await runSmoke({
      url: 'http://feeds.invalid',
      fetch: async (input) => {
        const url = String(input)
        if (url.endsWith('/rss.xml'))
          return new Response('<rss><channel>', {
            headers: { 'Content-Type': 'application/rss+xml', ETag: '"1"' },
          })
        return new Response('{}', { headers: { 'Content-Type': 'text/plain' } })
      },
    })
    expect(results.filter((r) => !r.ok).map((r) => r.check)).toEqual(
      expect.arrayContaining(['feed /atom.xml', 'feed /feed.json']),
    )
    expect(results.every((r) => r.ok)).toBe(false)
  })
})
