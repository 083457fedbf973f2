import type { Article } from '../articles/article.ts'
import { articleLanguage, textDirection } from '../articles/language.ts'
import { leadImage } from '../articles/lead-image.ts'
import type { Site } from '../site.ts'
import { escapeXmlAttribute as attr } from './xml.ts'

/**
 * The HTML an item carries in every format: the lead image first, as a figure (several readers show
 * neither `media:content` nor enclosures), unless the content already shows that very image; and,
 * for an article in a right-to-left language, all of it in `<div dir="rtl" lang>`, since readers
 * set the feed's direction, not the item's. The page shows its lead image itself and never this.
 */
export function itemContentHtml(article: Article, site: Site): string {
  const body = `${leadFigure(article)}${article.contentHtml}`
  const language = articleLanguage(article, site)
  return textDirection(language) === 'rtl' ? `<div dir="rtl" lang="${attr(language)}">${body}</div>` : body
}

function leadFigure({ image, contentHtml }: Article): string {
  if (image === undefined || !URL.canParse(image.url)) return ''
  // A lead "image" that is audio or video stays an enclosure only.
  const { type } = leadImage(image)
  if (type !== undefined && !type.startsWith('image/')) return ''
  const src = attr(new URL(image.url).href)
  if (contentHtml.includes(`src="${src}"`)) return ''
  return `<figure><img src="${src}" alt="${attr(image.alt)}"></figure>`
}
