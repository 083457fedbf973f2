import type { Article } from '../lib/articles/article.ts'
import { newestChange } from '../lib/feeds/dates.ts'
import type { FeedDocument } from '../lib/feeds/feed-document.ts'
import { renderAtom } from '../lib/feeds/render-atom.ts'
import { renderJsonFeed } from '../lib/feeds/render-json-feed.ts'
import { renderRss } from '../lib/feeds/render-rss.ts'
import { Representation } from '../lib/http/representation.ts'
import type { Site } from '../lib/site.ts'
import { baselineAtom, baselineJsonFeed, baselineRss } from './baseline-templates.ts'

export interface RenderingRow {
  readonly format: 'rss' | 'atom' | 'json'
  readonly items: number
  readonly bytes: number
  /** Median time of one render. */
  readonly medianMs: number
  /** Median time of one render plus what a cache miss adds: UTF-8 encoding and the ETag hash. */
  readonly withEtagMs: number
  readonly baselineMs: number
  /** `medianMs / baselineMs`. */
  readonly ratio: number
  readonly iterations: number
}

const formats = [
  { format: 'rss', render: renderRss, baseline: baselineRss, type: 'application/rss+xml' },
  { format: 'atom', render: renderAtom, baseline: baselineAtom, type: 'application/atom+xml' },
  { format: 'json', render: renderJsonFeed, baseline: baselineJsonFeed, type: 'application/feed+json' },
] as const

/** Median render time per format for each page size, against the baseline template. */
export function measureRendering(
  site: Site,
  articles: readonly Article[],
  sizes: readonly number[],
  budgetMs: number,
): RenderingRow[] {
  const rows: RenderingRow[] = []
  for (const items of sizes) {
    const page = articles.slice(0, items)
    const doc: FeedDocument = {
      site,
      items: page,
      selfUrl: `${site.url}/rss.xml`,
      alternateUrl: `${site.url}/`,
      nextUrl: `${site.url}/rss.xml?before=MjAyNS0wMy0xMVQwMzoxOTowMC4wMDBaI3N0b3J5`,
      updated: newestChange(page),
    }
    for (const { format, render, baseline, type } of formats) {
      const bytes = Buffer.byteLength(render(doc))
      const product = medianTime(() => render(doc), budgetMs)
      const withEtag = medianTime(() => new Representation(render(doc), type), budgetMs / 2)
      const simple = medianTime(() => baseline(doc), budgetMs)
      rows.push({
        format,
        items,
        bytes,
        medianMs: product.medianMs,
        withEtagMs: withEtag.medianMs,
        baselineMs: simple.medianMs,
        ratio: product.medianMs / simple.medianMs,
        iterations: product.iterations,
      })
    }
  }
  return rows
}

/** Runs `fn` for about `budgetMs` (at least 25 times) after a warm-up; the median of the runs. */
function medianTime(fn: () => unknown, budgetMs: number): { medianMs: number; iterations: number } {
  let sink = 0
  for (let i = 0; i < 10; i++) sink += String(fn()).length
  const times: number[] = []
  const started = performance.now()
  while (times.length < 25 || performance.now() - started < budgetMs) {
    const t0 = performance.now()
    const out = fn()
    times.push(performance.now() - t0)
    sink += out === undefined ? 0 : 1
  }
  if (sink < 0) console.log(sink) // keeps the results alive
  times.sort((a, b) => a - b)
  return { medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN, iterations: times.length }
}
