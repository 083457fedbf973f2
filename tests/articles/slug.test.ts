import { describe, expect, it } from 'vitest'
import { maxSlugLength, slugify, slugPattern } from '../../lib/articles/slug.ts'

describe('slugify', () => {
  it.each([
    ['Café à Paris', 'cafe-a-paris'],
    [
      'Musk advocates US exit from NATO, fueling debate on alliance’s future',
      'musk-advocates-us-exit-from-nato-fueling-debate-on-alliances-future',
    ],
    ["Don't panic", 'dont-panic'],
    ['World News', 'world-news'],
    ['Straße, Ærø, Œuvre, Đakovo, Łódź, Þór, Øresund', 'strasse-aero-oeuvre-dakovo-lodz-thor-oresund'],
    ['  --Hello__World!!  ', 'hello-world'],
    ['COVID-19: 3.5% rise', 'covid-19-3-5-rise'],
    ['<b>Bold</b> & brave', 'b-bold-b-brave'],
  ])('turns %j into %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  it('returns an empty string when no letters or digits are left', () => {
    expect(slugify('中文标题')).toBe('')
    expect(slugify('!!! ???')).toBe('')
  })

  it('cuts at a word boundary to at most 80 characters', () => {
    const slug = slugify('The quick brown fox jumps over the lazy dog '.repeat(4))
    expect(slug.length).toBeLessThanOrEqual(maxSlugLength)
    expect(slug).toBe('the-quick-brown-fox-jumps-over-the-lazy-dog-the-quick-brown-fox-jumps-over-the')
    expect(slug).toMatch(slugPattern)
  })

  it('keeps a whole word that ends exactly at 80 characters', () => {
    const title = `${'a'.repeat(79)}b more`
    expect(slugify(title)).toBe(`${'a'.repeat(79)}b`)
  })

  it('hard-cuts a single word longer than 80 characters', () => {
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(80))
  })

  it.each([
    'Café à Paris',
    'Musk advocates US exit from NATO, fueling debate on alliance’s future',
    'The quick brown fox jumps over the lazy dog '.repeat(4),
    'x'.repeat(200),
    '  -a--b-  ',
    '中文',
  ])('is idempotent for %j', (title) => {
    const once = slugify(title)
    expect(slugify(once)).toBe(once)
    if (once !== '') expect(once).toMatch(slugPattern)
  })
})
