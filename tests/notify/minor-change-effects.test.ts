import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { asMinorEdit } from '../../lib/articles/minor-edit.ts'
import { describeChange } from '../../lib/notify/change-effects.ts'
import { harbourWrittenAt } from '../support/make-article.ts'

const site = 'https://news.example.com'
const firstWrite = '2025-03-11T10:00:00.000Z'
const now = new Date('2025-03-11T11:00:00.000Z')

function stored(overrides: Partial<Article> = {}): Article {
  return harbourWrittenAt(firstWrite, overrides)
}

describe('a minor edit', () => {
  it('keeps updatedAt and records the write as editedAt', () => {
    const current = stored()
    const next = asMinorEdit(
      stored({ content: 'fixed', updatedAt: now.toISOString(), version: 2 }),
      current,
      now,
    )
    expect(next.updatedAt).toBe(firstWrite)
    expect(next.editedAt).toBe(now.toISOString())
    expect(next.version).toBe(2)
  })

  it.each([
    ['categories', { categories: [{ slug: 'ports', name: 'Ports' }] }],
    ['status', { status: 'draft' as const }],
    ['publication time', { publishedAt: '2025-03-11T08:00:00Z' }],
    ['authors', { authors: [{ name: 'Someone Else' }] }],
  ])('is refused, naming "minor", when it changes the %s of a public article', (_what, change) => {
    const current = stored()
    const attempt = () => asMinorEdit(stored({ ...change, updatedAt: now.toISOString() }), current, now)
    expect(attempt).toThrow(ValidationError)
    try {
      attempt()
    } catch (error) {
      expect(error instanceof ValidationError && error.issues.map((i) => i.path)).toEqual(['minor'])
    }
  })

  it('may change anything of an article readers cannot see (a draft)', () => {
    const current = stored({ status: 'draft' })
    const next = asMinorEdit(
      stored({
        status: 'draft',
        categories: [{ slug: 'ports', name: 'Ports' }],
        updatedAt: now.toISOString(),
      }),
      current,
      now,
    )
    expect(next.categories).toEqual([{ slug: 'ports', name: 'Ports' }])
    expect(next.updatedAt).toBe(firstWrite)
  })

  it('announces nothing and drops only the page and JSON of the article from the CDN', () => {
    const previous = stored()
    const next = asMinorEdit(stored({ content: 'fixed', version: 2 }), previous, now)
    const effects = describeChange({ previous, next }, site)
    expect(effects.event).toBeUndefined()
    expect(effects.feedUrls).toEqual([])
    expect(effects.paths).toEqual(['/articles/harbour', '/articles/harbour.json'])
    expect(effects.changedAt).toBe(now.toISOString())
  })

  it('is followed by a significant edit that is announced as an update, everywhere', () => {
    const minor = asMinorEdit(stored({ content: 'fixed', version: 2 }), stored(), now)
    const later = '2025-03-11T12:00:00.000Z'
    const significant = stored({ content: 'rewritten', version: 3, updatedAt: later })
    const effects = describeChange({ previous: minor, next: significant }, site)
    expect(effects.event?.type).toBe('article.updated')
    expect(effects.feedUrls).toContain(`${site}/categories/world/atom.xml`)
    expect(effects.paths).toContain('/rss.xml*')
    expect(effects.changedAt).toBe(later)
  })
})
