import { readFileSync } from 'node:fs'
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { articleItem } from '../../lib/store/item-keys.ts'
import { rebuildRegistries } from '../../lib/store/rebuild-registries.ts'
import { makeArticle } from '../support/make-article.ts'
import { type Harness, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()
const measured: string[] = []

/** The sample article's text, as body and HTML: an article of a realistic size (about 5 KB stored). */
const sample = readFileSync(new URL('../../sample/seed-article.txt', import.meta.url), 'utf8')
const html = sample
  .split(/\n\s*\n/)
  .map((p) => `<p>${p.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`)
  .join('\n')

async function cost(
  h: Harness,
  kind: string,
  path: string,
): Promise<{ operations: string[]; units: number }> {
  h.log.clear()
  const res = await h.get(path)
  expect(res.status, kind).toBe(200)
  await res.arrayBuffer()
  expect(h.log.operations(), `${kind}: the capacity meter missed a command`).toEqual([...h.log.sent].sort())
  expect(h.log.sent).not.toContain('Scan')
  measured.push(`  ${kind.padEnd(48)} ${h.log.summary()}`)
  return { operations: h.log.operations(), units: h.log.units() }
}

describe('DynamoDB reads per discovery file', () => {
  it('reads registries with one Query each and a month with Queries of that month alone', async () => {
    const h = await startHarness({ start: '2025-03-13T12:00:00Z' })
    const perMonth = 300
    const items = []
    for (const month of ['2025-02', '2025-03']) {
      for (let i = 0; i < perMonth; i++) {
        const at = new Date(Date.parse(`${month}-01T00:00:00Z`) + i * 3_600_000).toISOString()
        items.push(
          articleItem(
            makeArticle({
              slug: `${month}-n${i}`,
              content: sample,
              contentFormat: 'text',
              contentHtml: html,
              publishedAt: at,
              updatedAt: at,
              createdAt: at,
              categories: [{ slug: `topic-${i % 40}`, name: `Topic ${i % 40}` }],
            }),
          ),
        )
      }
    }
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
      await h.client.send(new BatchWriteItemCommand({ RequestItems: { [h.tableName]: batch } }))
    }
    // One through the store, the rest laid out directly, then the registries filled in for them.
    await h.publish({ publishedAt: '2025-03-13T11:30:00Z' })
    await rebuildRegistries({ client: h.client, name: h.tableName })
    await h.get('/') // the front page's entry, which discovery files share, is warm as in production

    const index = await cost(h, 'sitemap.xml (index)', '/sitemap.xml')
    expect(index.operations).toEqual(['GetItem', 'Query'])
    const opml = await cost(h, 'feeds.opml (41 categories, 1 author)', '/feeds.opml')
    // One Query of each registry: the categories', then the authors'.
    expect(opml.operations).toEqual(['GetItem', 'Query', 'Query'])
    const month = await cost(h, `sitemaps/2025-02.xml (${perMonth} articles)`, '/sitemaps/2025-02.xml')
    expect(month.operations.filter((o) => o !== 'GetItem').every((o) => o === 'Query')).toBe(true)
    const news = await cost(h, 'news-sitemap.xml (48 h: 49 articles)', '/news-sitemap.xml')
    expect(news.operations.every((o) => o === 'Query' || o === 'GetItem')).toBe(true)
    const perArticle = (month.units - 0.5) / perMonth
    measured.push(`  per article listed in a sitemap: ${perArticle.toFixed(2)} RCU`)
    // The month's Queries read that month's articles, not the other month's.
    expect(month.units).toBeLessThan(perMonth * 1.5)
    expect(month.units).toBeGreaterThan(perMonth * 0.3)
  })
})
