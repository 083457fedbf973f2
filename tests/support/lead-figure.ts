import { expect } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { withoutForbiddenChars } from './parse-xml.ts'

const figure = /^<figure><img src="([^"]*)" alt="([^"]*)"><\/figure>/

function decode(value: string): string {
  return value.replace(/&(amp|quot|apos|lt|gt|#9|#10|#13);/g, (_, name: string) => {
    const chars: Record<string, string> = {
      amp: '&',
      quot: '"',
      apos: "'",
      lt: '<',
      gt: '>',
      '#9': '\t',
      '#10': '\n',
      '#13': '\r',
    }
    return chars[name] ?? ''
  })
}

/**
 * Checks an item's HTML as a reader gets it: wrapped in `<div dir="rtl" lang>` for an RTL article,
 * the article's lead image first, as `<figure><img>` with
 * its URL and alt text, then `contentHtml` (as the format carries it); returns the HTML after the figure.
 */
export function expectLeadFigure(html: string, article: Article, contentHtml: string): void {
  let itemHtml = html
  // Right-to-left languages (by a list of our own, not the code's): the whole item in one RTL block.
  if (['ar', 'he', 'fa', 'ur'].includes(article.language ?? '')) {
    const open = `<div dir="rtl" lang="${article.language}">`
    expect(itemHtml.startsWith(open) && itemHtml.endsWith('</div>'), 'an RTL item is wrapped').toBe(true)
    itemHtml = itemHtml.slice(open.length, -'</div>'.length)
  } else {
    expect(itemHtml).not.toMatch(/^<div dir=/)
  }
  const match = figure.exec(itemHtml)
  const type = article.image?.type
  if (article.image === undefined || (type !== undefined && !type.startsWith('image/'))) {
    expect(match).toBeNull()
    expect(itemHtml).toBe(contentHtml)
    return
  }
  expect(match, 'the item opens with the lead image').not.toBeNull()
  expect(decode(match?.[1] ?? '')).toBe(new URL(article.image.url).href)
  expect(decode(match?.[2] ?? '')).toBe(withoutForbiddenChars(article.image.alt))
  expect(itemHtml.slice(match?.[0].length)).toBe(contentHtml)
}
