import { Parser } from 'htmlparser2'
import type { ContentFormat } from './article.ts'
import { markdownLimits } from './markdown-limits.ts'

/**
 * Bounds on the shape of content, checked before anything renders it: HTML nesting and elements
 * (the sanitiser's parser keeps a stack of open elements), and for Markdown cheap counts that keep
 * absurd bodies from reaching the renderer at all. The Markdown renderer holds its own bounds as it
 * parses (render-markdown.ts). No prose comes near them; past them the answer is a 400 naming
 * `content`.
 */
export const contentLimits = {
  /** Nested HTML elements (raw HTML in Markdown too). Browsers stop nesting at 512. */
  htmlDepth: 100,
  /**
   * HTML elements in all (raw HTML in Markdown too). The sanitiser spends a few microseconds on
   * each; a long article has a few thousand.
   */
  htmlElements: 20_000,
  /** Nested Markdown blockquotes and lists: enforced by the renderer's own lexer (render-markdown.ts). */
  markdownDepth: markdownLimits.blocks - 1,
  /** `*`, `_` and `~` in one paragraph, list item, table row or heading. */
  delimitersPerParagraph: 1_000,
  /**
   * The sum over paragraphs of their delimiters times their length: the emphasis matcher's work,
   * since it reads on through the paragraph from each delimiter it tries.
   */
  delimiterWork: 20_000_000,
  /** `|` in one table row. */
  tableCells: 1_000,
  /** `[` in one paragraph: each `[` makes the renderer look for the label's end. */
  bracketsPerParagraph: 1_000,
} as const

/** Elements that push htmlparser2's foreign-content stack (SVG, MathML and their integration points). */
const foreignContent = new Set(
  'svg math mi mo mn ms mtext annotation-xml foreignobject desc title'.split(' '),
)

/** htmlparser2's void elements (HTML mode): never pushed, so they do not nest. */
const voidElements = new Set(
  'area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr'.split(
    ' ',
  ),
)

class TooDeep extends Error {}

/**
 * How deeply elements nest in (possibly malformed) HTML, and how many there are, as htmlparser2 (the
 * parser the sanitiser runs) sees it; the scan stops once either passes its bound in `stopAbove`.
 *
 * Bounded by construction: htmlparser2's tokenizer is a state machine that reads each character
 * once, and its parser does constant work per token apart from two stacks, the open elements
 * and the foreign-content contexts (`<svg/>` pushes one that only a real `</svg>` pops), whose
 * operations cost their length. The scan stops as soon as either passes `stopAbove.depth`, so it
 * costs O(length × depth bound); and since the sanitiser then parses only input this scan accepted, its
 * stacks stay as short and its run as linear.
 */
export function htmlShape(
  html: string,
  stopAbove: { readonly depth: number; readonly elements: number },
): { depth: number; elements: number } {
  let depth = 0
  let deepest = 0
  let foreign = 0
  let elements = 0
  const parser = new Parser(
    {
      onopentagname(name) {
        if (foreignContent.has(name)) foreign++
        if (foreign > stopAbove.depth || ++elements > stopAbove.elements) throw new TooDeep()
      },
      onopentag(name) {
        if (voidElements.has(name)) return
        deepest = Math.max(deepest, ++depth)
        if (depth > stopAbove.depth) throw new TooDeep()
      },
      onclosetag(name, isImplied) {
        if (voidElements.has(name)) return
        depth = Math.max(0, depth - 1)
        // Counting up only on the pops we can see keeps `foreign` at or above the parser's own.
        if (!isImplied && foreignContent.has(name)) foreign = Math.max(0, foreign - 1)
      },
    },
    { decodeEntities: true },
  )
  try {
    parser.end(html)
  } catch (error) {
    if (error instanceof TooDeep) return { depth: Math.max(deepest, foreign), elements }
    throw error
  }
  return { depth: deepest, elements }
}

const fence = /^ {0,3}(`{3,}|~{3,})/
const blockStart = /^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:\s|$)|^ {0,3}(?:#{1,6}\s|>|\|)/

/**
 * What a Markdown body asks of the emphasis and link matchers: delimiters per paragraph and in all,
 * link brackets per paragraph, table cells per line, and blocks (paragraphs, list items, headings...). One pass over the lines; every regular expression is anchored at a line's start
 * and either reads a bounded prefix or, for `(?:\s*>)+`, a prefix it cannot re-split (whitespace
 * and `>` are disjoint), so the scan is linear in the length of the text.
 */
function markdownShape(text: string) {
  let unitDelimiters = 0
  let maxUnit = 0
  let unitBrackets = 0
  let maxBrackets = 0
  let work = 0
  let unitLength = 0
  let maxCells = 0
  let fenced: string | undefined
  let blocks = 0
  let open = false
  const endUnit = () => {
    work += unitDelimiters * unitLength
    maxUnit = Math.max(maxUnit, unitDelimiters)
    unitDelimiters = 0
    unitLength = 0
    maxBrackets = Math.max(maxBrackets, unitBrackets)
    unitBrackets = 0
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
      blocks++
      open = false
      fenced = opened
      continue
    }
    const blank = line.trim() === ''
    if (blank || blockStart.test(line.replace(/^(?:\s*>)+/, ''))) {
      endUnit()
      open = false
    }
    if (!blank && !open) {
      blocks++
      open = true
    }
    let cells = 0
    unitLength += line.length + 1
    for (const char of line) {
      if (char === '*' || char === '_' || char === '~') unitDelimiters++
      else if (char === '|') cells++
      else if (char === '[') unitBrackets++
    }
    maxCells = Math.max(maxCells, cells)
  }
  endUnit()
  return { maxUnit, work, maxCells, maxBrackets, blocks }
}

/**
 * Why rendering `content` would take more than a few milliseconds, as a message for `content`, or
 * undefined when it is within {@link contentLimits}. The caller checks the length first; then the
 * cheap counts, then htmlparser2's scan (as the sanitiser will parse), stopping at its limit. The
 * Markdown renderer's own bounds are checked as it renders, not here: one parse per publish.
 */
export function contentLimitProblem(content: string, format: ContentFormat): string | undefined {
  if (format === 'text') return undefined
  if (format === 'markdown') {
    const shape = markdownShape(content)
    // Each block makes at least one element: refused here, a long list never reaches the renderer.
    if (shape.blocks > markdownLimits.tokens) {
      return `has more than ${markdownLimits.tokens} paragraphs, list items or other blocks; at most ${markdownLimits.tokens} are accepted`
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
    if (shape.maxBrackets > contentLimits.bracketsPerParagraph) {
      return `has ${shape.maxBrackets} link brackets ([) in one paragraph; at most ${contentLimits.bracketsPerParagraph} are accepted`
    }
  }
  const html = htmlShape(content, { depth: contentLimits.htmlDepth, elements: contentLimits.htmlElements })
  if (html.depth > contentLimits.htmlDepth) {
    return `nests HTML elements more than ${contentLimits.htmlDepth} levels deep; at most ${contentLimits.htmlDepth} are accepted`
  }
  if (html.elements > contentLimits.htmlElements) {
    return `has more than ${contentLimits.htmlElements} HTML elements; at most ${contentLimits.htmlElements} are accepted`
  }
  // Markdown's own bounds (nesting, tokens) are the renderer's, checked as it renders: parsing it
  // here too would double the work of every publish.
  return undefined
}
