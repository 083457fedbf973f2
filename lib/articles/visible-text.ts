/**
 * Characters that take up no visible room: white space, controls, format characters (zero-width
 * space and joiners, the byte-order mark, bidi controls), every default-ignorable code point (the
 * Hangul fillers U+115F, U+1160, U+3164, U+FFA0, variation selectors, soft hyphen…) and the blank
 * braille pattern U+2800, which renders as an empty cell.
 */
const invisible = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu

/** True when `text` would show nothing at all: empty, or only characters that take up no visible room. */
export function isInvisible(text: string): boolean {
  return text.replace(invisible, '') === ''
}

/** Elements that show something without any text of their own. */
const mediaElement = /<(?:img|video|audio|picture)\b/i

/**
 * True when sanitised HTML shows something: visible text once tags, comments and character
 * references are taken out, or an image or other media element.
 */
export function hasVisibleContent(html: string): boolean {
  if (mediaElement.test(html)) return true
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:nbsp|#160|#xa0|#8203|#x200b|zwj|zwnj|shy);/gi, '')
    .replace(/&[a-z][a-z0-9]*;|&#\d+;|&#x[0-9a-f]+;/gi, 'x')
  return !isInvisible(text)
}
