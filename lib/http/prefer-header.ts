/**
 * The `return` preference of a `Prefer` request header (RFC 7240 §4.2): `minimal` or `representation`,
 * or undefined when the client states none. Preferences are comma-separated `token[=value]` with
 * optional `;` parameters, tokens compared case-insensitively, values possibly quoted; the first
 * `return` wins. A header the server does not understand is ignored, never refused (§2).
 */
export function preferredReturn(header: string | undefined): 'minimal' | 'representation' | undefined {
  if (header === undefined) return undefined
  for (const preference of header.split(',')) {
    const [head = ''] = preference.split(';')
    const equals = head.indexOf('=')
    if (equals < 0 || head.slice(0, equals).trim().toLowerCase() !== 'return') continue
    const value = head
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase()
    return value === 'minimal' || value === 'representation' ? value : undefined
  }
  return undefined
}
