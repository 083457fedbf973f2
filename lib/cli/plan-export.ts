import type { ParsedExport } from './parse-source.ts'
import type { PlannedArticle, SkippedItem } from './plan-items.ts'

/** Fields of an exported article that the site assigns (a restore cannot send them), and the slug, sent apart. */
const assignedFields = new Set(['url', 'contentHtml', 'createdAt', 'updatedAt', 'version', 'slug'])

/**
 * Turns exported lines back into articles: every field as exported but those the site assigns,
 * at exactly the exported slug, known by the exported id. Fields this CLI does not know pass on
 * to the site, which judges them.
 */
export function planExport(parsed: ParsedExport): (PlannedArticle | SkippedItem)[] {
  return parsed.articles.map(({ origin, body }) => {
    const slug = typeof body.slug === 'string' ? body.slug : ''
    const label = typeof body.title === 'string' ? body.title : slug
    if (typeof body.id !== 'string') return { origin, label, reason: 'it has no id' }
    const input = Object.fromEntries(Object.entries(body).filter(([key]) => !assignedFields.has(key)))
    return { origin, label, id: body.id, candidates: [slug], goneIsFree: true, body: input, warnings: [] }
  })
}
