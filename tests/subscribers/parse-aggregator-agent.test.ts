import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { maxAgentLength, parseAggregatorAgent } from '../../lib/subscribers/parse-aggregator-agent.ts'

interface AgentFixture {
  readonly sources: Record<string, string>
  readonly agents: readonly {
    readonly source: string
    readonly ua: string
    readonly aggregator: string
    readonly subscribers: number
    readonly feedId?: string
  }[]
  readonly notAggregators: readonly string[]
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/subscribers/aggregator-agents.json', import.meta.url), 'utf8'),
) as AgentFixture

describe('parseAggregatorAgent', () => {
  it.each(fixture.agents)('reads $aggregator: $subscribers from its documented agent', (entry) => {
    expect(fixture.sources[entry.source]).toBeDefined()
    expect(parseAggregatorAgent(entry.ua)).toEqual({
      aggregator: entry.aggregator,
      subscribers: entry.subscribers,
      ...(entry.feedId !== undefined && { feedId: entry.feedId }),
    })
  })

  it.each(fixture.notAggregators)('finds no report in %s', (ua) => {
    expect(parseAggregatorAgent(ua)).toBeUndefined()
  })

  it('finds no report in an absent or empty agent, nor in a figure that is part of a longer number', () => {
    expect(parseAggregatorAgent(undefined)).toBeUndefined()
    expect(parseAggregatorAgent('')).toBeUndefined()
    expect(parseAggregatorAgent('Feedly/1.0 (1234567890 subscribers)')).toBeUndefined()
    expect(parseAggregatorAgent('Feedly/1.0 (12 subscribersx)')).toBeUndefined()
  })

  it('looks only at the first maxAgentLength characters', () => {
    const padded = `Feedly/1.0 (${'x'.repeat(maxAgentLength)}; 5 subscribers)`
    expect(parseAggregatorAgent(padded)).toBeUndefined()
  })

  it('answers every generated hostile agent without error, each within the cap', () => {
    const pieces = [
      '1',
      '9 ',
      ' subscribers',
      'feed-id:',
      'newsblur.com/site/',
      '(compatible; ',
      'Mozilla/',
      ';',
      ' ',
      'é',
      '\u0000',
    ]
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed
    }
    for (let n = 0; n < 500; n++) {
      let ua = ''
      const length = next() % 4000
      while (ua.length < length) ua += pieces[next() % pieces.length]
      const report = parseAggregatorAgent(ua)
      if (report) {
        expect(report.subscribers).toBeGreaterThanOrEqual(0)
        expect(report.aggregator.length).toBeLessThanOrEqual(40)
      }
    }
    // The worst shape for a backtracking scan: long digit runs with no unit after them.
    expect(parseAggregatorAgent('9'.repeat(100_000))).toBeUndefined()
  })
})
