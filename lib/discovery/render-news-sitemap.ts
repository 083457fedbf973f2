import { permalink } from '../articles/permalink.ts'
import type { SitemapEntry } from '../articles/public-reads.ts'
import { escapeXmlText as text } from '../feeds/xml.ts'
import type { Site } from '../site.ts'

/** Google News: only articles of the last two days, at most 1,000 a sitemap. */
export const newsWindowMs = 48 * 3600 * 1000
export const maxNewsUrls = 1000

/**
 * The language as Google News wants it: ISO 639 (`en`, `bn`), except Chinese, which keeps its
 * script or region (`zh-cn`, `zh-tw`).
 */
export function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase()
  if (/^zh-(hans|cn|sg)/.test(lower)) return 'zh-cn'
  if (/^zh-(hant|tw|hk|mo)/.test(lower)) return 'zh-tw'
  return lower.split('-')[0] ?? lower
}

/** A Google News sitemap of `entries` (already the window, newest first, within the cap). */
export function renderNewsSitemap(site: Site, entries: readonly SitemapEntry[]): string {
  const publication = `<news:publication><news:name>${text(site.title)}</news:name><news:language>${text(newsLanguage(site.language))}</news:language></news:publication>`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...entries.map((entry) =>
      [
        '  <url>',
        `    <loc>${text(permalink(site.url, entry.slug))}</loc>`,
        `    <lastmod>${entry.modifiedAt}</lastmod>`,
        `    <news:news>${publication}<news:publication_date>${entry.publishedAt}</news:publication_date><news:title>${text(entry.title)}</news:title></news:news>`,
        '  </url>',
      ].join('\n'),
    ),
    '</urlset>',
    '',
  ].join('\n')
}
