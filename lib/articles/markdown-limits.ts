/**
 * How much the Markdown renderer may do. markdown-it parses in time linear in its input (each
 * block rule reads a line once; emphasis is matched by one pass over a delimiter list, links by a
 * label scan with a per-position cache), and recurses only where containers nest. So the only
 * bounds it needs are on that recursion and on what the sanitiser will then walk:
 * - blocks: how deeply blockquotes and list items nest, plus the document's own level (the
 *   README's "32 Markdown blockquotes/lists");
 * - inline: how deeply link text nests inside link text;
 * - tokens: the elements rendered (rendering and sanitising cost a few microseconds each; a long
 *   article with a link in each of its 300 paragraphs makes about 600, a paragraph and a link each);
 * - allTokens: everything the parser makes, text runs and line breaks too, counted as it makes
 *   them so that parsing stops there (each costs about a microsecond, garbage collection
 *   included: a paragraph of 87,000 short lines took 250 ms). A 350,000-character article of
 *   prose wrapped at 80 columns makes about 15,000;
 * - lines: the block parser indexes every line before it starts and then reads each of them
 *   through every block rule that may end a paragraph or a quote (116,000 lines of `>` took
 *   230 ms); the same article wrapped at 80 columns has about 4,500.
 * Past any bound nothing is rendered and {@link MarkdownLimitError} says why.
 */
export const markdownLimits = {
  blocks: 33,
  inline: 32,
  tokens: 10_000,
  allTokens: 50_000,
  lines: 20_000,
} as const
