import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ApiClient } from '../../lib/cli/api-client.ts'
import { subscribersCommand } from '../../lib/cli/subscribers-command.ts'
import { createSubscriberDayStore } from '../../lib/store/subscriber-days.ts'
import type { DaySubscribers } from '../../lib/subscribers/subscriber-tally.ts'
import { createDeskHarness, publishToken } from '../support/desk-harness.ts'
import { useDynalite } from '../support/dynalite.ts'
import { byClass, byTag, only, parsePage, visibleText } from '../support/html-query.ts'

const dynamo = useDynalite()

const earlier: DaySubscribers = {
  day: '2026-12-04',
  feeds: [{ path: '/', aggregators: [{ name: 'Feedly', subscribers: 400 }], directReaders: 3 }],
}
const latest: DaySubscribers = {
  day: '2026-12-05',
  feeds: [
    {
      path: '/',
      aggregators: [
        { name: 'Feedly', subscribers: 462 },
        { name: 'Inoreader', subscribers: 114 },
      ],
      directReaders: 0,
    },
    // As the AWS counter stores a feed: its log names no client, so direct readers are not counted.
    { path: '/categories/world/', aggregators: [{ name: 'Feedbin', subscribers: 102 }], directReaders: null },
    { path: '/authors/ada-lovelace/', aggregators: [], directReaders: 2 },
  ],
}

/** A signed-in desk whose publish app reads subscriber days from a real table holding `days`. */
async function deskWith(days: readonly DaySubscribers[]) {
  const table = { client: dynamo().client, name: await dynamo().createTable() }
  const subscribers = createSubscriberDayStore(table)
  for (const day of days) await subscribers.write(day)
  const h = await createDeskHarness(dynamo(), { subscribers })
  const browser = h.browser()
  expect((await browser.signIn(publishToken)).status).toBe(303)
  const api = async (query = '') =>
    (await (
      await h.publish.request(`/api/subscribers${query}`, {
        headers: { Authorization: `Bearer ${publishToken}` },
      })
    ).json()) as DaySubscribers
  return { h, browser, api }
}

/** The panel's rows as [feed, aggregators (one per item, comma-separated), subscribers, direct readers]. */
function rowsOf(page: string): string[][] {
  const { document, parseErrors } = parsePage(page)
  expect(parseErrors).toEqual([])
  const table = only(byClass(document, 'counts'), 'subscribers table')
  return byTag(only(byTag(table, 'tbody'), 'tbody'), 'tr').map((row) =>
    byTag(row, 'td').map((cell) => {
      const items = byTag(cell, 'li')
      return items.length > 0 ? items.map(visibleText).join(', ') : visibleText(cell)
    }),
  )
}

describe('the desk: subscribers panel', () => {
  it("shows the latest day GET /api/subscribers answers, per feed: each aggregator's figure, their sum, the direct readers", async () => {
    const { browser, api } = await deskWith([earlier, latest])
    const res = await browser.get('/desk/subscribers')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const page = await res.text()
    const answered = await api()
    expect(answered.day).toBe('2026-12-05')
    expect(page).toContain('<time datetime="2026-12-05">2026-12-05</time>')
    expect(rowsOf(page)).toEqual(
      answered.feeds.map((feed) => [
        feed.path,
        feed.aggregators.length === 0
          ? '—'
          : feed.aggregators.map((a) => `${a.name}: ${a.subscribers}`).join(', '),
        String(feed.aggregators.reduce((sum, a) => sum + a.subscribers, 0)),
        feed.directReaders === null ? '—' : String(feed.directReaders),
      ]),
    )
    expect(answered.feeds.find((feed) => feed.path === '/categories/world/')?.directReaders).toBeNull()
    expect(rowsOf(page)).toContainEqual(['/categories/world/', 'Feedbin: 102', '102', '—'])
    expect(rowsOf(page)[0]).toEqual(['/', 'Feedly: 462, Inoreader: 114', '576', '0'])
  })

  it('shows the day asked for, and says so when that day has no counts', async () => {
    const { browser } = await deskWith([earlier, latest])
    expect(rowsOf(await (await browser.get('/desk/subscribers?day=2026-12-04')).text())).toEqual([
      ['/', 'Feedly: 400', '400', '3'],
    ])
    const none = await (await browser.get('/desk/subscribers?day=2026-11-30')).text()
    expect(none).toContain('No subscribers counted on 2026-11-30 yet.')
    expect(byClass(parsePage(none).document, 'counts')).toEqual([])
  })

  it('refuses a day that is not one with 400, naming the field, before anything is read', async () => {
    const { browser } = await deskWith([latest])
    for (const day of ['yesterday', '2026-13-01', `2026-12-05${'9'.repeat(5000)}`, '<script>']) {
      const res = await browser.get(`/desk/subscribers?day=${encodeURIComponent(day)}`)
      expect(res.status, day).toBe(400)
      const page = await res.text()
      expect(page).toContain('Day: must be a day as YYYY-MM-DD.')
      expect(page).not.toContain('<script>')
    }
  })

  it('says nothing was counted yet on a fresh site, and is linked from every desk page', async () => {
    const { browser } = await deskWith([])
    const page = await (await browser.get('/desk/subscribers')).text()
    expect(page).toContain('No subscribers counted yet.')
    expect(await (await browser.get('/desk/')).text()).toContain(
      '<a href="/desk/subscribers">Subscribers</a>',
    )
  })

  it('sends whoever is not signed in to the sign-in page', async () => {
    const h = await createDeskHarness(dynamo())
    const res = await h.browser().get('/desk/subscribers')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/desk/')
  })

  it('the command line prints the same day, and says direct readers are not counted where they are null', async () => {
    const { h } = await deskWith([latest])
    const client = new ApiClient({
      url: 'https://news.example.com',
      token: publishToken,
      fetch: (input, init) =>
        Promise.resolve(h.publish.request(input instanceof Request ? input : String(input), init)),
    })
    const stdout = new PassThrough()
    const printed: Buffer[] = []
    stdout.on('data', (chunk: Buffer) => printed.push(chunk))
    const io = { stdout, stderr: new PassThrough(), env: {}, cwd: '/' }
    expect(await subscribersCommand(io, client, undefined)).toBe(0)
    const lines = Buffer.concat(printed).toString('utf8').split('\n')
    expect(lines).toContain('/  576 (576 reported by aggregators, about 0 direct)')
    expect(lines).toContain('/categories/world/  102 (reported by aggregators; direct readers not counted)')
    expect(lines).toContain('/authors/ada-lovelace/  2 (0 reported by aggregators, about 2 direct)')
  })
})
