import { createHash } from 'node:crypto'
import { v5 as uuidv5 } from 'uuid'
import { isAbsoluteIri, maxIdLength } from '../articles/article-input.ts'
import { renderContent } from '../articles/render-content.ts'
import { cutSlug, derivedSlugChars, maxSlugBytes, slugify } from '../articles/slug.ts'
import type { ArticleBody } from './api-client.ts'
import type { ParsedExport, ParsedFeed, SourceItem, SourceMedia } from './parse-source.ts'
import { htmlToPlainText, truncateText } from './plain-text.ts'
import { importableYears, parseSourceDate } from './source-date.ts'

/** Something kept from an item only in part; counted in the summary, listed with --verbose. */
export type WarningKind =
  | 'image-not-https'
  | 'categories-cut'
  | 'no-date'
  | 'date-unreadable'
  | 'date-without-zone'
  | 'summary-cut'
  | 'title-from-text'
  | 'title-cut'
  | 'content-from-link'
  | 'id-derived'
  | 'media-not-https'
  | 'media-no-type'
  | 'media-cut'
  | 'heading-dropped'

export interface ItemWarning {
  readonly kind: WarningKind
  readonly detail: string
}

/** One article to put on the site, and how to find it there. */
export interface PlannedArticle {
  readonly origin: string
  /** For messages: the title. */
  readonly label: string
  /** Decides identity: an existing article is this item's only when its id is this. */
  readonly id: string
  /** Slugs to try in order; the first that holds this id is updated, else the first free one is created. */
  readonly candidates: readonly string[]
  /** A deleted (410) candidate may be taken again: true for a restore, false for a feed's items. */
  readonly goneIsFree: boolean
  /** The article without its slug. */
  readonly body: ArticleBody
  readonly warnings: readonly ItemWarning[]
}

export interface SkippedItem {
  readonly origin: string
  readonly label: string
  readonly reason: string
}

export interface PlanOptions {
  /** What the imported items become; a dated feed item is `published` by default. */
  readonly status: 'draft' | 'published'
  /** `--author`: the byline of every item, whatever the source says. */
  readonly author?: string
  /** `--language`: the language of every item (BCP 47). */
  readonly language?: string
  /** `--category`: categories every item gets, before its own. */
  readonly categories?: readonly string[]
}

const maxTitle = 300
const maxSummary = 1000
const maxCategories = 10
const maxAuthors = 20
const suffixLength = 8
/** Fixed namespace of the ids this CLI derives (RFC 9562 name-based, SHA-1): same item, same id, forever. */
const idNamespace = 'f3f1d3b2-6a1e-5a53-9d0b-6e2d1c7b9a40'

/**
 * Turns a feed's items into articles: the id readers already know (or one derived from it), a slug
 * derived from the item's link (stable when the title changes) or else its title, content with
 * every URL made absolute against the item's own link, plain-text title and summary, dates in the
 * source's offset. Items that cannot become an article are skipped with the reason.
 */
export function planFeed(feed: ParsedFeed, options: PlanOptions): (PlannedArticle | SkippedItem)[] {
  return feed.items.map((item) => planFeedItem(item, feed.key, options))
}

