import matter from 'gray-matter'
import { describe, expect, it } from 'vitest'

// docs/decisions.md names why the CLI configures these libraries as it does. Each test here passes while the
// reason holds; the day one fails, the library caught up and the workaround can go.
describe('why gray-matter gets its own YAML engine and no code engines', () => {
  it('reads an unquoted date through js-yaml as a Date, losing the offset the writer gave', () => {
    const { data } = matter('---\npublishedAt: 2025-03-11T09:19:00+06:00\n---\nBody\n', {})
    expect(data.publishedAt).toBeInstanceOf(Date)
  })

  it('evaluates ---js front matter by default: a file to publish could run code', () => {
    const { data } = matter('---js\n{ answer: 40 + 2 }\n---\nBody\n', {})
    expect(data.answer).toBe(42)
  })
})
