import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import type { Article } from '../articles/article.ts'
import { eachBounded } from './each-bounded.ts'
import {
  monthEntryKey,
  monthEntryPrefix,
  monthRegistryPartition,
  type StoreTable,
  utcKeyTime,
} from './item-keys.ts'
import { queryRegistry } from './registry-queries.ts'
import { storeCall } from './store-errors.ts'

/* The month registry, the sitemap index: one item per month that held a published article (`registry-queries.ts`). */

const monthNumber = (iso: string) => Number(utcKeyTime(iso, 'publishedAt').slice(0, 7).replace('-', ''))

/** Before a published article is stored: its month joins the sitemap index (a failure fails the write). */
export async function recordMonth(table: StoreTable, next: Article): Promise<void> {
  if (next.status !== 'published' || next.publishedAt === undefined) return
  await recordMonths(table, [monthNumber(next.publishedAt)])
}

/** Months (`YYYYMM` numbers) join the sitemap index: one small write each (idempotent). */
export async function recordMonths(table: StoreTable, months: Iterable<number>): Promise<void> {
  await eachBounded([...new Set(months)], (month) =>
    storeCall(() =>
      table.client.send(
        new UpdateItemCommand({
          TableName: table.name,
          Key: monthEntryKey(month),
          UpdateExpression: 'SET m = :m',
          ExpressionAttributeValues: { ':m': { N: String(month) } },
        }),
      ),
    ),
  )
}

/** The months of the published among `articles` join the sitemap index: one write per month. */
export async function recordNewMonths(table: StoreTable, articles: readonly Article[]): Promise<void> {
  const months: number[] = []
  for (const article of articles) {
    if (article.status === 'published' && article.publishedAt !== undefined)
      months.push(monthNumber(article.publishedAt))
  }
  await recordMonths(table, months)
}

/** The months, `YYYY-MM`, ascending, up to `now`'s: paged Queries of the month registry. */
export async function listMonths(table: StoreTable, now: Date): Promise<string[]> {
  const current = String(monthNumber(now.toISOString())).padStart(6, '0')
  const { items } = await queryRegistry(
    table,
    monthRegistryPartition,
    `${monthEntryPrefix}000000`,
    `${monthEntryPrefix}${current}`,
    { projection: 'sk' },
  )
  return items.map((item) => {
    const m = (item.sk?.S ?? '').slice(monthEntryPrefix.length)
    return `${m.slice(0, 4)}-${m.slice(4, 6)}`
  })
}