export function planFeedItem(
  item: SourceItem,
  feedKey: string,
  options: PlanOptions,
): PlannedArticle | SkippedItem {
  const warnings: ItemWarning[] = []
  const warn = (kind: WarningKind, detail: string) => warnings.push({ kind, detail })
  const label = item.title ?? item.link ?? item.sourceId ?? item.origin
  const sourceId = item.sourceId ?? item.link
  if (sourceId === undefined) {
    return {
      origin: item.origin,
      label,
      reason: 'it has no guid, id or link to know it by on a later import',
    }
  }
  let id = sourceId
  if (!isAbsoluteIri(sourceId) || sourceId.length > maxIdLength) {
    id = `urn:uuid:${uuidv5(`${feedKey}\n${sourceId}`, idNamespace)}`
    warn('id-derived', `"${sourceId}" is not an absolute IRI: the article's id is ${id}`)
  }

  let content = articleContent(item)
  if (content === undefined)
    return { origin: item.origin, label, reason: 'it has no content, summary or link' }
  if (content.fromLink) warn('content-from-link', 'no content: the article links to the original')

  let title = item.title
  if (title === undefined) {
    const text =
      content.format === 'html' ? htmlToPlainText(content.value) : content.value.replace(/\s+/g, ' ')
    title = text.trim() === '' ? undefined : truncateText(text.trim(), 100)
    if (title === undefined) return { origin: item.origin, label, reason: 'it has neither a title nor text' }
    warn('title-from-text', `no title: "${title}" taken from its text`)
  }
  if (Array.from(title).length > maxTitle) {
    title = truncateText(title, maxTitle)
    warn('title-cut', `title cut to ${maxTitle} characters`)
  }

  const body0 = content.format === 'html' ? withoutTitleHeading(content.value, title) : undefined
  if (body0 !== undefined) {
    content = { ...content, value: body0 }
    warn('heading-dropped', 'its text opened with a heading repeating the title: dropped')
  }

  let summary = item.summary
  if (summary !== undefined && Array.from(summary).length > maxSummary) {
    summary = truncateText(summary, maxSummary)
    warn('summary-cut', `summary cut to ${maxSummary} characters`)
  }

  // An export's draft stays a draft; what it published takes --status.
  let status = item.status === 'draft' ? 'draft' : options.status
  let publishedAt: string | undefined
  const date = item.published !== undefined ? parseSourceDate(item.published) : undefined
  if (date !== undefined) {
    publishedAt = date.value
    if (date.assumedUtc) warn('date-without-zone', `"${item.published}" has no time zone: read as UTC`)
  } else if (status === 'published') {
    // A guessed date would put a years-old article at the top of every feed: keep it as a draft.
    status = 'draft'
    if (item.published !== undefined) {
      warn(
        'date-unreadable',
        `cannot read the date "${item.published}" as one in the years ${importableYears} (UTC): imported as a draft`,
      )
    } else warn('no-date', 'no date: imported as a draft')
  }

  const categories = uniqueBy(
    [...(options.categories ?? []), ...item.categories]
      .map((c) => c.replace(/\s+/g, ' ').trim())
      .filter((c) => c !== ''),
    (c) => c.toLowerCase(),
  )
  if (categories.length > maxCategories) {
    warn('categories-cut', `${categories.length} categories: the first ${maxCategories} kept`)
  }
  const authors = uniqueBy(
    (options.author !== undefined ? [{ name: options.author }] : item.authors).filter(
      (a) => a.name.trim() !== '',
    ),
    (a) => a.name.trim().toLowerCase(),
  ).slice(0, maxAuthors)

  let image: Readonly<Record<string, unknown>> | undefined
  if (item.image !== undefined) {
    if (item.image.url.startsWith('https:')) {
      image = {
        url: item.image.url,
        alt: item.image.alt ?? '',
        ...(item.image.type !== undefined && { type: item.image.type }),
        ...(item.image.length !== undefined && { length: item.image.length }),
      }
    } else warn('image-not-https', `image ${item.image.url} dropped: the site takes https images only`)
  }

  const attachments = planAttachments(item.media ?? [], warn)

  const body: ArticleBody = {
    id,
    title,
    ...(summary !== undefined && { summary }),
    content: content.value,
    contentFormat: content.format,
    ...(authors.length > 0 && {
      authors: authors.map((a) => ({ name: a.name.trim(), ...(a.url !== undefined && { url: a.url }) })),
    }),
    categories: categories.slice(0, maxCategories),
    ...(image !== undefined && { image }),
    ...(attachments.length > 0 && { attachments }),
    ...(item.episode !== undefined &&
      Number.isSafeInteger(item.episode) &&
      item.episode > 0 && { episode: item.episode }),
    ...(options.language !== undefined && { language: options.language }),
    ...(item.source !== undefined && /^https?:/i.test(item.source) && { source: item.source }),
    status,
    ...(publishedAt !== undefined && { publishedAt }),
  }
  return {
    origin: item.origin,
    label: title,
    id,
    candidates: sourceSlug(item.slug, slugCandidates(item, title, id)),
    goneIsFree: false,
    body,
    warnings,
  }
}

const maxAttachments = 10

/**
 * An item's audio, video and other files as the API's attachments: https only, and only with the
 * MIME type the source declares (never guessed from the extension). Each one dropped is a note
 * naming it, as dropped images are.
 */
function planAttachments(
  media: readonly SourceMedia[],
  warn: (kind: WarningKind, detail: string) => void,
): Record<string, unknown>[] {
  const kept: Record<string, unknown>[] = []
  for (const file of media) {
    const what = file.medium ?? file.type?.split('/')[0] ?? 'file'
    if (!file.url.startsWith('https:')) {
      warn('media-not-https', `${what} ${file.url} dropped: the site takes https files only`)
    } else if (file.type === undefined || !/^[a-z]+\/[a-z0-9.+-]+$/.test(file.type)) {
      warn('media-no-type', `${what} ${file.url} dropped: the source declares no MIME type for it`)
    } else if (kept.length >= maxAttachments) {
      warn('media-cut', `${file.url} dropped: at most ${maxAttachments} files an article`)
    } else {
      kept.push({
        url: file.url,
        type: file.type,
        ...(file.length !== undefined && Number.isSafeInteger(file.length) && { length: file.length }),
        ...(file.duration !== undefined && Number.isFinite(file.duration) && { duration: file.duration }),
        ...(file.title !== undefined && { title: file.title.slice(0, 300) }),
      })
    }
  }
  return kept
}

/** Fields of an exported article that the site assigns (a restore cannot send them), and the slug, sent apart. */
const assignedFields = new Set(['url', 'contentHtml', 'createdAt', 'updatedAt', 'version', 'slug'])

