import { stripForbiddenChars } from '../articles/xml-chars.ts'

/**
 * HTML that is already safe to insert: the output of {@link html}, or trusted markup wrapped with
 * {@link raw} (the sanitised `contentHtml`, the page CSS).
 */
export class SafeHtml {
  readonly value: string

  constructor(value: string) {
    this.value = value
  }

  toString(): string {
    return this.value
  }
}

/** What {@link html} accepts: text is escaped, `SafeHtml` is inserted as is, lists are joined. */
export type HtmlValue = string | number | SafeHtml | false | null | undefined | readonly HtmlValue[]

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes `& < > " '` so that the text is safe in element content and in quoted attribute values,
 * and removes the characters HTML forbids (see {@link stripForbiddenChars}).
 */
export function escapeHtml(text: string): string {
  return stripForbiddenChars(text).replace(/[&<>"']/g, (char) => escapes[char] ?? char)
}

/** Marks trusted markup as safe: only for HTML that was sanitised or written here. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return ''
  if (value instanceof SafeHtml) return value.value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return escapeHtml(value)
  return value.map(render).join('')
}

/**
 * Tagged template that escapes every interpolated value unless it is already `SafeHtml`, so
 * forgetting to escape is not possible. `false`, `null` and `undefined` render nothing, which
 * keeps conditional parts short: `${image && html`<img …>`}`.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '')
  }
  return new SafeHtml(out)
}

/**
 * Serialises data for a `<script type="application/ld+json">` block. `<`, `>` and `&` become
 * `\u003c`, `\u003e` and `\u0026` (still the same JSON) so no value can close the element or open
 * a comment; U+2028 and U+2029 are escaped for old parsers that treat them as line ends.
 */
export function jsonForScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data, (_key, value: unknown) =>
    typeof value === 'string' ? stripForbiddenChars(value) : value,
  )
  return new SafeHtml(
    json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  )
}

/**
 * Joins parts one per line (items of a list each on their own), skipping the ones that render
 * nothing (`false`, `undefined`, `[]`), so a list of optional tags reads like the output it makes.
 */
export function lines(parts: readonly HtmlValue[]): SafeHtml {
  let out = ''
  for (const part of parts) {
    const text = Array.isArray(part) ? lines(part).value : render(part)
    if (text !== '') out += text.endsWith('\n') ? text : `${text}\n`
  }
  return new SafeHtml(out)
}
