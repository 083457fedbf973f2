import { compile } from 'html-to-text'

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}))

const options = {
  wordwrap: false as const,
  selectors: [
    ...headings,
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'th', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'ul', options: { itemPrefix: ' ' } },
  ],
}

// Compiled once: a feed of thousands of items converts thousands of summaries.
const toText = compile(options)

/**
 * One line of plain text from HTML (a feed's summary, an Atom `type="html"` title): tags gone,
 * every entity decoded, whitespace made single spaces. What the API takes for a title or summary.
 */
export function htmlToPlainText(html: string): string {
  return toText(html).replace(/\s+/g, ' ').trim()
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  const cut = chars.slice(0, max - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.\-–—]+$/, '')}…`
}

/** `s` safe as HTML text and as a double-quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
