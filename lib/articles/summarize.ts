import { stripForbiddenChars } from './xml-chars.ts'

// Tags that end a line of text: replaced by a space so that words on either side stay apart.
const blockTags =
  /<\/?(?:p|br|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|caption|thead|tbody|tfoot|tr|th|td|hr|section|article|header|footer|aside|nav)\b[^>]*>/gi
const named: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

/**
 * Plain text of at most `max` characters from (sanitised) HTML, for an article that came without a
 * summary: tags stripped, basic entities decoded, whitespace collapsed, cut at a word boundary with '…'.
 */
export function summarize(html: string, max = 300): string {
  const text = stripForbiddenChars(
    html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(blockTags, ' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, decodeEntity),
  )
    .replace(/\s+/g, ' ')
    .trim()
  return text.length <= max ? text : truncate(text, max)
}

function decodeEntity(entity: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return named[name.toLowerCase()] ?? entity
  const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16)
  return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : ''
}

function truncate(text: string, max: number): string {
  if (max < 1) return ''
  // Room for the ellipsis; never split a surrogate pair.
  let end = max - 1
  if (/[\uDC00-\uDFFF]/.test(text.charAt(end))) end--
  const cut = text.slice(0, end)
  const lastSpace = cut.lastIndexOf(' ')
  const words = text.charAt(end) === ' ' ? cut : lastSpace > 0 ? cut.slice(0, lastSpace) : cut
  return `${words.replace(/[\s,;:.&\-–—]+$/, '')}…`
}
