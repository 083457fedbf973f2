import { Lexer, Marked, type MarkedOptions, type Token, Tokenizer, type TokensList } from 'marked'

/**
 * How much marked may do. Depth: how deeply it may recurse: block levels (the document, each blockquote and list item) and,
 * separately, inline levels (emphasis, strong, strikethrough and link text inside each other). marked
 * has no limit of its own and overflows the stack on a few thousand `- ` or `> ` on one line, so its
 * lexer is given one: past either bound it stops at once and {@link MarkdownLimitError} says so.
 * The blocks bound is the README's "32 Markdown blockquotes/lists" plus the document's own level.
 * Tokens: rendering and sanitising cost a few microseconds per element, so a body of the maximum
 * length made only of one-character list items or headings would take most of a second; no article
 * comes near this many (a long one with a link in each of its 300 paragraphs makes about 2,000).
 */
export const markdownLimits = { blocks: 33, inline: 32, tokens: 10_000 } as const

/** The Markdown asks more than {@link markdownLimits}: nothing was rendered. */
export class MarkdownLimitError extends Error {
  override name = 'MarkdownLimitError'
}

/**
 * Tokenizer methods that count what they produce. Not `paragraph`, `emStrong` and `del`: marked
 * takes faster paths when those are its own, and their output is counted anyway (a paragraph's text
 * through `inlineText`; emphasis is bounded by the delimiter limits of content-limits.ts).
 */
const counted = [
  'space',
  'code',
  'fences',
  'heading',
  'hr',
  'blockquote',
  'list',
  'html',
  'def',
  'table',
  'lheading',
  'text',
  'escape',
  'tag',
  'link',
  'reflink',
  'codespan',
  'br',
  'autolink',
  'url',
  'inlineText',
] as const satisfies readonly (keyof Tokenizer)[]

/** marked's tokenizer, stopping the run once it has produced {@link markdownLimits}`.tokens`. */
class CountingTokenizer<P = string, R = string> extends Tokenizer<P, R> {
  produced = 0
}
for (const name of counted) {
  const original: (...args: never[]) => unknown = Tokenizer.prototype[name]
  Object.defineProperty(CountingTokenizer.prototype, name, {
    value(this: CountingTokenizer, ...args: unknown[]): unknown {
      const token = original.apply(this, args as never[])
      if (token && ++this.produced > markdownLimits.tokens) {
        throw new MarkdownLimitError(
          `makes more than ${markdownLimits.tokens} Markdown elements; at most ${markdownLimits.tokens} are accepted`,
        )
      }
      return token
    },
  })
}

/** marked's lexer with a depth count around the two methods through which it recurses. */
class BoundedLexer<P = string, R = string> extends Lexer<P, R> {
  #blocks = 0
  #inline = 0

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[]
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped?: boolean): Token[] {
    if (++this.#blocks > markdownLimits.blocks) {
      throw new MarkdownLimitError(
        `nests Markdown blockquotes or lists more than ${markdownLimits.blocks - 1} levels deep; at most ${markdownLimits.blocks - 1} are accepted`,
      )
    }
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped)
    } finally {
      this.#blocks--
    }
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    if (++this.#inline > markdownLimits.inline) {
      throw new MarkdownLimitError(
        `nests Markdown emphasis or links more than ${markdownLimits.inline} levels deep; at most ${markdownLimits.inline} are accepted`,
      )
    }
    try {
      return super.inlineTokens(src, tokens)
    } finally {
      this.#inline--
    }
  }
}

const markdown = new Marked({
  gfm: true,
  async: false,
  hooks: { provideLexer: () => lexBounded },
})

function lexBounded<P = string, R = string>(src: string, opts?: MarkedOptions<P, R>): Token[] {
  return new BoundedLexer<P, R>({ ...opts, tokenizer: new CountingTokenizer<P, R>() }).lex(src)
}

/** GFM Markdown as HTML (not yet sanitised); throws {@link MarkdownLimitError} past {@link markdownLimits}. */
export function renderMarkdown(text: string): string {
  try {
    return markdown.parse(text, { async: false })
  } catch (error) {
    // marked appends a "please report" line to what it rethrows; the error itself is ours.
    if (error instanceof MarkdownLimitError) throw new MarkdownLimitError(error.message.split('\n')[0])
    throw error
  }
}

/** Why {@link renderMarkdown} would refuse `text`, or undefined: the lexer alone, without rendering. */
export function markdownLimitProblem(text: string): string | undefined {
  try {
    lexBounded(text, markdown.defaults)
    return undefined
  } catch (error) {
    if (error instanceof MarkdownLimitError) return error.message
    throw error
  }
}
