import { SaxesParser } from 'saxes'

/** An element: qualified `name` as written, namespace `uri`, attributes by qualified name. */
export interface XmlElement {
  readonly name: string
  readonly uri: string
  readonly local: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  /** The element's own character data (text and CDATA), children's excluded. */
  text: string
}

/**
 * Parses `xml` strictly with saxes (namespaces on, XML 1.0 character rules enforced) into a small
 * tree; throws on the first well-formedness error.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.on('error', (error) => {
    throw error
  })
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {}
    for (const attribute of Object.values(tag.attributes)) attributes[attribute.name] = attribute.value
    const element: XmlElement = {
      name: tag.name,
      uri: tag.uri,
      local: tag.local,
      attributes,
      children: [],
      text: '',
    }
    const parent = stack.at(-1)
    if (parent === undefined) root = element
    else parent.children.push(element)
    stack.push(element)
  })
  const append = (data: string): void => {
    const current = stack.at(-1)
    if (current !== undefined) current.text += data
  }
  parser.on('text', append)
  parser.on('cdata', append)
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.write(xml).close()
  if (root === undefined) throw new Error('No root element')
  return root
}

/** The child elements called `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name)
}

/** The one child called `name`; throws when there is none or more than one. */
export function childNamed(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name)
  const [only] = found
  if (only === undefined || found.length > 1) {
    throw new Error(`Expected one <${name}> in <${element.name}>, found ${found.length}`)
  }
  return only
}

/**
 * `value` without the characters feeds and pages never carry (what XML 1.0 forbids, plus DEL, the C1
 * controls and the noncharacters that XML discourages and HTML forbids), computed code point by code
 * point (independently of the renderers' regex) so the tests can say what a round trip should give.
 */
export function withoutForbiddenChars(value: string): string {
  let out = ''
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0
    const xmlChar =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff)
    const discouraged =
      (code >= 0x7f && code <= 0x9f) || (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe
    if (xmlChar && !discouraged) out += char
  }
  return out
}
