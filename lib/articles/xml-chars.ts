/**
 * What XML 1.0 forbids: C0 controls other than tab, newline and carriage return, the noncharacters
 * U+FFFE and U+FFFF, and UTF-16 surrogates that are not half of a valid pair. Without the `u` flag the
 * regex sees code units, so a valid pair (an emoji, say) is two units that each pass the lookarounds.
 *
 * Also what XML 1.0 (§2.2) and HTML discourage and feed validators flag: DEL and the C1 controls
 * (U+007F–U+009F, usually Windows-1252 text decoded as Latin-1), U+FDD0–U+FDEF, and the
 * noncharacters U+nFFFE/U+nFFFF of every supplementary plane (a high surrogate ending in 3F, 7F,
 * BF or FF followed by DFFE or DFFF).
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Removes every character XML 1.0 cannot carry or discourages, so any text can go into a feed as is. */
export function stripForbiddenChars(s: string): string {
  return s.replace(forbidden, '')
}
