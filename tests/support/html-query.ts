import { type DefaultTreeAdapterTypes, parse } from 'parse5'

export type Element = DefaultTreeAdapterTypes.Element
type Node = DefaultTreeAdapterTypes.Node

export interface ParsedPage {
  readonly document: DefaultTreeAdapterTypes.Document
  /** Errors the HTML parser reported (tokenizer and tree construction). */
  readonly parseErrors: readonly string[]
}

/** Parses a page as a browser would, collecting every parse error. */
export function parsePage(source: string): ParsedPage {
  const parseErrors: string[] = []
  const document = parse(source, {
    onParseError: (error) => parseErrors.push(`${error.code} at ${error.startLine}:${error.startCol}`),
  })
  return { document, parseErrors }
}

function isElement(node: Node): node is Element {
  return 'tagName' in node
}

/** Every element under `root`, in document order. */
export function allElements(root: Node): Element[] {
  const found: Element[] = []
  const visit = (node: Node): void => {
    if (isElement(node)) found.push(node)
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
  }
  visit(root)
  return found
}

export function byTag(root: Node, tagName: string): Element[] {
  return allElements(root).filter((element) => element.tagName === tagName)
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((attribute) => attribute.name === name)?.value
}

export function hasClass(element: Element, className: string): boolean {
  return (attr(element, 'class') ?? '').split(/\s+/).includes(className)
}

export function byClass(root: Node, className: string): Element[] {
  return allElements(root).filter((element) => hasClass(element, className))
}

/** The element's text, as `textContent` would give it. */
export function text(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value
  if ('childNodes' in node) return node.childNodes.map(text).join('')
  return ''
}

/** Normalised visible text: whitespace runs collapsed, trimmed. */
export function visibleText(node: Node): string {
  return text(node).replace(/\s+/g, ' ').trim()
}

/** The one element in a list, failing loudly when there are none or several. */
export function only(elements: readonly Element[], what: string): Element {
  const [first, ...others] = elements
  if (first === undefined || others.length > 0) {
    throw new Error(`expected exactly one ${what}, found ${elements.length}`)
  }
  return first
}

/** `content` of every `<meta>` whose `name` or `property` is `key`. */
export function metaContents(root: Node, key: string): string[] {
  return byTag(root, 'meta')
    .filter((meta) => attr(meta, 'name') === key || attr(meta, 'property') === key)
    .map((meta) => attr(meta, 'content') ?? '')
}

/** `content` of the one `<meta>` named `key`. */
export function metaContent(root: Node, key: string): string | undefined {
  const contents = metaContents(root, key)
  if (contents.length > 1) throw new Error(`expected at most one meta ${key}, found ${contents.length}`)
  return contents[0]
}

export function links(root: Node, rel: string): Element[] {
  return byTag(root, 'link').filter((link) => (attr(link, 'rel') ?? '').split(/\s+/).includes(rel))
}
