/**
 * The one set of characters no text may carry into a feed or a page, removed on write and again on
 * every render:
 * - what XML 1.0 forbids (§2.2 `Char`): C0 controls other than tab, line feed and carriage return,
 *   U+FFFE and U+FFFF, and surrogates that are not half of a pair;
 * - what XML 1.0 discourages and feed validators flag: DEL and the C1 controls (U+007F–U+009F, usually
 *   Windows-1252 text decoded as Latin-1), and the noncharacters (U+FDD0–U+FDEF and U+nFFFE/U+nFFFF
 *   of every plane);
 * - what an HTML parser reports as an error even when escaped: the same controls, noncharacters and
 *   lone surrogates (HTML would keep a form feed, XML would not: it goes).
 *
 * With the `u` flag a valid surrogate pair is one code point, so `\p{Cs}` matches only a lone half.
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cs}\p{Noncharacter_Code_Point}]/gu

/**
 * Anything outside the plainly allowed ranges of the Basic Multilingual Plane, a superset of
 * {@link forbidden} (astral characters included, as surrogates). Every feed render runs the filter
 * over every article's whole content, nearly always finding nothing: one scan for this simple class
 * costs a third of the full match, which then runs only when there is something to look at.
 */
const suspect = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFD]/

/**
 * Removes every character that XML or HTML forbids or discourages, so any text can go into a feed
 * or a page as is. Articles are cleaned on write; the renderers clean again, so that no stored
 * string and no setting, however it got there, can break a feed or a page, and every format and
 * the page say the same.
 */
export function stripForbiddenChars(s: string): string {
  return suspect.test(s) ? s.replace(forbidden, '') : s
}
