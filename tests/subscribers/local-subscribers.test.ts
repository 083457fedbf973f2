import { describe, expect, it } from 'vitest'
import type { LocalStack } from '../../bin/local-stack.ts'
import { newsfeed } from '../support/cli-harness.ts'
import { useLocalStacks } from '../support/local-stack-harness.ts'

const stacks = useLocalStacks()
const clock = () => new Date('2026-12-05T12:00:00Z')

function start(env: Record<string, string> = {}): Promise<LocalStack> {
  return stacks.start(env, { clock })
}

function read(stack: LocalStack, path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${stack.url}${path}`, { headers })
}

async function subscribers(stack: LocalStack, query = ''): Promise<Response> {
  return fetch(`${stack.url}/api/subscribers${query}`, {
    headers: { Authorization: `Bearer ${stack.token}` },
  })
}

describe('subscriber counts under npm start', () => {
  it('counts aggregators and revalidating readers from its own requests, through the API', async () => {
    const stack = await start()
    const feedly = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`
    await (await read(stack, '/rss.xml', { 'User-Agent': feedly(40) })).text()
    await (await read(stack, '/rss.xml', { 'User-Agent': feedly(42) })).text()
    await (await read(stack, '/atom.xml?content=summary', { 'User-Agent': feedly(3) })).text()
    await (
      await read(stack, '/feed.json', {
        'User-Agent': 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)',
      })
    ).text()
    const first = await read(stack, '/rss.xml', { 'User-Agent': 'NetNewsWire (RSS Reader)' })
    const etag = first.headers.get('etag') ?? ''
    await first.text()
    expect(etag).not.toBe('')
    // A reader that revalidates is counted once, however often it comes back; one that only
    // fetches (a browser, say) is not a subscriber.
    for (let i = 0; i < 3; i++) {
      const again = await read(stack, '/rss.xml', {
        'User-Agent': 'NetNewsWire (RSS Reader)',
        'If-None-Match': etag,
      })
      expect(again.status).toBe(304)
    }
    await (await read(stack, '/rss.xml', { 'User-Agent': 'Firefox/133.0' })).text()
    await (await read(stack, '/categories/world/rss.xml', { 'User-Agent': feedly(7) })).text()

    const response = await subscribers(stack)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      day: '2026-12-05',
      feeds: [
        {
          path: '/',
          aggregators: [
            { name: 'Inoreader', subscribers: 114 },
            { name: 'Feedly', subscribers: 45 },
          ],
          directReaders: 1,
        },
        { path: '/categories/world/', aggregators: [{ name: 'Feedly', subscribers: 7 }], directReaders: 0 },
      ],
    })

    const cli = await newsfeed(['subscribers', '--url', stack.url, '--token', stack.token])
    expect(cli.code).toBe(0)
    expect(cli.stdout).toBe(
      [
        'subscribers on 2026-12-05 (UTC)',
        '/  160 (159 reported by aggregators, about 1 direct)',
        '  Inoreader        114',
        '  Feedly           45',
        '  direct readers   ~1',
        '/categories/world/  7 (7 reported by aggregators, about 0 direct)',
        '  Feedly           7',
        '',
      ].join('\n'),
    )
    const none = await newsfeed([
      'subscribers',
      '--day',
      '2026-01-01',
      '--url',
      stack.url,
      '--token',
      stack.token,
    ])
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: 'no subscriber counts for 2026-01-01\n' })
  }, 60_000)

  it('keeps the counts in DATA_DIR across a restart, by day', async () => {
    const dir = await stacks.dataDir('subscribers-')
    const first = await start({ DATA_DIR: dir })
    await (await read(first, '/rss.xml', { 'User-Agent': 'Feedbin feed-id:9 - 12 subscribers' })).text()
    await stacks.stop(first)
    const second = await start({ DATA_DIR: dir })
    const expected = {
      day: '2026-12-05',
      feeds: [{ path: '/', aggregators: [{ name: 'Feedbin', subscribers: 12 }], directReaders: 0 }],
    }
    expect(await (await subscribers(second)).json()).toEqual(expected)
    expect(await (await subscribers(second, '?day=2026-12-05')).json()).toEqual(expected)
    expect(await (await subscribers(second, '?day=2026-12-04')).json()).toEqual({
      day: '2026-12-04',
      feeds: [],
    })
  }, 60_000)

  it('answers a malformed day with a problem naming the field, and no token with 401', async () => {
    const stack = await start()
    const bad = await subscribers(stack, '?day=2026-13-40')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.stringify(await bad.json())).toContain('day')
    const anonymous = await fetch(`${stack.url}/api/subscribers`)
    expect(anonymous.status).toBe(401)
  }, 60_000)
})
