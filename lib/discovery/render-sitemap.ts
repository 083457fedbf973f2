import { permalink } from '../articles/permalink.ts'
import type { SitemapEntry } from '../articles/public-reads.ts'
import { escapeXmlText as text } from '../feeds/xml.ts'

const sitemapNs = 'http://www.sitemaps.org/schemas/sitemap/0.9'

/** The most URLs a sitemap may list (sitemaps.org); a month's sitemap past it is split in parts. */
export const maxSitemapUrls = 50_000

export interface SitemapUrl {
  /** Absolute, percent-encoded. */
  readonly loc: string
  /** RFC 3339 (W3C Datetime). */
  readonly lastmod?: string
}

/** A sitemaps.org `urlset`. */
export function renderUrlSet(urls: readonly SitemapUrl[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${sitemapNs}">`,
    ...urls.map(
      (url) =>
        `  <url><loc>${text(url.loc)}</loc>${url.lastmod !== undefined ? `<lastmod>${url.lastmod}</lastmod>` : ''}</url>`,
    ),
    '</urlset>',
    '',
  ].join('\n')
}

/** The article pages of `entries` as sitemap URLs, each with its last change. */
export function articleUrls(siteUrl: string, entries: readonly SitemapEntry[]): SitemapUrl[] {
  return entries.map((entry) => ({ loc: permalink(siteUrl, entry.slug), lastmod: entry.modifiedAt }))
}

/** A sitemaps.org `sitemapindex` naming each child sitemap (absolute URLs). */
export function renderSitemapIndex(sitemaps: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<sitemapindex xmlns="${sitemapNs}">`,
    ...sitemaps.map((loc) => `  <sitemap><loc>${text(loc)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n')
}
