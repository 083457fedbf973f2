import type { MediaNs, RssFeed } from 'feedsmith'
import type { SourceAuthor, SourceImage, SourceItem, SourceMedia } from './parse-source.ts'

/*
 * The small readers every feed format shares: names, the lead image among enclosures and media,
 * URLs made absolute, trimmed text, and records without undefined fields.
 */

export function personName(person: RssFeed.Person | undefined): SourceAuthor[] {
  const name = text(person?.name) ?? text(person?.email)
  return name !== undefined ? [{ name }] : []
}

export interface ImageCandidate {
  readonly url: string | undefined
  readonly type?: string | undefined
  readonly length?: number
  readonly alt?: string | undefined
  readonly medium?: string | undefined
}

/** The first image among enclosures, media and attachments: by MIME type, by medium, or by extension. */
export function firstImage(candidates: readonly ImageCandidate[]): SourceImage | undefined {
  const found = candidates.find(
    (c) =>
      c.url !== undefined &&
      (c.type?.toLowerCase().startsWith('image/') ||
        c.medium === 'image' ||
        (c.type === undefined && /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i.test(c.url))),
  )
  if (found?.url === undefined) return undefined
  return clean({
    url: found.url,
    type: found.type?.toLowerCase().startsWith('image/') ? found.type.toLowerCase() : undefined,
    length: found.length !== undefined && found.length > 0 ? found.length : undefined,
    alt: text(found.alt),
  })
}

/** A file an item names (enclosure, media:content, attachment) that is not an image. */
export interface MediaCandidate {
  readonly url: string | undefined
  readonly type?: string | undefined
  readonly length?: number | undefined
  readonly duration?: number | undefined
  readonly title?: string | undefined
  readonly medium?: string | undefined
}

/**
 * The audio, video and other files among an item's enclosures, media and attachments: whatever is
 * not an image (as {@link firstImage} takes images), each URL once, absolute against `base`.
 */
export function mediaFiles(candidates: readonly MediaCandidate[], base: string | undefined): SourceMedia[] {
  const seen = new Set<string>()
  const files: SourceMedia[] = []
  for (const candidate of candidates) {
    const url = absolute(candidate.url, base)
    if (url === undefined || seen.has(url)) continue
    const type = text(candidate.type)?.toLowerCase()
    const isImage =
      type?.startsWith('image/') ||
      candidate.medium === 'image' ||
      (type === undefined && /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i.test(url))
    if (isImage) continue
    seen.add(url)
    files.push(
      clean({
        url,
        type,
        length: candidate.length !== undefined && candidate.length > 0 ? candidate.length : undefined,
        duration: candidate.duration !== undefined && candidate.duration > 0 ? candidate.duration : undefined,
        title: text(candidate.title),
        medium: text(candidate.medium),
      }),
    )
  }
  return files
}

/** Media RSS contents (in groups too) as media candidates, with their duration and title. */
export function mediaContents(media: MediaNs.ItemOrFeed | undefined): MediaCandidate[] {
  if (media === undefined) return []
  const contents = [...(media.contents ?? []), ...(media.groups ?? []).flatMap((g) => g.contents ?? [])]
  return contents.map((c) => ({
    url: c.url,
    type: c.type,
    medium: c.medium,
    length: c.fileSize,
    duration: c.duration,
    title: c.title?.value,
  }))
}

export function mediaImages(media: MediaNs.ItemOrFeed | undefined): ImageCandidate[] {
  if (media === undefined) return []
  const contents = [...(media.contents ?? []), ...(media.groups ?? []).flatMap((g) => g.contents ?? [])]
  return [
    ...contents.map((c) => ({
      url: c.url,
      type: c.type,
      medium: c.medium,
      ...(c.fileSize !== undefined && { length: c.fileSize }),
      alt: c.description?.value ?? c.title?.value ?? media.description?.value,
    })),
    ...(media.thumbnails ?? []).map((t) => ({ url: t.url, medium: 'image', alt: media.description?.value })),
  ]
}

export function absoluteImage(image: SourceImage, base: string | undefined): SourceImage | undefined {
  const url = absolute(image.url, base)
  return url !== undefined ? { ...image, url } : undefined
}

/** An item's body: its HTML when it has some, else its plain text; undefined when it has neither. */
export function htmlOrText(html: string | undefined, plain: string | undefined): SourceItem['content'] {
  if (html !== undefined) return { value: html, format: 'html' }
  return plain !== undefined ? { value: plain, format: 'text' } : undefined
}

/** `value` made absolute against `base`; undefined when it cannot be. */
export function absolute(value: string | undefined, base: string | undefined): string | undefined {
  const trimmed = text(value)
  if (trimmed === undefined) return undefined
  try {
    return new URL(trimmed, base).href
  } catch {
    return undefined
  }
}

/** The document's URL when it came over http(s): a `file:` URL is no base for a site's links. */
export function httpBase(url: string): string | undefined {
  return /^https?:/i.test(url) ? url : undefined
}

export function text(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined
  const trimmed = String(value).trim()
  return trimmed === '' ? undefined : trimmed
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

/** Drops undefined properties, so that optional fields are absent rather than undefined. */
type Clean<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>
}
export function clean<T extends object>(value: T): Clean<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Clean<T>
}
