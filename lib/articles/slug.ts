import { graphemesOf } from './graphemes.ts'
import { mixesScripts, splitMixedWords } from './slug-scripts.ts'

/**
 * A slug: words of letters, combining marks and digits of any script, joined by single hyphens; each
 * word starts with a letter or digit. With {@link isSlug}: NFC, no uppercase, at most
 * {@link maxSlugBytes} bytes of UTF-8. No `/`, dots, spaces or other punctuation.
 */
export const slugPattern = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:-[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*$/u

/**
 * The most UTF-8 bytes a slug may take: 80 Bengali or Hindi letters, 240 Latin ones. It keeps the
 * percent-encoded permalink under about 750 characters and the store's keys far inside DynamoDB's.
 */
export const maxSlugBytes = 240

/** A slug derived from a title stops at the last whole word within this many characters (and bytes). */
export const derivedSlugChars = 80

const utf8 = new TextEncoder()

/** UTF-8 length of `value`. */
export function utf8Bytes(value: string): number {
  return utf8.encode(value).length
}

/**
 * Whether `value` is a slug as permalinks, category feeds and the store's keys take it: also folded
 * ({@link foldSlug} leaves it alone) and no word mixing scripts ({@link mixesScripts}).
 */
export function isSlug(value: string): boolean {
  return (
    value.length <= maxSlugBytes &&
    slugPattern.test(value) &&
    utf8Bytes(value) <= maxSlugBytes &&
    value === foldSlug(value) &&
    !mixesScripts(value)
  )
}

/**
 * Whether `value` has a slug's shape by the rule before folding (NFC, lowercase, no script check): what a
 * key written before issue 19 point 7 may hold, so a cursor at such an article still pages on.
 */
export function hasSlugShape(value: string): boolean {
  return (
    value.length <= maxSlugBytes &&
    slugPattern.test(value) &&
    value === value.normalize('NFC') &&
    value === value.toLowerCase() &&
    utf8Bytes(value) <= maxSlugBytes
  )
}

/**
 * The one form of a slug people cannot tell from its twins: compatibility forms folded (NFKC: `ﬁ` ->
 * fi, full-width and mathematical letters -> plain ones), lowercased, Greek sigma by one rule
 * ({@link foldSigma}), NFC. Repeated to a fixed point (a lowercase letter can decompose anew), so
 * `foldSlug(foldSlug(x)) === foldSlug(x)`. Hyphens and the rest are left for {@link isSlug} to judge.
 */
export function foldSlug(value: string): string {
  let folded = value
  for (let round = 0; round < 4; round++) {
    const next = foldSigma(folded.normalize('NFKC').toLowerCase()).normalize('NFC')
    if (next === folded) break
    folded = next
  }
  return folded
}

/**
 * A slug as a publisher or a URL gives it, folded ({@link foldSlug}) unless it has uppercase letters,
 * which stay for {@link isSlug} to refuse as before (so `Finance` is refused, not taken as `finance`).
 */
export function foldGivenSlug(value: string): string {
  return value === value.toLowerCase() ? foldSlug(value) : value
}

/**
 * Sigma by position only, never by the punctuation around it (which `toLowerCase` looks at): ς at the
 * end of a word (after a letter, before a hyphen or the end), σ everywhere else. "ΟΔΟΣ.Α" and
 * "ΟΔΟΣ Α" both give `οδος-α`.
 */
export function foldSigma(value: string): string {
  if (!/[σςΣ]/.test(value)) return value
  return value.replace(/[Σς]/g, 'σ').replace(/(?<=\p{L}\p{M}*)σ(?=\p{M}*(?:-|$))/gu, 'ς')
}

/** Latin letters that Unicode decomposition leaves alone, spelled the way an English URL would. */
const transliterations: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ħ: 'h',
  ı: 'i',
  ŋ: 'ng',
  ŧ: 't',
  ĸ: 'k',
}
const transliterable = new RegExp(`[${Object.keys(transliterations).join('')}]`, 'g')

// Apostrophes join a word ("alliance’s" -> "alliances") instead of splitting it; so do the
// zero-width joiners Bengali, Hindi and Persian words carry inside them.
const joiners = /['’‘ʼ`´′\u200c\u200d]/g
/** Accents on Latin letters only: a Bengali or Hindi vowel sign is part of the word and stays. */
const latinMarks = /(\p{Script=Latin})\p{M}+/gu
const separators = /[^\p{L}\p{M}\p{N}]+/gu
/** A combining mark with nothing to combine with, at the start of a word. */
const strayMarks = /(^|-)\p{M}+/gu

/**
 * Turns a title into a slug: "Café à Paris" -> `cafe-a-paris`, "বাংলাদেশের নির্বাচন" ->
 * `বাংলাদেশের-নির্বাচন`. Compatibility forms are folded (NFKD: `ﬁ` -> fi, full-width letters),
 * accents are stripped from Latin letters only, letters are lowercased where the script has case, and
 * everything but letters, marks and digits separates words. The result is NFC, cut at a word boundary
 * to at most {@link derivedSlugChars} characters and {@link maxSlugBytes} bytes. Returns '' when
 * nothing usable is left (a title of emoji, say): the caller decides what to do then.
 * `slugify(slugify(x)) === slugify(x)`.
 */
export function slugify(title: string): string {
  const folded = title
    .toLowerCase()
    .replace(joiners, '')
    .replace(transliterable, (c) => transliterations[c] ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(latinMarks, '$1')
    .normalize('NFC')
    .replace(separators, '-')
    .replace(strayMarks, '$1')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
  // NFC again: dropping a mark of another script can let the next mark compose.
  const slug = splitMixedWords(foldSlug(folded))
    .normalize('NFC')
    .replace(strayMarks, '$1')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .filter(firstGraphemeFits)
    .join('-')
  // Sigma again: splitting a word can end one at a sigma.
  return cutSlug(foldSigma(slug), derivedSlugChars, maxSlugBytes)
}

/** Whether a word's first grapheme fits a slug alone: one that does not (a letter under hundreds of marks) drops the word. */
function firstGraphemeFits(word: string): boolean {
  if (word.length <= derivedSlugChars && utf8Bytes(word) <= maxSlugBytes) return true
  const first = graphemesOf(word)[Symbol.iterator]().next().value?.segment ?? ''
  return [...first].length <= derivedSlugChars && utf8Bytes(first) <= maxSlugBytes
}

/**
 * `slug` shortened to at most `maxChars` code points and `maxBytes` UTF-8 bytes: at the last hyphen
 * that fits, or, for one long word, at the last whole grapheme that fits (never inside a character
 * or between a letter and its vowel sign).
 */
export function cutSlug(slug: string, maxChars: number, maxBytes = maxSlugBytes): string {
  const fits = (s: string) => [...s].length <= maxChars && utf8Bytes(s) <= maxBytes
  if (fits(slug)) return slug
  return foldSigma(cutAt(slug, fits))
}

function cutAt(slug: string, fits: (s: string) => boolean): string {
  let head = ''
  for (const { segment } of graphemesOf(slug)) {
    if (!fits(head + segment)) break
    head += segment
  }
  if (slug[head.length] === '-') return head
  const lastHyphen = head.lastIndexOf('-')
  return (lastHyphen > 0 ? head.slice(0, lastHyphen) : head).replace(/-+$/, '')
}
