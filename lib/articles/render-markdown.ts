import type { Env, Token } from 'markdown-it'
import MarkdownIt from 'markdown-it'
import { markdownLimits } from './markdown-limits.ts'

/** The Markdown asks more than {@link markdownLimits}: nothing was rendered. */
export class MarkdownLimitError extends Error {
  override name = 'MarkdownLimitError'
}

/**
 * GitHub-flavoured as the publisher writes it: raw HTML (sanitised afterwards), tables,
 * strikethrough, bare links. `maxNesting` is markdown-it's own bound, where it stops descending
 * and drops what is deeper; it is set past what {@link markdownLimits} lets through (a list item
 * takes two levels), so accepted content is never cut and deeper content is refused, not cut.
 */
const markdown = new MarkdownIt('default', {
  html: true,
  linkify: true,
  typographer: false,
  breaks: false,
  maxNesting: 2 * markdownLimits.blocks + markdownLimits.inline + 8,
})

/** Counts the depth of the two recursive parsers: block containers and link text. */
function bounded<A extends unknown[], R>(
  run: (...args: A) => R,
  limit: number,
  message: string,
): (...args: A) => R {
  let depth = 0
  return (...args: A): R => {
    if (depth >= limit) throw new MarkdownLimitError(message)
    depth++
    try {
      return run(...args)
    } finally {
      depth--
    }
  }
}

// Bare links are found where a scheme's `:` is (the inline rule), not by matching every text run
// against linkify-it's fuzzy patterns (the core rule), whose time grows with the square of some
// runs (`` ```https://a/b `` repeated: 26,000 characters took 570 ms). So `www.example.com`
// without a scheme stays text.
markdown.core.ruler.disable('linkify')

/**
 * Text as HTML needs only `&` and `<` escaped. markdown-it also escapes `>` and `"`, which the
 * sanitiser then decodes and writes back as they were: the same output, but each reference costs
 * it about a microsecond (a body of `> + "a` runs spent 150 ms there).
 */
const textEscapes = /[&<]/g
const escapeText = (text: string) => text.replace(textEscapes, (c) => (c === '&' ? '&amp;' : '&lt;'))
markdown.renderer.rules.text = (tokens, idx) => escapeText(tokens[idx]?.content ?? '')
markdown.renderer.rules.code_inline = (tokens, idx, _options, _env, self) => {
  const token = tokens[idx]
  return token ? `<code${self.renderAttrs(token)}>${escapeText(token.content)}</code>` : ''
}

// Block tags laid out as the renderer before this one did (marked), so that articles published
// before and after the change differ in nothing but their text: no line break inside `<tbody><tr>`
// and `<li><p>`, none after `</tbody>` or a block of raw HTML.
markdown.renderer.rules.tbody_open = () => '<tbody>'
markdown.renderer.rules.tbody_close = () => '</tbody>'
markdown.renderer.rules.html_block = (tokens, idx) => (tokens[idx]?.content ?? '').replace(/\n+$/, '')
markdown.renderer.rules.list_item_open = (tokens, idx, _options, _env, self) => {
  const token = tokens[idx]
  return token ? `<li${self.renderAttrs(token)}>` : '<li>'
}

// Every URL is judged once, by the sanitiser's allowlist after rendering (render-content.ts): a
// link it refuses keeps its text, as with raw HTML, instead of showing the Markdown around it.
markdown.validateLink = () => true

markdown.block.tokenize = bounded(
  markdown.block.tokenize.bind(markdown.block),
  markdownLimits.blocks,
  `nests Markdown blockquotes or lists more than ${markdownLimits.blocks - 1} levels deep; at most ${markdownLimits.blocks - 1} are accepted`,
)
markdown.inline.tokenize = bounded(
  markdown.inline.tokenize.bind(markdown.inline),
  markdownLimits.inline,
  `nests Markdown links more than ${markdownLimits.inline} levels deep; at most ${markdownLimits.inline} are accepted`,
)

/**
 * Parser state that counts every token it makes in `env.made`, and the elements among them in
 * `env.elements`, and stops the parse past either bound. Elements are counted again once parsed
 * ({@link elementCount}): emphasis is made from text tokens after they are pushed, so the count
 * while parsing is a lower bound, enough to stop early a body of bare links (each costs several
 * microseconds of URL normalising) instead of parsing 50,000 tokens of them.
 */
interface CountingEnv extends Env {
  made: number
  elements: number
}
function counted(env: CountingEnv, type: string, nesting: number): void {
  if (++env.made > markdownLimits.allTokens) {
    throw new MarkdownLimitError(
      `makes more than ${markdownLimits.allTokens} Markdown text runs, line breaks and elements; at most ${markdownLimits.allTokens} are accepted`,
    )
  }
  if (isElement(type, nesting) && type !== 'inline' && type !== 'text_special') {
    if (++env.elements > markdownLimits.tokens) throw elementLimitError()
  }
}
const BlockState = markdown.block.State
markdown.block.State = class extends BlockState {
  override push(...args: Parameters<InstanceType<typeof BlockState>['push']>) {
    counted(this.env as CountingEnv, args[0], args[2])
    return super.push(...args)
  }
}
const InlineState = markdown.inline.State
markdown.inline.State = class extends InlineState {
  override push(...args: Parameters<InstanceType<typeof InlineState>['push']>) {
    counted(this.env as CountingEnv, args[0], args[2])
    return super.push(...args)
  }
  override pushPending() {
    counted(this.env as CountingEnv, 'text', 0)
    return super.pushPending()
  }
}

/** Whether a token is an element: an opening or self-contained token, not text between them. */
function isElement(type: string, nesting: number): boolean {
  return nesting !== -1 && type !== 'text' && type !== 'softbreak'
}

/** Elements the tokens make. */
function elementCount(tokens: readonly Token[]): number {
  let count = 0
  for (const token of tokens) {
    if (token.type === 'inline') count += elementCount(token.children ?? [])
    else if (isElement(token.type, token.nesting)) count++
  }
  return count
}

function elementLimitError(): MarkdownLimitError {
  return new MarkdownLimitError(
    `makes more than ${markdownLimits.tokens} Markdown elements; at most ${markdownLimits.tokens} are accepted`,
  )
}

/** Whether `text` has more than `limit` line breaks (`\n`, `\r\n` or `\r`, as markdown-it reads them), stopping there. */
function linesOver(text: string, limit: number): boolean {
  const lineBreak = /\r\n?|\n/g
  for (let lines = 0; lines <= limit; lines++) {
    if (lineBreak.exec(text) === null) return false
  }
  return true
}

function parseBounded(text: string): Token[] {
  if (linesOver(text, markdownLimits.lines)) {
    throw new MarkdownLimitError(
      `has more than ${markdownLimits.lines} lines of Markdown; at most ${markdownLimits.lines} are accepted`,
    )
  }
  const env: CountingEnv = { made: 0, elements: 0 }
  const tokens = markdown.parse(text, env)
  if (elementCount(tokens) > markdownLimits.tokens) throw elementLimitError()
  return tokens
}

/** GFM Markdown as HTML (not yet sanitised); throws {@link MarkdownLimitError} past {@link markdownLimits}. */
export function renderMarkdown(text: string): string {
  return markdown.renderer.render(parseBounded(text), markdown.options, {})
}
