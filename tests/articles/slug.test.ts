import { describe, expect, it } from 'vitest'
import {
  derivedSlugChars,
  isSlug,
  maxSlugBytes,
  slugify,
  slugPattern,
  utf8Bytes,
} from '../../lib/articles/slug.ts'

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
    ['ﬁnancial Ｔｉｍｅｓ', 'financial-times'],
  ])('turns %j into %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  // Words of the sample article's Bangladeshi context, and other scripts: letters, vowel signs and
  // digits of each script stay, in NFC; only Latin letters lose their accents.
  it.each([
    ['বাংলাদেশ', 'বাংলাদেশ'],
    ['বাংলাদেশের নির্বাচন: ঢাকায় ভোট ২০২৫', 'বাংলাদেশের-নির্বাচন-ঢাকায়-ভোট-২০২৫'],
    ['भारत में चुनाव, नई दिल्ली', 'भारत-में-चुनाव-नई-दिल्ली'],
    ['الانتخابات في بنغلاديش', 'الانتخابات-في-بنغلاديش'],
    ['Выборы в Бангладеш', 'выборы-в-бангладеш'],
    ['東京オリンピック、開幕へ', '東京オリンピック-開幕へ'],
    ['中文标题', '中文标题'],
    ['🎉 Dhaka wins the cup 🏏', 'dhaka-wins-the-cup'],
    ['Ελλάδα: Ώρα μηδέν', 'ελλάδα-ώρα-μηδέν'],
    ['Café বাংলা', 'cafe-বাংলা'],
  ])('keeps the script of %j: %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
    expect(isSlug(slugify(title))).toBe(true)
  })

  it('keeps Bengali and Hindi vowel signs and gives NFC whatever form the title came in', () => {
    const nfd = 'বাংলাদেশের নির্বাচন'.normalize('NFD')
    const slug = slugify(nfd)
    expect(slug).toBe(slug.normalize('NFC'))
    expect(slug).toMatch(/\u09be/) // the vowel sign AA of "বাংলা"
    expect(slugify('हिन्दी')).toBe('हिन्दी')
    expect([...slugify('हिन्दी')].length).toBe(6)
  })

  it('joins words across zero-width joiners instead of splitting them', () => {
    expect(slugify('র\u200d্যাব অভিযান')).toBe('র্যাব-অভিযান')
  })

  it('returns an empty string when no letters or digits are left', () => {
    expect(slugify('🎉🏏🔥')).toBe('')
    expect(slugify('!!! ???')).toBe('')
  })

  it('cuts at a word boundary to at most 80 characters', () => {
    const slug = slugify('The quick brown fox jumps over the lazy dog '.repeat(4))
    expect(slug.length).toBeLessThanOrEqual(derivedSlugChars)
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

  it(`cuts a single long word of 4-byte letters on a character boundary within ${maxSlugBytes} bytes`, () => {
    const slug = slugify('𠀀'.repeat(100)) // CJK Extension B: four bytes of UTF-8 each
    expect(utf8Bytes(slug)).toBeLessThanOrEqual(maxSlugBytes)
    expect(slug).toBe('𠀀'.repeat(maxSlugBytes / 4))
  })

  it('never separates a Bengali letter from its vowel sign when cutting one long word', () => {
    const word = 'কা'.repeat(50) // two code points, six bytes a grapheme
    const slug = slugify(word)
    expect(slug).toBe('কা'.repeat(40))
    expect([...slug].length).toBeLessThanOrEqual(derivedSlugChars)
  })

  it.each([
    'Café à Paris',
    'Musk advocates US exit from NATO, fueling debate on alliance’s future',
    'The quick brown fox jumps over the lazy dog '.repeat(4),
    'x'.repeat(200),
    '  -a--b-  ',
    '中文',
    'বাংলাদেশের নির্বাচন'.normalize('NFD'),
    'ক্‌ষ ̈ঁ ́x',
    '𠀀'.repeat(100),
    'İstanbul ΣΊΣΥΦΟΣ',
  ])('is idempotent for %j', (title) => {
    const once = slugify(title)
    expect(slugify(once)).toBe(once)
    if (once !== '') expect(isSlug(once)).toBe(true)
  })
})

describe('isSlug', () => {
  it.each(['world-news', 'বাংলাদেশ', 'الانتخابات-في-بنغلاديش', 'covid-19', 'x'.repeat(maxSlugBytes)])(
    'takes %j',
    (slug) => {
      expect(isSlug(slug)).toBe(true)
    },
  )

  it.each([
    ['a slash', 'world/news'],
    ['a dot', 'world.news'],
    ['a space', 'world news'],
    ['uppercase', 'World-news'],
    ['uppercase of another script', 'Выборы'],
    ['NFD', 'café'.normalize('NFD')],
    ['a doubled hyphen', 'a--b'],
    ['an emoji', 'party-🎉'],
    ['a leading combining mark', '\u09be-x'],
    ['more than 240 bytes', 'ক'.repeat(81)],
    ['nothing', ''],
  ])('refuses %s', (_, slug) => {
    expect(isSlug(slug)).toBe(false)
  })
})
