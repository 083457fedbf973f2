/**
 * Characters XML 1.0 forbids anywhere in a document (§2.2 `Char`): C0 controls other than tab, line
 * feed and carriage return; U+FFFE and U+FFFF; and surrogates that are not part of a pair. The regex
 * works on UTF-16 code units (no `u` flag) so that it can see a lone surrogate.
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the controls XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const textSpecial = /[&<>\r]/g
const attributeSpecial = /[&<>"'\t\n\r]/g

// A literal CR would reach readers as LF (§2.11), and tab, LF and CR in an attribute as spaces
// (§3.3.3), so those travel as character references to survive the round trip.
const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

const toEntity = (char: string): string => entities[char] ?? char

/**
 * Removes every character XML 1.0 forbids. Articles are cleaned on write; this is defence in depth
 * so that no stored string, however it got there, can make a feed ill-formed.
 */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(forbidden, '')
}

/** Character data for an element's content: `&`, `<`, `>` (for `]]>`) and CR escaped. */
export function escapeXmlText(value: string): string {
  return stripInvalidXmlChars(value).replace(textSpecial, toEntity)
}

/** An attribute value for either quote style: also `"`, `'`, tab and LF escaped. */
export function escapeXmlAttribute(value: string): string {
  return stripInvalidXmlChars(value).replace(attributeSpecial, toEntity)
}

/**
 * A CDATA section holding `value`. Every `]]>` is split across two sections, since a CDATA
 * section cannot contain its own terminator. Line ends inside reach readers as LF (XML end-of-line
 * handling), which is fine for the HTML this carries; use `escapeXmlText` where a CR must survive.
 */
export function cdata(value: string): string {
  return `<![CDATA[${stripInvalidXmlChars(value).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
