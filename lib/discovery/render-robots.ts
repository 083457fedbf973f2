import type { Site } from '../site.ts'

/** robots.txt: everything may be crawled but the publish API, and both sitemaps are named (absolute URLs). */
export function renderRobots(site: Site): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    '',
    `Sitemap: ${site.url}/sitemap.xml`,
    `Sitemap: ${site.url}/news-sitemap.xml`,
    '',
  ].join('\n')
}
