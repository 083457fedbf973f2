import { renderContent } from '../articles/render-content.ts'
import type { SourceItem } from './parse-source.ts'
import { escapeHtml, htmlToPlainText } from './plain-text.ts'

export interface ItemContent {
  readonly value: string
  readonly format: 'html' | 'text'
  readonly fromLink: boolean
}

/**
 * What an article's content will be: the item's content (HTML with its URLs made absolute against
 * the item's own page), else its summary, else a link to the original; undefined with none of them.
 */
export function itemContent(item: SourceItem): ItemContent | undefined {
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
export function withoutTitleHeading(html: string, title: string): string | undefined {
  const heading = /^\s*<h([1-3])\b[^>]*>([\s\S]*?)<\/h\1>\s*/i.exec(html)
  if (heading === null) return undefined
  const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()
  const rest = html.slice(heading[0].length)
  if (normalise(htmlToPlainText(heading[2] ?? '')) !== normalise(title) || rest.trim() === '')
    return undefined
  return rest
}