/**
 * Turns exported lines back into articles: every field as exported but those the site assigns,
 * at exactly the exported slug, known by the exported id. Fields this CLI does not know pass on
 * to the site, which judges them.
 */
export function planExport(parsed: ParsedExport): (PlannedArticle | SkippedItem)[] {
  return parsed.articles.map(({ origin, body }) => {
    const slug = typeof body.slug === 'string' ? body.slug : ''
    const label = typeof body.title === 'string' ? body.title : slug
    if (typeof body.id !== 'string') return { origin, label, reason: 'it has no id' }
    const input = Object.fromEntries(Object.entries(body).filter(([key]) => !assignedFields.has(key)))
    return { origin, label, id: body.id, candidates: [slug], goneIsFree: true, body: input, warnings: [] }
  })
}

/** The source's own slug first, when it is one the site takes as it is. */
function sourceSlug(slug: string | undefined, candidates: string[]): string[] {
  if (slug === undefined) return candidates
  let decoded = slug
  try {
    decoded = decodeURIComponent(slug)
  } catch {
    // WordPress percent-encodes non-ASCII slugs; one that is not valid stays as written.
  }
  const ours = slugify(decoded)
  return ours === '' || candidates.includes(ours) ? candidates : [ours, ...candidates]
}

/**
 * Where an item may live: two slugs from the last segment of its link (`/2024/01/cafe-a-paris/` ->
 * `cafe-a-paris`, `?p=123` -> `p-123`), which do not move when the title is edited, or, without a
 * usable link, from its title; the second of each carries a hash of the id, for when another item
 * took the first.
 */
export function slugCandidates(
  item: Pick<SourceItem, 'link'> & Partial<Pick<SourceItem, 'sourceId'>>,
  title: string,
  id: string,
): string[] {
  const link = permalinkOf(item)
  const base = (link !== undefined ? linkSlug(link) : '') || slugify(title)
  const hash = createHash('sha256').update(id).digest('hex').slice(0, suffixLength)
  if (base === '') return [`item-${hash}`]
  return [
    base,
    `${cutSlug(base, derivedSlugChars - suffixLength - 1, maxSlugBytes - suffixLength - 1)}-${hash}`,
  ]
}

/**
 * The item's own address: its link, unless that is on another host than a guid that is itself a
 * web URL, as a click-tracking or redirect link is (`feedproxy.google.com/~r/…`): then the guid.
 */
function permalinkOf(
  item: Pick<SourceItem, 'link'> & Partial<Pick<SourceItem, 'sourceId'>>,
): string | undefined {
  const guid = item.sourceId !== undefined && /^https?:\/\//i.test(item.sourceId) ? item.sourceId : undefined
  if (item.link === undefined || guid === undefined) return item.link
  try {
    const guidUrl = new URL(guid)
    // A guid with no path (`/?p=123`) names the post, not its address: the link stays.
    return new URL(item.link).host === guidUrl.host || guidUrl.pathname.length <= 1 ? item.link : guid
  } catch {
    return item.link
  }
}

function linkSlug(link: string): string {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return ''
  }
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(safeDecode)
  let last = segments.at(-1)?.replace(/\.(html?|php|aspx?|jsp|cfm)$/i, '')
  if (last !== undefined && /^(index|default)$/i.test(last)) last = segments.at(-2)
  return slugify(last ?? '') || slugify(url.search.slice(1))
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

interface Content {
  readonly value: string
  readonly format: 'html' | 'text'
  readonly fromLink: boolean
}

function articleContent(item: SourceItem): Content | undefined {
  if (item.content !== undefined) {
    if (item.content.format === 'text') return { value: item.content.value, format: 'text', fromLink: false }
    // Relative links and images resolve against the item's own page, as its readers saw them.
    const html =
      item.base !== undefined ? renderContent(item.content.value, 'html', item.base) : item.content.value
    // Anything left after sanitising: text (an entity counts) or media.
    if (/<(img|video|audio|picture)\b/i.test(html) || html.replace(/<[^>]*>/g, '').trim() !== '') {
      return { value: html, format: 'html', fromLink: false }
    }
  }
  if (item.summary !== undefined) return { value: item.summary, format: 'text', fromLink: false }
  if (item.link !== undefined) {
    const text = escapeHtml(item.title ?? item.link)
    return { value: `<p><a href="${escapeHtml(item.link)}">${text}</a></p>`, format: 'html', fromLink: true }
  }
  return undefined
}

/** `html` without a first `<h1>`–`<h3>` that says the title again (pages show the title already); else undefined. */
function withoutTitleHeading(html: string, title: string): string | undefined {
  const heading = /^\s*<h([1-3])\b[^>]*>([\s\S]*?)<\/h\1>\s*/i.exec(html)
  if (heading === null) return undefined
  const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()
  const rest = html.slice(heading[0].length)
  if (normalise(htmlToPlainText(heading[2] ?? '')) !== normalise(title) || rest.trim() === '')
    return undefined
  return rest
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

export function isSkipped(item: PlannedArticle | SkippedItem): item is SkippedItem {
  return 'reason' in item
}
