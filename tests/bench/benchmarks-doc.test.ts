import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { benchmarksDocUrl, benchmarksMarkdown, withFigures } from '../../bench/benchmarks-doc.ts'

const results = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'))

describe('docs/benchmarks.md, written by the bench', () => {
  it('holds exactly the figures bench/results.json gives, so no figure there is typed by hand', () => {
    const doc = readFileSync(benchmarksDocUrl, 'utf8')
    expect(withFigures(doc, benchmarksMarkdown(results))).toBe(doc)
  })

  it('lists every target of the latest run with its measure', () => {
    const figures = benchmarksMarkdown(results)
    for (const target of results.targets)
      expect(figures).toContain(`| ${target.name} | ${target.target} | ${target.value} |`)
  })

  it('refuses a document that lost its markers instead of writing the figures anywhere', () => {
    expect(() => withFigures('# Benchmarks\n', 'figures')).toThrow(/markers/)
  })
})
