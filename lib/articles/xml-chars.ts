/**
 * What XML 1.0 forbids: C0 controls other than tab, newline and carriage return, the noncharacters
 * U+FFFE and U+FFFF, and UTF-16 surrogates that are not half of a valid pair. Without the `u` flag the
 * regex sees code units, so a valid pair (an emoji, say) is two units that each pass the lookarounds.
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Removes every character XML 1.0 cannot carry, so any text can go into a feed as is. */
export function stripForbiddenChars(s: string): string {
  return s.replace(forbidden, '')
}
