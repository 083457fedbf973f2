import { XMLParser } from 'fast-xml-parser'
import { CliError } from './cli-error.ts'
import type { ParsedFeed, SourceAuthor, SourceImage, SourceItem, SourceMedia } from './parse-source.ts'
import { htmlToPlainText } from './plain-text.ts'
import type { SourceDocument } from './read-source.ts'
import { absolute, clean, oneLine, text } from './source-fields.ts'

/*
 * WordPress eXtended RSS (WXR), what Tools → Export writes: RSS 2.0 with the `wp:` namespace that
 * holds each post's own record (slug, status, GMT date, type, parent, metadata) and the site's
 * authors. Only posts become articles; pages, attachments, menu items and revisions are counted.
 */

/** Whether `text` is a WXR file: an RSS document that declares the `wp` export namespace. */
export function isWxr(text: string): boolean {
  return /xmlns:wp="https?:\/\/wordpress\.org\/export\/[0-9.]+\/"/.test(text.slice(0, 4096))
}

type Node = Record<string, unknown>

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // A WXR file is data: entities beyond XML's own five are not expanded.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['item', 'category', 'wp:author', 'wp:postmeta', 'wp:comment'].includes(name),
})

export function parseWxr(doc: SourceDocument, source: string): ParsedFeed {
  let root: Node
  try {
    root = parser.parse(source) as Node
  } catch (error) {
    throw new CliError(`${doc.label} is not a WordPress export that can be read: ${oneLine(error)}`, {
      cause: error,
    })
  }
  const channel = node(node(root.rss).channel)
  const site = absolute(str(channel['wp:base_blog_url']) ?? str(channel.link), undefined)
  const logins = new Map<string, SourceAuthor>()
  for (const author of list(channel['wp:author'])) {
    const login = str(author['wp:author_login'])
    const name = str(author['wp:author_display_name']) ?? login
    if (login !== undefined && name !== undefined) logins.set(login, { name })
  }
  const items = list(channel.item)
  const attachments = new Map<string, Node[]>()
  const byId = new Map<string, Node>()
  for (const item of items) {
    const id = str(item['wp:post_id'])
    if (id !== undefined) byId.set(id, item)
    if (str(item['wp:post_type']) === 'attachment') {
      const parent = str(item['wp:post_parent']) ?? '0'
      attachments.set(parent, [...(attachments.get(parent) ?? []), item])
    }
  }
  const ignored = new Map<string, number>()
  const posts: SourceItem[] = []
  items.forEach((item, index) => {
    const type = str(item['wp:post_type']) ?? 'post'
    const status = str(item['wp:status']) ?? 'publish'
    if (type !== 'post' || status === 'trash' || status === 'auto-draft' || status === 'inherit') {
      const what = type === 'post' ? `${status} post` : type
      ignored.set(what, (ignored.get(what) ?? 0) + 1)
      return
    }
    posts.push(wxrPost(item, index, doc, { logins, attachments, byId, site }))
  })
  const left = [...ignored].map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`)
  return clean({
    kind: 'feed' as const,
    format: 'wxr' as const,
    key: site ?? doc.url,
    items: posts,
    ignored: left.length > 0 ? `not imported: ${left.join(', ')}` : undefined,
  })
}

interface WxrContext {
  readonly logins: ReadonlyMap<string, SourceAuthor>
  readonly attachments: ReadonlyMap<string, readonly Node[]>
  readonly byId: ReadonlyMap<string, Node>
  readonly site: string | undefined
}

function wxrPost(item: Node, index: number, doc: SourceDocument, context: WxrContext): SourceItem {
  const id = str(item['wp:post_id'])
  const link = absolute(str(item.link), context.site)
  const login = str(item['dc:creator'])
  const author = login !== undefined ? (context.logins.get(login) ?? { name: login }) : undefined
  const categories = list(item.category)
    .filter((c) => c['@_domain'] === 'category' || c['@_domain'] === 'post_tag')
    .map((c) => str(c) ?? '')
  const content = str(item['content:encoded'])
  const excerpt = str(item['excerpt:encoded'])
  const status = str(item['wp:status'])
  const meta = postmeta(item)
  const children = id !== undefined ? (context.attachments.get(id) ?? []) : []
  // The featured image (`_thumbnail_id`), else an attached image, by WordPress's own record of it.
  const thumbnail = context.byId.get(meta.get('_thumbnail_id') ?? '')
  const imageItem = thumbnail ?? children.find((a) => postmeta(a).has('_wp_attachment_image_alt'))
  const image = imageItem !== undefined ? attachmentImage(imageItem, context.site) : undefined
  const media: SourceMedia[] = children
    .filter((a) => a !== imageItem && !postmeta(a).has('_wp_attachment_image_alt'))
    .flatMap((a) => {
      const url = absolute(str(a['wp:attachment_url']), context.site)
      // WXR records no MIME type: the file is named, and dropped with that reason, never guessed.
      return url !== undefined ? [clean({ url, title: str(a.title) })] : []
    })
  return clean({
    origin: `${doc.label} item ${index + 1}`,
    sourceId: str(node(item.guid)['#text']) ?? str(item.guid) ?? link,
    link,
    title: str(item.title),
    content: content !== undefined ? { value: autop(content), format: 'html' as const } : undefined,
    summary: excerpt !== undefined ? htmlToPlainText(excerpt) : undefined,
    authors: author !== undefined ? [author] : [],
    categories,
    published: gmtDate(str(item['wp:post_date_gmt'])) ?? str(item.pubDate),
    image,
    media: media.length > 0 ? media : undefined,
    base: link,
    slug: str(item['wp:post_name']),
    status: status === 'publish' || status === 'future' ? ('published' as const) : ('draft' as const),
  })
}

function attachmentImage(item: Node, site: string | undefined): SourceImage | undefined {
  const url = absolute(str(item['wp:attachment_url']), site)
  if (url === undefined) return undefined
  return clean({ url, alt: postmeta(item).get('_wp_attachment_image_alt') })
}

function postmeta(item: Node): Map<string, string> {
  const meta = new Map<string, string>()
  for (const entry of list(item['wp:postmeta'])) {
    const key = str(entry['wp:meta_key'])
    const value = str(entry['wp:meta_value'])
    if (key !== undefined && value !== undefined) meta.set(key, value)
  }
  return meta
}

/** `2011-01-18 07:40:14` (UTC) as RFC 3339; WordPress writes zeros for a draft never dated. */
function gmtDate(value: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value ?? '')
  if (match === null || match[1] === '0000-00-00') return undefined
  return `${match[1]}T${match[2]}Z`
}

/**
 * WordPress stores a post's text with blank lines for paragraphs and adds the `<p>` when it shows
 * it (`wpautop`): text with no block markup gets its paragraphs and line breaks back here.
 */
function autop(content: string): string {
  if (/<(p|div|h[1-6]|ul|ol|blockquote|figure|table|pre)\b/i.test(content)) return content
  return content
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n')
}

function node(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {}
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? value.map(node) : value === undefined ? [] : [node(value)]
}

/** The text of an element (with or without attributes), trimmed; undefined when empty. */
function str(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return text(String(value))
  if (typeof value === 'object' && value !== null && '#text' in value) return str(value['#text'])
  return undefined
}
