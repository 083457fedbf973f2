import { XMLParser } from 'fast-xml-parser'

/*
 * Categories some publishers nest in a wrapper RSS does not define (Macworld's
 * `<categories><category>Mac</category></categories>`), which feed parsers skip. Read only when
 * the document has such a wrapper: the items' wrapped category names, by item position.
 */

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'item' || name === 'category' || name === 'categories',
})

/** Each item's wrapped categories, in document order; undefined when the document has no wrapper. */
export function nestedCategories(xml: string): string[][] | undefined {
  if (!/<categories[\s>]/.test(xml)) return undefined
  let root: unknown
  try {
    root = parser.parse(xml)
  } catch {
    return undefined
  }
  const channel = field(field(root, 'rss'), 'channel')
  const items = field(channel, 'item')
  if (!Array.isArray(items)) return undefined
  return items.map((item) => {
    const wrappers = field(item, 'categories')
    return (Array.isArray(wrappers) ? wrappers : []).flatMap((wrapper) => {
      const names = field(wrapper, 'category')
      return (Array.isArray(names) ? names : []).flatMap((name) => {
        const value = typeof name === 'string' ? name : field(name, '#text')
        return typeof value === 'string' && value.trim() !== '' ? [value.trim()] : []
      })
    })
  })
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Reflect.get(value, key)
    : undefined
}
