import type { PlannedArticle } from './plan-items.ts'

/** Articles one bulk request carries at most: the site's limit (`maxBatchArticles`). */
export const batchArticles = 100
/** Bulk requests in flight at once, at most: more only queue up in the site's store. */
export const batchConcurrency = 2
/** And bytes of JSON, well under the site's default body limit of 1 MiB. */
const batchBytes = 512 * 1024

/**
 * The work in order: runs of items that may go in a batch (`batchable`), cut at `batchArticles`
 * items or `batchBytes` of JSON, and every other item alone.
 */
export function planJobs(
  items: readonly PlannedArticle[],
  batchable: (item: PlannedArticle) => boolean,
  maxArticles: number,
): PlannedArticle[][] {
  const jobs: PlannedArticle[][] = []
  let batch: PlannedArticle[] = []
  let bytes = 0
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item.body))
    if (!batchable(item) || item.candidates.length === 0 || size > batchBytes) {
      jobs.push([item])
      continue
    }
    if (batch.length >= maxArticles || bytes + size > batchBytes) {
      jobs.push(batch)
      batch = []
      bytes = 0
    }
    batch.push(item)
    bytes += size
  }
  if (batch.length > 0) jobs.push(batch)
  return jobs
}
