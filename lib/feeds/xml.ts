import { stripForbiddenChars } from '../articles/xml-chars.ts'

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
 * Character data for an element's content: `&`, `<`, `>` (for `]]>`) and CR escaped, and the
 * characters XML forbids removed (articles are cleaned on write; this is defence in depth).
 */
export function escapeXmlText(value: string): string {
  return stripForbiddenChars(value).replace(textSpecial, toEntity)
}

/** An attribute value for either quote style: also `"`, `'`, tab and LF escaped. */
export function escapeXmlAttribute(value: string): string {
  return stripForbiddenChars(value).replace(attributeSpecial, toEntity)
}

/**
 * A CDATA section holding `value`. Every `]]>` is split across two sections, since a CDATA
 * section cannot contain its own terminator. Line ends inside reach readers as LF (XML end-of-line
 * handling), which is fine for the HTML this carries; use `escapeXmlText` where a CR must survive.
 */
export function cdata(value: string): string {
  return `<![CDATA[${stripForbiddenChars(value).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
