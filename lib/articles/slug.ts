/** A slug: lowercase ASCII letters and digits in words joined by single hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const maxSlugLength = 80

/** Letters that Unicode decomposition leaves alone, spelled the way an English URL would. */
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

// Apostrophes join a word ("alliance’s" -> "alliances") instead of splitting it.
const apostrophes = /['’‘ʼ`´′]/g
const combiningMarks = /\p{M}/gu

/**
 * Turns a title into a slug: "Café à Paris" -> `cafe-a-paris`. Accents are transliterated, everything
 * else outside `[a-z0-9]` separates words, and the result is cut at a word boundary to at most
 * {@link maxSlugLength} characters. Returns '' when nothing usable is left (a title in Chinese, say):
 * the caller decides what to do then. `slugify(slugify(x)) === slugify(x)`.
 */
export function slugify(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(apostrophes, '')
    .replace(transliterable, (c) => transliterations[c] ?? '')
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug.length <= maxSlugLength) return slug
  if (slug[maxSlugLength] === '-') return slug.slice(0, maxSlugLength)
  const cut = slug.slice(0, maxSlugLength)
  const lastHyphen = cut.lastIndexOf('-')
  return lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut
}
