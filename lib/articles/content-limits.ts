import type { ContentFormat } from './article.ts'

/**
 * Bounds on the shape of content, checked before anything renders it. Markdown and HTML parsers
 * recurse on nesting (3,000 `>` overflow marked's stack) and match emphasis in time that grows with
 * the square of the delimiters in one paragraph (50,000 `_a` take seconds), so input past these
 * bounds is refused with a 400 naming `content` instead of blocking the function. No prose comes
 * near them.
 */
export const contentLimits = {
  /** Nested HTML elements (raw HTML in Markdown too). Browsers stop nesting at 512. */
  htmlDepth: 100,
  /** Nested Markdown blockquotes and lists. */
  markdownDepth: 32,
  /** `*`, `_` and `~` in one paragraph, list item, table row or heading. */
  delimitersPerParagraph: 1_000,
  /** The sum over paragraphs of the square of their delimiters: the emphasis matcher's work. */
  delimiterWork: 5_000_000,
  /** `|` in one table row. */
  tableCells: 1_000,
} as const

/** Elements that never hold others, or whose end tag HTML lets authors leave out. */
const notNesting = new Set(
  `area base br col embed hr img input link meta source track wbr p li dt dd option optgroup
   tr td th thead tbody tfoot colgroup caption rb rt rtc rp`.split(/\s+/),
)

const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g

/** How deeply elements nest in (possibly malformed) HTML, counted the forgiving way a parser would. */
export function htmlDepth(html: string): number {
  let depth = 0
  let deepest = 0
  for (const [, closing, rawName = '', selfClosing] of html.matchAll(tag)) {
    const name = rawName.toLowerCase()
    if (notNesting.has(name) || selfClosing === '/') continue
    if (closing === '/') depth = Math.max(0, depth - 1)
    else deepest = Math.max(deepest, ++depth)
  }
  return deepest
}

const fence = /^ {0,3}(`{3,}|~{3,})/
const blockStart = /^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:\s|$)|^ {0,3}(?:#{1,6}\s|>|\|)/

/** What a Markdown body asks of the renderer: nesting depth, and emphasis work per paragraph. */
function markdownShape(text: string) {
  let depth = 0
  let unitDelimiters = 0
  let maxUnit = 0
  let work = 0
  let maxCells = 0
  let fenced: string | undefined
  const endUnit = () => {
    work += unitDelimiters * unitDelimiters
    maxUnit = Math.max(maxUnit, unitDelimiters)
    unitDelimiters = 0
  }
  for (const line of text.split(/\r\n?|\n/)) {
    const opened = fence.exec(line)?.[1]
    if (fenced !== undefined) {
      if (opened !== undefined && opened[0] === fenced[0] && opened.length >= fenced.length)
        fenced = undefined
      continue
    }
    if (opened !== undefined) {
      endUnit()
      fenced = opened
      continue
    }
    depth = Math.max(depth, lineDepth(line))
    if (line.trim() === '' || blockStart.test(line.replace(/^(?:\s*>)+/, ''))) endUnit()
    for (const char of line) if (char === '*' || char === '_' || char === '~') unitDelimiters++
    let cells = 0
    for (const char of line) if (char === '|') cells++
    maxCells = Math.max(maxCells, cells)
  }
  endUnit()
  return { depth, maxUnit, work, maxCells }
}

/** Blockquote markers and list indentation before a line's text: how deep the renderer recurses. */
function lineDepth(line: string): number {
  let depth = 0
  let rest = line
  for (;;) {
    const quote = /^\s{0,3}>/.exec(rest)
    if (quote) {
      depth++
      rest = rest.slice(quote[0].length)
      continue
    }
    const item = /^(\s*)(?:[*+-]|\d{1,9}[.)])(?:\s|$)/.exec(rest)
    if (item) {
      const indent = (item[1] ?? '').replace(/\t/g, '    ').length
      depth += 1 + Math.floor(indent / 2)
    }
    return depth
  }
}

/**
 * Why rendering `content` would take more than a few milliseconds, as a message for `content`, or
 * undefined when it is within {@link contentLimits}.
 */
export function contentLimitProblem(content: string, format: ContentFormat): string | undefined {
  if (format === 'text') return undefined
  const depth = htmlDepth(content)
  if (depth > contentLimits.htmlDepth) {
    return `nests HTML elements ${depth} deep; at most ${contentLimits.htmlDepth} levels are accepted`
  }
  if (format === 'html') return undefined
  const shape = markdownShape(content)
  if (shape.depth > contentLimits.markdownDepth) {
    return `nests Markdown blockquotes or lists ${shape.depth} deep; at most ${contentLimits.markdownDepth} levels are accepted`
  }
  if (shape.maxUnit > contentLimits.delimitersPerParagraph) {
    return `has ${shape.maxUnit} emphasis markers (*, _ or ~) in one paragraph; at most ${contentLimits.delimitersPerParagraph} are accepted`
  }
  if (shape.work > contentLimits.delimiterWork) {
    return 'has too many emphasis markers (*, _ or ~) across its paragraphs: use fewer, or send HTML'
  }
  if (shape.maxCells > contentLimits.tableCells) {
    return `has a line with ${shape.maxCells} table cells; at most ${contentLimits.tableCells} are accepted`
  }
  return undefined
}
