import { describe, expect, it } from 'vitest'
import { feedPathOf } from '../../lib/subscribers/feed-path.ts'
import { createSubscriberTally, type FeedRequest } from '../../lib/subscribers/subscriber-tally.ts'

const feedly = (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'

function request(overrides: Partial<FeedRequest>): FeedRequest {
  return {
    time: '2026-12-05T10:00:00Z',
    method: 'GET',
    path: '/rss.xml',
    query: '',
    status: 200,
    ...overrides,
  }
}

describe('feedPathOf', () => {
  it.each([
    ['/rss.xml', '/'],
    ['/atom.xml/', '/'],
    ['/feed.json', '/'],
    ['/categories/world/rss.xml', '/categories/world/'],
    ['/categories/world/feed.json/', '/categories/world/'],
    ['/authors/desk-report/atom.xml', '/authors/desk-report/'],
  ])('folds %s into %s', (path, feed) => {
    expect(feedPathOf(path)).toBe(feed)
  })

  it.each([
    '/',
    '/articles/x',
    '/categories/rss.xml',
    '/x/y/rss.xml',
    '/categories//rss.xml',
    'rss.xml',
    `/${'a'.repeat(600)}/rss.xml`,
  ])('finds no feed in %s', (path) => {
    expect(feedPathOf(path)).toBeUndefined()
  })
})

describe('createSubscriberTally', () => {
  it('keeps the latest figure each aggregator reported, folding formats, pages and summaries of one feed', () => {
    const tally = createSubscriberTally()
    tally.record(request({ time: '2026-12-05T08:00:00Z', userAgent: feedly(100) }))
    tally.record(request({ time: '2026-12-05T09:00:00Z', userAgent: feedly(120) }))
    // An older line read later does not win over the newer figure.
    tally.record(request({ time: '2026-12-05T07:00:00Z', userAgent: feedly(90) }))
    tally.record(request({ path: '/atom.xml/', status: 304, userAgent: feedly(5) }))
    tally.record(request({ path: '/rss.xml', query: 'before=abc', userAgent: feedly(120) }))
    tally.record(
      request({
        path: '/feed.json',
        query: 'content=summary',
        userAgent: 'Feedbin feed-id:1 - 7 subscribers',
      }),
    )
    tally.record(request({ path: '/feed.json', userAgent: 'Feedbin feed-id:2 - 3 subscribers' }))
    expect(tally.summary('2026-12-05')).toEqual({
      day: '2026-12-05',
      feeds: [
        {
          path: '/',
          aggregators: [
            { name: 'Feedly', subscribers: 125 },
            { name: 'Feedbin', subscribers: 10 },
          ],
          directReaders: null,
        },
      ],
    })
  })

  it('counts distinct revalidating clients per feed and day, and nothing else, as direct readers', () => {
    const tally = createSubscriberTally()
    tally.record(request({ clientIp: '203.0.113.7', userAgent: firefox, conditional: true }))
    tally.record(request({ clientIp: '203.0.113.7', userAgent: firefox, status: 304, path: '/atom.xml' }))
    tally.record(request({ clientIp: '203.0.113.99', userAgent: firefox, status: 304 }))
    tally.record(request({ clientIp: '198.51.100.1', userAgent: 'NetNewsWire (RSS Reader)', status: 304 }))
    tally.record(request({ clientIp: '2001:db8:1:2::5', userAgent: 'Miniflux/2.2.4', status: 304 }))
    // Not revalidations, not answered, not a feed, another day: none of these counts.
    tally.record(request({ clientIp: '192.0.2.1', userAgent: firefox }))
    tally.record(request({ clientIp: '192.0.2.2', userAgent: firefox, status: 404, conditional: true }))
    tally.record(request({ clientIp: '192.0.2.3', path: '/articles/x', status: 304 }))
    tally.record(request({ clientIp: '192.0.2.4', method: 'POST', status: 304 }))
    tally.record(request({ clientIp: '192.0.2.5', time: '2026-12-04T23:59:59Z', status: 304 }))
    expect(tally.days()).toEqual(['2026-12-05', '2026-12-04'])
    expect(tally.summary('2026-12-05')?.feeds).toEqual([{ path: '/', aggregators: [], directReaders: 3 }])
    expect(tally.summary('2026-12-04')?.feeds).toEqual([{ path: '/', aggregators: [], directReaders: 1 }])
  })

  it('keeps no client address in what it holds or answers', () => {
    const tally = createSubscriberTally()
    tally.record(request({ clientIp: '203.0.113.77', userAgent: firefox, status: 304 }))
    expect(JSON.stringify(tally.summary('2026-12-05'))).not.toContain('203.0.113')
  })

  it('stays within its caps of days, feeds and clients when filled past them', () => {
    const tally = createSubscriberTally({ limits: { maxDays: 2, maxFeedsPerDay: 3, maxKeysPerFeed: 5 } })
    for (let d = 1; d <= 5; d++)
      tally.record(request({ time: `2026-12-0${d}T00:00:00Z`, userAgent: feedly(d) }))
    expect(tally.days()).toEqual(['2026-12-05', '2026-12-04'])
    for (let c = 0; c < 10; c++)
      tally.record(request({ path: `/categories/c${c}/rss.xml`, userAgent: feedly(1) }))
    for (let c = 0; c < 50; c++) tally.record(request({ clientIp: `10.0.${c}.1`, status: 304 }))
    const feeds = tally.summary('2026-12-05')?.feeds ?? []
    expect(feeds.length).toBe(3)
    expect(feeds.find((f) => f.path === '/')?.directReaders).toBe(5)
  })
})
