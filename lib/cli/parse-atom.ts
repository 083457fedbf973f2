import type { AtomFeed } from 'feedsmith'
import type { ParsedFeed, SourceAuthor, SourceItem } from './parse-source.ts'
import { htmlToPlainText } from './plain-text.ts'
import type { SourceDocument } from './read-source.ts'
import {
  absolute,
  clean,
  firstImage,
  httpBase,
  mediaContents,
  mediaFiles,
  mediaImages,
  text,
} from './source-fields.ts'

/** The entries of an Atom 1.0 feed, every URL resolved against its `xml:base` chain. */
export function parseAtom(feed: AtomFeed.Feed<string>, doc: SourceDocument): ParsedFeed {
  const feedBase = absolute(feed.xml?.base, httpBase(doc.url)) ?? httpBase(doc.url)
  const home = absolute(alternate(feed.links), feedBase)
  const feedAuthors = atomPeople(feed.authors, feedBase)
  const items = (feed.entries ?? []).map((entry, index): SourceItem => {
    const entryBase = absolute(entry.xml?.base, feedBase ?? home) ?? feedBase ?? home
    const link = absolute(alternate(entry.links), entryBase)
    const contentBase = absolute(entry.content?.xml?.base, entryBase) ?? link ?? entryBase
    const content = entry.content?.src === undefined ? atomContent(entry.content) : undefined
    const summary = atomText(entry.summary)
    const authors = atomPeople(entry.authors ?? entry.source?.authors, entryBase)
    const image = firstImage([
      ...(entry.links ?? [])
        .filter((l) => l.rel === 'enclosure')
        .map((l) => ({
          url: absolute(l.href, entryBase),
          type: l.type,
          ...(l.length !== undefined && { length: l.length }),
        })),
      ...mediaImages(entry.media),
    ])
    const media = mediaFiles(
      [
        ...(entry.links ?? [])
          .filter((l) => l.rel === 'enclosure')
          .map((l) => ({ url: l.href, type: l.type, length: l.length, title: l.title })),
        ...mediaContents(entry.media),
      ],
      entryBase,
    )
    return clean({
      origin: `${doc.label} entry ${index + 1}`,
      sourceId: text(entry.id),
      link,
      title: atomText(entry.title),
      content: content ?? (summary !== undefined ? { value: summary, format: 'text' as const } : undefined),
      summary: content !== undefined ? summary : undefined,
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: (entry.categories ?? []).map((c) => c.label ?? c.term ?? ''),
      published: text(entry.published) ?? text(entry.updated),
      image,
      media: media.length > 0 ? media : undefined,
      source: absolute((entry.links ?? []).find((l) => l.rel === 'via')?.href, entryBase),
      base: contentBase,
    })
  })
  const next = (feed.links ?? []).find((l) => l.rel === 'next')?.href
  return clean({
    kind: 'feed' as const,
    format: 'atom' as const,
    key: text(feed.id) ?? home ?? doc.url,
    items,
    next: absolute(next, feedBase ?? home),
  })
}

function atomText(value: AtomFeed.Text | undefined): string | undefined {
  if (value === undefined) return undefined
  const type = (value.type ?? 'text').toLowerCase()
  return text(type === 'html' || type === 'xhtml' ? htmlToPlainText(value.value) : value.value)
}

function atomContent(content: AtomFeed.Content | undefined): SourceItem['content'] {
  const value = text(content?.value)
  if (value === undefined) return undefined
  const type = (content?.type ?? 'text').toLowerCase()
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type.endsWith('+xml')) {
    return { value, format: 'html' }
  }
  return type === 'text' || type.startsWith('text/') ? { value, format: 'text' } : undefined
}

function atomPeople(
  people: readonly AtomFeed.Person[] | undefined,
  base: string | undefined,
): SourceAuthor[] {
  return (people ?? []).map((p) => clean({ name: p.name ?? '', url: absolute(p.uri, base) }))
}

function alternate(links: readonly AtomFeed.Link<string>[] | undefined): string | undefined {
  const all = links ?? []
  return (
    all.find((l) => (l.rel ?? 'alternate') === 'alternate' && (l.type ?? 'text/html') === 'text/html')
      ?.href ?? all.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href
  )
}
