import { v5 as uuidv5 } from 'uuid'
import { isAbsoluteIri, maxIdLength } from '../articles/article-input.ts'
import type { ArticleBody } from './api-client.ts'
import { itemContent, withoutTitleHeading } from './item-content.ts'
import type { ParsedFeed, SourceItem } from './parse-source.ts'
import { htmlToPlainText, truncateText } from './plain-text.ts'
import { planAttachments, planImage } from './plan-media.ts'
import { slugCandidates, sourceSlug } from './slug-candidates.ts'
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

  let content = itemContent(item)
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

  const image = item.image !== undefined ? planImage(item.image, warn) : undefined

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
