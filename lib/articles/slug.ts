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

/**
 * Unicode scripts by ISO 15924 code. Script_Extensions comes from the engine's own regular
 * expressions (`\p{scx=…}`, part of the language since ES2018), so it is the same Unicode version
 * as the NFC and NFKC the engine folds with; npm has no maintained TR39 implementation (`confusables`
 * maps look-alikes but has no script sets) and the `@unicode/unicode-*` data packages would pin a
 * second, older Unicode. A code this engine does not know is skipped; a character of no listed
 * script is a script of its own. See docs/decisions.md, "Slugs: one script per word".
 */
const scriptCodes =
  'Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi Buhd Cakm Cans Cari Cham Cher Chis Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Tayo Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb'.split(
    ' ',
  )
const scriptTests: ReadonlyArray<readonly [string, RegExp]> = scriptCodes.flatMap((code) => {
  try {
    return [[code, new RegExp(`^\\p{scx=${code}}$`, 'u')] as const]
  } catch {
    return []
  }
})
/** Common and Inherited: punctuation, digits 0-9, most combining marks; they go with any script. */
const anyScript = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u
/** TR39's augmented script sets: Japanese writes Han with kana, Korean Han with Hangul. */
const augmented: Readonly<Record<string, readonly string[]>> = {
  Hani: ['Hanb', 'Jpan', 'Kore'],
  Hira: ['Jpan'],
  Kana: ['Jpan'],
  Hang: ['Kore'],
  Bopo: ['Hanb'],
}
const scriptSetCache = new Map<string, ReadonlySet<string> | undefined>()

/** A character's augmented Script_Extensions, or undefined for Common and Inherited (any script). */
export function scriptSet(char: string): ReadonlySet<string> | undefined {
  if (char < '\u0080') return /[a-z]/i.test(char) ? latin : undefined
  if (scriptSetCache.has(char)) return scriptSetCache.get(char)
  let set: Set<string> | undefined
  if (!anyScript.test(char)) {
    set = new Set<string>()
    for (const [code, test] of scriptTests) {
      if (!test.test(char)) continue
      set.add(code)
      for (const extra of augmented[code] ?? []) set.add(extra)
    }
    if (set.size === 0) set.add(`U+${char.codePointAt(0)?.toString(16)}`)
  }
  if (scriptSetCache.size < 10_000) scriptSetCache.set(char, set)
  return set
}
const latin: ReadonlySet<string> = new Set(['Latn'])

/** The scripts `word` could be written in (TR39's resolved script set): all when undefined. */
function resolvedScripts(word: string): ReadonlySet<string> | undefined {
  let resolved: ReadonlySet<string> | undefined
  for (const char of word) {
    const set = scriptSet(char)
    if (set === undefined) continue
    resolved = resolved === undefined ? set : new Set([...resolved].filter((code) => set.has(code)))
    if (resolved.size === 0) return resolved
  }
  return resolved
}

/**
 * Whether a word of `slug` (between hyphens) mixes scripts by TR39's single-script rule: the
 * Script_Extensions of its characters, Common and Inherited ones aside, have no script in common.
 * `pоlice` with a Cyrillic о does; `東京タワー`, `2026-election` and `ঢাকায়` do not.
 */
export function mixesScripts(slug: string): boolean {
  return slug.split('-').some((word) => resolvedScripts(word)?.size === 0)
}

/**
 * `slug` with every word that mixes scripts split where the script changes: a derived slug is never
 * refused for it (`iphone版` -> `iphone-版`). A character that conflicts inside one grapheme (a mark
 * of another script on a letter) is dropped.
 */
function splitMixedWords(slug: string): string {
  if (!mixesScripts(slug)) return slug
  return slug
    .split('-')
    .map((word) => {
      let out = ''
      let resolved: ReadonlySet<string> | undefined
      for (const { segment } of graphemes.segment(word)) {
        let kept = ''
        let own: ReadonlySet<string> | undefined
        for (const char of segment) {
          const set = scriptSet(char)
          const next = set === undefined || own === undefined ? (own ?? set) : intersect(own, set)
          if (next !== undefined && next.size === 0) continue
          own = next
          kept += char
        }
        const joined =
          own === undefined || resolved === undefined ? (resolved ?? own) : intersect(resolved, own)
        if (joined !== undefined && joined.size === 0) {
          out += `-${kept}`
          resolved = own
        } else {
          out += kept
          resolved = joined
        }
      }
      return out
    })
    .join('-')
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...a].filter((code) => b.has(code)))
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
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })

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
  const first = graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? ''
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
  for (const { segment } of graphemes.segment(slug)) {
    if (!fits(head + segment)) break
    head += segment
  }
  if (slug[head.length] === '-') return head
  const lastHyphen = head.lastIndexOf('-')
  return (lastHyphen > 0 ? head.slice(0, lastHyphen) : head).replace(/-+$/, '')
}
