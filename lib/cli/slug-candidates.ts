import { createHash } from 'node:crypto'
import { cutSlug, derivedSlugChars, maxSlugBytes, slugify } from '../articles/slug.ts'
import type { SourceItem } from './parse-source.ts'

/** Length of the id's hash that tells apart two items whose slugs would be equal. */
const suffixLength = 8

/** The source's own slug first, when it is one the site takes as it is. */
export function sourceSlug(slug: string | undefined, candidates: string[]): string[] {
  if (slug === undefined) return candidates
  // WordPress percent-encodes non-ASCII slugs; one that is not valid stays as written.
  const ours = slugify(safeDecode(slug))
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
