import { describe, expect, it } from 'vitest'
import { cutSlug, foldSlug, isSlug, maxSlugBytes, slugify } from '../../lib/articles/slug.ts'
import { mixesScripts } from '../../lib/articles/slug-scripts.ts'

/* Issue 19 point 7: slugs people can tell apart. */

describe('foldSlug', () => {
  it('folds compatibility forms, full-width and mathematical letters to the plain slug', () => {
    for (const twin of ['ﬁnance', 'ｆｉｎａｎｃｅ', '𝐟𝐢𝐧𝐚𝐧𝐜𝐞', '𝔣𝔦𝔫𝔞𝔫𝔠𝔢', 'FINANCE'])
      expect(foldSlug(twin)).toBe('finance')
    expect(isSlug('ﬁnance')).toBe(false)
    expect(isSlug('finance')).toBe(true)
  })

  it('takes sigma by position: ς at the end of a word, σ elsewhere', () => {
    expect(foldSlug('οδοσ-α')).toBe('οδος-α')
    expect(foldSlug('οδος-α')).toBe('οδος-α')
    expect(foldSlug('ςοφια')).toBe('σοφια')
    expect(foldSlug('σ')).toBe('σ') // a lone sigma is no word's end after a letter
    expect(isSlug('οδοσ')).toBe(false)
  })
})

describe('mixesScripts (TR39 single-script, per hyphen-separated word)', () => {
  it('finds a look-alike of another script inside a word', () => {
    expect(mixesScripts('pоlice')).toBe(true) // Cyrillic о
    expect(mixesScripts('news-rеport')).toBe(true) // Cyrillic е
    expect(isSlug('pоlice')).toBe(false)
  })

  it('lets Common and Inherited characters and the augmented sets go with any script', () => {
    for (const slug of [
      'police-полиция',
      'covid-19',
      'ঢাকায়-২০২৬',
      '東京タワー',
      '한국漢字',
      'café',
      'مرحبا',
    ]) {
      expect(mixesScripts(slug), slug).toBe(false)
    }
  })
})

describe('slugify and scripts', () => {
  it('splits a word that mixes scripts where the script changes, never refusing a title for it', () => {
    expect(slugify('Pоlice report')).toBe('p-о-lice-report') // Cyrillic о
    expect(slugify('iPhone版 launch')).toBe('iphone-版-launch')
    expect(slugify('Covid-১৯ update')).toBe('covid-১৯-update')
  })

  it('gives one sigma whatever the punctuation around it', () => {
    expect(slugify('ΟΔΟΣ.Α')).toBe('οδος-α')
    expect(slugify('ΟΔΟΣ Α')).toBe('οδος-α')
    expect(slugify('ΟΔΟΣ-Α')).toBe('οδος-α')
  })

  it('folds a sigma left at the end of a word by a cut', () => {
    const cut = cutSlug(`${'α'.repeat(10)}σα`, 11)
    expect(cut).toBe(`${'α'.repeat(10)}ς`)
    expect(isSlug(cut)).toBe(true)
  })

  it('takes the slug from the following words when the first grapheme alone is over the byte limit', () => {
    const huge = `ক${'\u09bf'.repeat(150)}` // one grapheme of 453 bytes
    expect(new TextEncoder().encode(huge).length).toBeGreaterThan(maxSlugBytes)
    expect(slugify(`${huge} world news`)).toBe('world-news')
    expect(slugify(`Breaking ${huge} news`)).toBe('breaking-news')
    expect(slugify(huge)).toBe('')
  })
})

describe('slugs stored before folding', () => {
  it('still page on: a cursor at an article whose slug is from before the rule decodes', async () => {
    const { decodeCursor } = await import('../../lib/store/item-keys.ts')
    for (const legacy of ['οδοσ-α', 'pоlice']) {
      const key = `2025-03-12T12:00:00.000Z#${legacy}`
      expect(isSlug(legacy)).toBe(false)
      expect(decodeCursor(Buffer.from(key, 'utf8').toString('base64url'))).toBe(key)
    }
    expect(() =>
      decodeCursor(Buffer.from('2025-03-12T12:00:00.000Z#Bad', 'utf8').toString('base64url')),
    ).toThrow()
  })
})
