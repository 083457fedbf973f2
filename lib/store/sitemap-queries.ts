import type { SitemapEntry, SitemapQuery } from '../articles/public-reads.ts'
import { getArticles } from './article-queries.ts'
import { publishedPartition, requireS, type StoreTable, slugOf } from './item-keys.ts'
import { queryItems } from './query-pages.ts'

/**
 * What sitemaps say of the public articles published in `[from, to)` and due by `now`, newest first:
 * Queries of the `published` index page by page (each at most 1 MB), asking only for the keys, the
 * change date and the title. The index projects whole items, so DynamoDB bills each item's full size
 * (0.5 RCU per 4 KB read) whatever the projection: a sitemap of a month reads that month's articles.
 * Items written before `upd` and `title` were kept beside the keys get theirs from the article.
 */
export async function listSitemapEntries(table: StoreTable, query: SitemapQuery): Promise<SitemapEntry[]> {
  const to = Math.min(query.to.getTime(), query.now.getTime())
  if (to < query.from.getTime()) return []
  const lower = query.from.toISOString()
  // '$' sorts after '#': the upper bound takes an article due exactly at `now`, never one at `to`.
  const upper = `${new Date(to).toISOString()}${to === query.now.getTime() ? '$' : ''}`
  const { items } = await queryItems(
    table,
    {
      IndexName: 'published',
      KeyConditionExpression: 'pubpk = :p AND pubsk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: {
        ':p': { S: publishedPartition },
        ':lower': { S: lower },
        ':upper': { S: upper },
      },
      ProjectionExpression: 'pk, pubsk, upd, title',
      ScanIndexForward: false,
    },
    query.limit !== undefined ? { limit: query.limit } : {},
  )
  // BETWEEN is inclusive; `to` itself belongs to the next range.
  const inRange = items.filter((item) => requireS(item, 'pubsk') < upper)
  const untitled = inRange.filter((item) => item.title?.S === undefined || item.upd?.S === undefined)
  const docs = untitled.length > 0 ? await getArticles(table, untitled) : new Map()
  return inRange.flatMap((item): SitemapEntry[] => {
    const slug = slugOf(item)
    const publishedAt = requireS(item, 'pubsk').slice(0, 24)
    const doc = docs.get(slug)
    const updatedAt = item.upd?.S ?? doc?.updatedAt
    const title = item.title?.S ?? doc?.title
    if (updatedAt === undefined || title === undefined) return []
    const modifiedAt = new Date(Math.max(Date.parse(updatedAt), Date.parse(publishedAt))).toISOString()
    return [{ slug, publishedAt, modifiedAt, title }]
  })
}
