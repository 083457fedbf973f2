import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  assumptions,
  billedMs,
  capacityDocUrl,
  capacityMarkdown,
  durations,
  type Measured,
  measuredFrom,
  month,
  saturation,
  tieredTransfer,
  withTables,
} from '../../bench/capacity.ts'

/** Model inputs of round size, so that every expected figure can be worked out by hand. */
function makeMeasured(overrides: Partial<Measured> = {}): Measured {
  return {
    source: 'a test',
    hitCpuMs: 0.2,
    stateReadCpuMs: 2,
    missCpuMs: 8,
    feedStateReadRcu: 0.5,
    uncachedRcu: 30,
    publishWcu: 40,
    memoSeconds: 1,
    feedGzipBytes: 30_000,
    logBytesPerRequest: 150,
    ...overrides,
  }
}

/** The parts of bench/results.json the model reads, as the bench writes them. */
function makeResults() {
  const row = (name: string, p50Ms: number) => ({ name, product: { p50Ms, p99Ms: p50Ms * 3 } })
  const reading = (rcuBilled: number) => ({ rcu: rcuBilled, wcu: 0, rcuBilled, operations: {} })
  return {
    machine: { date: '2026-12-01T00:00:00.000Z', cpu: 'Test CPU', cores: 2, node: '20.0.0' },
    settings: { feedStateMaxAgeMs: 1000 },
    handler: {
      rows: [row('cached feed 200', 0.31), row('304 revalidation', 0.02), row('uncached feed', 20)],
      logBytesPerRequest: 152,
    },
    storeCost: {
      cachedFeedMemoExpired: reading(0.5),
      notModifiedMemoExpired: reading(0.5),
      uncachedFeed: reading(30.15),
      publishWcuDynamoDb: 41.5,
      feedBytes: { identity: 120_000, gzip: 29_000, br: 27_000 },
      timings: {
        cachedFeedMemoExpired: { medianMs: 9, cpuMs: 3.9 },
        notModifiedMemoExpired: { medianMs: 9, cpuMs: 4.1 },
        uncachedFeed: { medianMs: 20, cpuMs: 11 },
      },
    },
  }
}

describe('the capacity model of docs/capacity.md', () => {
  it('takes a hit from the handler and the round-trip requests from the store-cost section', () => {
    const m = measuredFrom(makeResults())
    expect(m).toMatchObject({
      hitCpuMs: 0.31, // the larger of the cached 200 and the 304
      stateReadCpuMs: 4.1,
      missCpuMs: 11,
      feedStateReadRcu: 0.5,
      uncachedRcu: 30.15,
      publishWcu: 41.5,
      memoSeconds: 1,
      feedGzipBytes: 29_000,
      logBytesPerRequest: 152,
    })
    expect(m.source).toContain('2026-12-01T00:00:00.000Z')
  })

  it('names the missing figure when the results lack one', () => {
    const { handler: _handler, ...withoutHandler } = makeResults()
    expect(() => measuredFrom(withoutHandler)).toThrow(/handler/)
    const results = makeResults()
    results.handler.rows = results.handler.rows.filter((r) => r.name !== '304 revalidation')
    expect(() => measuredFrom(results)).toThrow(/304 revalidation/)
  })

  it('bills the CPU scaled to the function’s share of a vCPU plus 5 ms a round trip, rounded up, at least 1 ms', () => {
    const scale = assumptions.fullVcpuMb / assumptions.memoryMb
    expect(billedMs(0.01, 0)).toBe(1)
    expect(billedMs(0.5, 0)).toBe(Math.ceil(0.5 * scale))
    expect(billedMs(2, 1)).toBe(Math.ceil(2 * scale + 5))
    expect(durations(makeMeasured())).toEqual({
      hitMs: Math.ceil(0.2 * scale),
      stateReadMs: Math.ceil(2 * scale + 5),
      missMs: Math.ceil(8 * scale + 10),
    })
  })

  it('counts 2,880 polls a subscriber a month and sends CloudFront’s misses to the origin', () => {
    const m = makeMeasured()
    const s = month(m, 10_000, 0.9)
    expect(s.viewerRequests).toBe(28_800_000)
    expect(s.originRequests).toBeCloseTo(2_880_000, 0)
    expect(s.cost.cloudFrontRequests).toBeCloseTo(28.8, 6)
    expect(s.cost.total).toBeCloseTo(
      s.cost.cloudFrontRequests + s.cost.cloudFrontTransfer + s.cost.lambda + s.cost.dynamo + s.cost.logs,
      9,
    )
    expect(s.logGb).toBeCloseTo((2_880_000 * 150) / 1e9, 9)
  })

  it('reads the store only for page reads and memo renewals, bounded by the warm instances', () => {
    const m = makeMeasured()
    const s = month(m, 1_000_000, 0.9)
    expect(s.pageReads + s.feedStateReads).toBeLessThan(s.originRequests)
    expect(s.readUnits).toBeCloseTo(s.feedStateReads * 0.5 + s.pageReads * 30, 3)
    // Each warm instance reads each of its scopes' feed states at most once a memo window.
    expect(s.feedStateReads).toBeLessThanOrEqual(
      s.peak.warm * assumptions.hotScopesPerInstance * assumptions.daysPerMonth * 86_400,
    )
    // A hundred times the subscribers cost more, but the reads do not grow a hundredfold.
    const larger = month(m, 100_000_000, 0.9)
    expect(larger.cost.total).toBeGreaterThan(s.cost.total)
    expect(larger.readUnits).toBeLessThan(100 * s.readUnits)
  })

  it('prices transfer by CloudFront’s monthly tiers', () => {
    expect(tieredTransfer(1000)).toBeCloseTo(85, 6)
    expect(tieredTransfer(20 * 1024)).toBeCloseTo(10 * 1024 * 0.085 + 10 * 1024 * 0.08, 6)
  })

  it('finds where each limit is reached: Lambda’s 10,000 requests/s at 3 M subscribers with no CloudFront hits', () => {
    const m = makeMeasured()
    // 10,000 req/s at peak = 3 × 2,880 polls a month / 2,592,000 s × S.
    const expected = (10_000 * 2_592_000) / (3 * 2_880)
    expect(saturation(m, 0).lambdaRequests / expected).toBeCloseTo(1, 2)
    expect(saturation(m, 0.9).lambdaRequests / expected).toBeCloseTo(10, 1)
    expect(saturation(m, 0.9).cloudFront).toBeCloseTo(saturation(m, 0).cloudFront, -4)
  })

  it('writes one row a subscriber count and hit ratio into the document, between its markers only', () => {
    const tables = capacityMarkdown(makeMeasured())
    for (const label of ['10 k @ 90%', '1.0 M @ 99%', '10 M @ 99.9%'])
      expect(tables).toContain(`| ${label} |`)
    const doc = readFileSync(capacityDocUrl, 'utf8')
    const written = withTables(doc, tables)
    expect(written).toContain(tables)
    const [before] = doc.split('<!-- generated by')
    expect(written.startsWith(before ?? '')).toBe(true)
    expect(written.endsWith(doc.slice(doc.indexOf('<!-- end of generated tables -->')))).toBe(true)
    expect(withTables(written, tables)).toBe(written)
  })
})
