import { CliError } from './cli-error.ts'
import type { ParsedFeed, SourceAuthor, SourceItem } from './parse-source.ts'
import { escapeHtml } from './plain-text.ts'
import type { SourceDocument } from './read-source.ts'
import { absolute, clean, htmlOrText, isRecord, oneLine, text } from './source-fields.ts'

/*
 * A Ghost JSON export (Settings → Labs → Export): `{ db: [{ meta, data: { posts, tags, users,
 * posts_tags, posts_authors } }] }`. Posts become articles with their slug, status, publication
 * time, authors and tags; pages are counted, not imported. The body is the export's `html`, else
 * its `lexical` document rendered here (the common nodes), else its `plaintext`.
 */

type Row = Record<string, unknown>

/** The `data` of a Ghost export, or undefined when `source` is not one. */
export function ghostData(source: string): Row | undefined {
  if (!/^\s*\{/.test(source) || !source.slice(0, 2000).includes('"db"')) return undefined
  let value: unknown
  try {
    value = JSON.parse(source)
  } catch {
    return undefined
  }
  const db = isRecord(value) && Array.isArray(value.db) ? value.db[0] : undefined
  const data = isRecord(db) ? db.data : undefined
  return isRecord(data) && Array.isArray(data.posts) ? data : undefined
}

export function parseGhost(doc: SourceDocument, data: Row): ParsedFeed {
  const users = new Map(rows(data.users).map((u) => [String(u.id), u]))
  const tags = new Map(rows(data.tags).map((t) => [String(t.id), t]))
  const authorsOf = joinTable(data.posts_authors, 'author_id')
  const tagsOf = joinTable(data.posts_tags, 'tag_id')
  const ignored = new Map<string, number>()
  const items: SourceItem[] = []
  rows(data.posts).forEach((post, index) => {
    const type = str(post.type) ?? (post.page === true || post.page === 1 ? 'page' : 'post')
    if (type !== 'post') {
      ignored.set(type, (ignored.get(type) ?? 0) + 1)
      return
    }
    const id = String(post.id)
    const authorIds = authorsOf.get(id) ?? (post.author_id !== undefined ? [String(post.author_id)] : [])
    const authors = authorIds.flatMap((a): SourceAuthor[] => {
      const name = str(users.get(a)?.name)
      return name !== undefined ? [{ name }] : []
    })
    // Internal tags (`#hash`) steer Ghost's themes; they are no topic.
    const categories = (tagsOf.get(id) ?? [])
      .map((t) => str(tags.get(t)?.name))
      .filter((name): name is string => name !== undefined && !name.startsWith('#'))
    const html = str(post.html) ?? lexicalHtml(str(post.lexical))
    const plain = str(post.plaintext)
    const status = str(post.status)
    const uuid = str(post.uuid)
    const published = publishedAt(post.published_at)
    items.push(
      clean({
        origin: `${doc.label} post ${index + 1}`,
        sourceId: uuid !== undefined ? `urn:uuid:${uuid}` : id,
        link: absolute(str(post.canonical_url), undefined),
        title: str(post.title),
        content: htmlOrText(html, plain),
        summary: str(post.custom_excerpt),
        authors,
        categories,
        published,
        image:
          absolute(str(post.feature_image), undefined) !== undefined
            ? {
                url: absolute(str(post.feature_image), undefined) ?? '',
                alt: str(post.feature_image_alt) ?? '',
              }
            : undefined,
        slug: str(post.slug),
        status:
          status === 'published' || status === 'scheduled' ? ('published' as const) : ('draft' as const),
      }),
    )
  })
  const left = [...ignored].map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`)
  return clean({
    kind: 'feed' as const,
    format: 'ghost' as const,
    key: doc.url,
    items,
    ignored: left.length > 0 ? `not imported: ${left.join(', ')}` : undefined,
  })
}

/** Ghost writes ISO 8601 UTC in current exports and epoch milliseconds in old ones. */
function publishedAt(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString()
  return str(value)
}

/** post id -> ids in `column`, by `sort_order`. */
function joinTable(table: unknown, column: string): Map<string, string[]> {
  const sorted = rows(table).sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))
  const map = new Map<string, string[]>()
  for (const row of sorted) {
    const post = String(row.post_id)
    map.set(post, [...(map.get(post) ?? []), String(row[column])])
  }
  return map
}

/**
 * Ghost's Lexical document as HTML: paragraphs, headings, quotes, lists, links, text formats, line
 * breaks and images. Other cards are left out (their text, if any, is in the export's plaintext).
 */
export function lexicalHtml(source: string | undefined): string | undefined {
  if (source === undefined) return undefined
  let doc: unknown
  try {
    doc = JSON.parse(source)
  } catch (error) {
    throw new CliError(`a Ghost post's lexical document is not JSON: ${oneLine(error)}`, { cause: error })
  }
  const root = isRecord(doc) ? doc.root : undefined
  const html = renderNodes(isRecord(root) ? root.children : undefined, 0)
  return html.trim() === '' ? undefined : html
}

const maxDepth = 50

function renderNodes(children: unknown, depth: number): string {
  if (!Array.isArray(children) || depth > maxDepth) return ''
  return children.map((child) => (isRecord(child) ? renderNode(child, depth + 1) : '')).join('')
}

function renderNode(node: Row, depth: number): string {
  const inner = () => renderNodes(node.children, depth)
  switch (node.type) {
    case 'paragraph':
      return `<p>${inner()}</p>`
    case 'heading': {
      const tag = /^h[1-6]$/.test(String(node.tag)) ? String(node.tag) : 'h2'
      return `<${tag}>${inner()}</${tag}>`
    }
    case 'quote':
      return `<blockquote>${inner()}</blockquote>`
    case 'list': {
      const tag = node.listType === 'number' ? 'ol' : 'ul'
      return `<${tag}>${inner()}</${tag}>`
    }
    case 'listitem':
      return `<li>${inner()}</li>`
    case 'link': {
      const href = absolute(str(node.url), undefined)
      return href !== undefined ? `<a href="${escapeHtml(href)}">${inner()}</a>` : inner()
    }
    case 'linebreak':
      return '<br>'
    case 'text': {
      let out = escapeHtml(typeof node.text === 'string' ? node.text : '')
      const format = typeof node.format === 'number' ? node.format : 0
      if (format & 1) out = `<strong>${out}</strong>`
      if (format & 2) out = `<em>${out}</em>`
      if (format & 16) out = `<code>${out}</code>`
      return out
    }
    case 'image': {
      const src = absolute(str(node.src), undefined)
      if (src === undefined) return ''
      const caption = str(node.caption)
      return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(str(node.alt) ?? '')}">${caption !== undefined ? `<figcaption>${caption}</figcaption>` : ''}</figure>`
    }
    default:
      return ''
  }
}

function rows(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter(isRecord) : []
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? text(value) : undefined
}
