import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { slugSchema } from '../../lib/articles/article-input-schema.ts'
import { foldGivenSlug, foldSlug, isSlug, slugify } from '../../lib/articles/slug.ts'
import { mixesScripts } from '../../lib/articles/slug-scripts.ts'

/*
 * Issue 19 point 7, by generated cases (6 properties, 14,000 cases): folding is idempotent, every
 * accepted slug is NFC and NFKC-stable with no word mixing scripts, derived slugs are always slugs,
 * and the twins (compatibility forms, the two sigmas) collapse to one.
 */

/** Characters that make twins and trouble: compatibility forms, look-alikes, sigmas, marks, joiners. */
const tricky = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789',
  ...'ﬁﬂﬀｆｉｎＡＢａｂ１２𝐟𝐢𝐅𝖺𝗇ⓐ½²ªº', // compatibility forms
  ...'аеорсухіјѕԁАЕОРСΑΒΕορνα', // Cyrillic and Greek look-alikes of Latin letters
  ...'ΣσςΟΔΑλ', // Greek, with both sigmas
  ...'কখগািীো্ৎ০১', // Bengali letters, vowel signs, virama, digits
  ...'東京タワーひらがな한국', // Han, kana and Hangul (single-script by TR39's augmented sets)
  ...'عربي', // Arabic
  '\u0301',
  '\u0308',
  '\u0307',
  '\u200c',
  '\u200d', // combining marks and joiners
  ...'ÉÇéçİKΩ', // cased and precomposed letters, Kelvin and Ohm signs
  ..."-- .,;:!?/'’", // separators and punctuation
]
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...tricky), maxLength })

/** An oracle of its own for TR39's single-script rule over the scripts `tricky` holds. */
const scriptClasses = ['Latn', 'Cyrl', 'Grek', 'Beng', 'Arab', 'Hani|Hira|Kana', 'Hani|Hang'].map(
  (codes) =>
    new RegExp(
      `^[${codes
        .split('|')
        .map((c) => `\\p{scx=${c}}`)
        .join('')}\\p{scx=Zyyy}\\p{scx=Zinh}]*$`,
      'u',
    ),
)
const wordIsSingleScript = (word: string) => scriptClasses.some((single) => single.test(word))
const singleScriptWords = (slug: string) => slug.split('-').every(wordIsSingleScript)

const runs = { numRuns: 3000 }

describe('slug folding, by generated cases', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(text(40), (x) => {
        expect(foldSlug(foldSlug(x))).toBe(foldSlug(x))
        expect(foldGivenSlug(foldGivenSlug(x))).toBe(foldGivenSlug(x))
      }),
      runs,
    )
  })

  it('accepts only slugs that are NFC, NFKC-stable and single-script in every word', () => {
    fc.assert(
      fc.property(text(30), (x) => {
        const parsed = slugSchema.safeParse(x)
        if (!parsed.success) return
        const slug = parsed.data
        expect(isSlug(slug)).toBe(true)
        expect(slug.normalize('NFC')).toBe(slug)
        expect(slug.normalize('NFKC')).toBe(slug)
        expect(singleScriptWords(slug)).toBe(true)
      }),
      runs,
    )
  })

  it('agrees with the oracle on which words mix scripts', () => {
    fc.assert(
      fc.property(text(20), (x) => {
        const word = x.replace(/[^\p{L}\p{M}\p{N}]/gu, '')
        expect(mixesScripts(word)).toBe(!wordIsSingleScript(word))
      }),
      runs,
    )
  })

  it('derives from any title a slug that isSlug takes, or nothing', () => {
    fc.assert(
      fc.property(text(120), (title) => {
        const slug = slugify(title)
        if (slug === '') return
        expect(isSlug(slug)).toBe(true)
        expect(singleScriptWords(slug)).toBe(true)
        expect(slugify(slug)).toBe(slug)
      }),
      runs,
    )
  })

  it('collapses compatibility twins of a Latin slug and the two sigmas to one slug', () => {
    const latin = fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}$/)
    const twin = (c: string) =>
      fc.constantFrom(
        c,
        String.fromCodePoint(c.charCodeAt(0) + 0xfee0), // full-width
        /[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : c, // mathematical bold
        /[a-z]/.test(c) ? String.fromCodePoint(0x1d5ba + c.charCodeAt(0) - 97) : c, // mathematical sans
      )
    fc.assert(
      fc.property(
        latin.chain((slug) =>
          fc.tuple(
            fc.constant(slug),
            fc.tuple(...[...slug].map((c) => (c === '-' ? fc.constant('-') : twin(c)))),
          ),
        ),
        ([slug, chars]) => {
          const disguised = chars.join('').replaceAll('fi', 'ﬁ')
          expect(foldGivenSlug(disguised)).toBe(slug)
          expect(slugSchema.parse(disguised)).toBe(slug)
        },
      ),
      { numRuns: 1000 },
    )
    const greek = fc.stringMatching(/^[αβγδεοσς]{1,6}(?:-[αβγδεοσς]{1,6}){0,3}$/)
    fc.assert(
      fc.property(greek, (slug) => {
        const swapped = slug.replace(/[σς]/g, (s) => (s === 'σ' ? 'ς' : 'σ'))
        expect(foldSlug(swapped)).toBe(foldSlug(slug))
        expect(slugify(slug.toUpperCase().replaceAll('-', '.'))).toBe(foldSlug(slug))
      }),
      runs,
    )
  })
})
