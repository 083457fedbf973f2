/*
 * Which Unicode scripts a slug's words are written in, by TR39's single-script rule: what lets a
 * slug refuse `pоlice` with a Cyrillic о and a derived slug split `iphone版` into `iphone-版`.
 */

import { graphemesOf } from './graphemes.ts'

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
/**
 * One test per script, compiled on the first character outside ASCII: about 8 ms of a cold start
 * (tests/articles/slug-scripts-lazy.test.ts) that an instance serving only cached feeds never needs.
 */
let scriptTests: ReadonlyArray<readonly [string, RegExp]> | undefined
function compiledScriptTests(): ReadonlyArray<readonly [string, RegExp]> {
  scriptTests ??= scriptCodes.flatMap((code) => {
    try {
      return [[code, new RegExp(`^\\p{scx=${code}}$`, 'u')] as const]
    } catch {
      return []
    }
  })
  return scriptTests
}
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
    for (const [code, test] of compiledScriptTests()) {
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
export function splitMixedWords(slug: string): string {
  if (!mixesScripts(slug)) return slug
  return slug
    .split('-')
    .map((word) => {
      let out = ''
      let resolved: ReadonlySet<string> | undefined
      for (const { segment } of graphemesOf(word)) {
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
