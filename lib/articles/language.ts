import type { Article } from './article.ts'

/**
 * A BCP 47 language tag in its canonical form (`EN-gb` -> `en-GB`, `zh-hant-tw` -> `zh-Hant-TW`), by
 * the platform's own `Intl.getCanonicalLocales`; `undefined` when it is not a well-formed tag.
 */
export function canonicalLanguage(tag: string): string | undefined {
  if (!/^[A-Za-z0-9-]{2,64}$/.test(tag)) return undefined
  try {
    return Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined
  }
}

/** Scripts written right to left (ISO 15924), for the tags whose `textInfo` is missing or wrong (`dv`, `az-Arab`). */
const rightToLeftScripts = new Set([
  'Adlm',
  'Arab',
  'Aran',
  'Armi',
  'Hebr',
  'Mand',
  'Mend',
  'Nkoo',
  'Rohg',
  'Samr',
  'Syrc',
  'Thaa',
  'Yezi',
])

type TextInfo = { readonly direction?: string }
type LocaleWithTextInfo = Intl.Locale & { readonly textInfo?: TextInfo; getTextInfo?(): TextInfo }

/**
 * `rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Uyghur,
 * Yiddish, Dhivehi, Sorani Kurdish…, or any tag naming such a script: `pa-Arab`), else `ltr`. The
 * likely script comes from CLDR (`Intl.Locale#maximize`); ICU's text info decides the rest.
 */
export function textDirection(language: string): 'rtl' | 'ltr' {
  let locale: LocaleWithTextInfo
  try {
    locale = new Intl.Locale(language)
  } catch {
    return 'ltr'
  }
  if (rightToLeftScripts.has(locale.maximize().script ?? '')) return 'rtl'
  const info = locale.getTextInfo?.() ?? locale.textInfo
  return info?.direction === 'rtl' ? 'rtl' : 'ltr'
}

/** The language an article is written in: its own, else the site's. */
export function articleLanguage(
  article: Pick<Article, 'language'>,
  site: { readonly language: string },
): string {
  return article.language ?? site.language
}
