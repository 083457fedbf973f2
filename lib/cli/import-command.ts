import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import type { ApiClient } from './api-client.ts'
import { ArticleRefusedError, CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { ImportReport } from './import-report.ts'
import { ImportState } from './import-state.ts'
import { type ParsedExport, type ParsedFeed, parseSource } from './parse-source.ts'
import { type Placement, placeArticle } from './place-article.ts'
import { isSkipped, type PlannedArticle, planExport, planFeed, type SkippedItem } from './plan-items.ts'
import { startProgress } from './progress.ts'
import { fetchSource, readSource, type SourceDocument } from './read-source.ts'
import { runPool } from './run-pool.ts'

export interface ImportOptions {
  readonly sources: readonly string[]
  readonly follow: boolean
  readonly maxPages: number
  readonly status: 'draft' | 'published'
  /** `--author`, `--language`, `--category`: what every feed item gets, whatever its source says. */
  readonly author?: string
  readonly language?: string
  readonly categories?: readonly string[]
  /** The state file; undefined keeps none. */
  readonly statePath: string | undefined
  readonly dryRun: boolean
  readonly concurrency: number
  /** New articles a bulk request carries at most (1–100); 1 sends each alone, as before batches. Default 100. */
  readonly batchSize?: number
  readonly verbose: boolean
  readonly progress: boolean
}

/** How often the state is saved while a run goes on (and always at its end). */
const stateSaveIntervalMs = 1000

/**
 * `newsfeed import`: reads every source (and with --follow every next page) before it writes
 * anything, so a missing file or a document that is not a feed stores nothing; then puts each
 * item on the site, `concurrency` at a time, and tells what it did with each.
 */
export async function importCommand(io: CliIo, api: ApiClient, options: ImportOptions): Promise<number> {
  const log = (line: string) => io.stderr.write(`${line}\n`)
  const documents: (ParsedFeed | ParsedExport)[] = []
  for (const source of options.sources) {
    documents.push(...(await readAll(source, io, options, log)))
  }

  const plans: (PlannedArticle | SkippedItem)[] = documents.flatMap((doc) =>
    doc.kind === 'export'
      ? planExport(doc)
      : planFeed(doc, {
          status: options.status,
          ...(options.author !== undefined && { author: options.author }),
          ...(options.language !== undefined && { language: options.language }),
          ...(options.categories !== undefined && { categories: options.categories }),
        }),
  )
  const seen = new Set<string>()
  let duplicates = 0
  const articles: PlannedArticle[] = []
  const skipped: SkippedItem[] = []
  for (const plan of plans) {
    if (isSkipped(plan)) skipped.push(plan)
    else if (seen.has(plan.id)) duplicates++
    else {
      seen.add(plan.id)
      articles.push(plan)
    }
  }

  await api.checkAccess()
  const state = await ImportState.open(
    options.statePath !== undefined ? resolve(io.cwd, options.statePath) : undefined,
    api.url,
  )
  const report = new ImportReport()
  report.duplicates = duplicates
  const progress = startProgress(io.stderr, {
    label: options.dryRun ? 'import (dry run)' : 'import',
    total: articles.length,
    enabled: options.progress,
  })
  const skip = (item: { origin: string; label: string }, reason: string) => {
    report.skip(reason)
    progress.log(`skipped "${item.label}" (${item.origin}): ${reason}`)
  }
  for (const item of skipped) skip(item, item.reason)

  let done = 0
  let lastSave = Date.now()
  let fatal: CliError | undefined
  try {
    const digestOf = (item: PlannedArticle) =>
      createHash('sha256').update(JSON.stringify(item.body)).digest('base64url')
    const saveNow = async () => {
      if (!options.dryRun && Date.now() - lastSave >= stateSaveIntervalMs) {
        lastSave = Date.now()
        await state.save()
      }
    }
    const placed = (item: PlannedArticle, placement: Placement, digest: string) => {
      report.record(placement)
      report.note(item.warnings)
      if ('article' in placement && !options.dryRun) {
        state.set(item.id, { slug: placement.article.slug, version: placement.article.version, digest })
      }
      if (options.verbose) {
        for (const warning of item.warnings)
          progress.log(`note "${item.label}" (${item.origin}): ${warning.detail}`)
        if ('article' in placement) progress.log(`${placement.outcome} ${placement.article.url}`)
        else if (placement.outcome === 'deleted')
          progress.log(`left deleted "${item.label}" (${placement.slug})`)
      }
    }
    const finished = async () => {
      done++
      progress.update(done, report.counts)
      await saveNow()
    }
    /** One item, looked up by its candidate slugs and created or updated, as every item was before batches. */
    const placeOne = async (item: PlannedArticle) => {
      const digest = digestOf(item)
      const known = state.get(item.id)
      try {
        const placement = await placeArticle(api, {
          candidates: item.candidates,
          body: item.body,
          id: item.id,
          goneIsFree: item.goneIsFree,
          dryRun: options.dryRun,
          digest,
          ...(known !== undefined && { known }),
        })
        placed(item, placement, digest)
      } catch (error) {
        if (!(error instanceof ArticleRefusedError)) throw error
        skip(item, `the site refused it: ${error.message}`)
      }
      await finished()
    }
    /**
     * Items no earlier run placed, created at their first candidate slug through the bulk endpoint;
     * any the site refuses with 409 (the slug taken, by this item's own earlier copy perhaps) goes
     * the one-by-one way, which looks it up. A site without the endpoint gets them one by one.
     */
    const placeBatch = async (batch: readonly PlannedArticle[]) => {
      const answers = await api.createArticles(
        batch.map((item) => ({ ...item.body, slug: item.candidates[0] })),
      )
      if (answers === undefined) {
        useBatches = false
        for (const item of batch) await placeOne(item)
        return
      }
      for (const [i, item] of batch.entries()) {
        const answer = answers[i]
        if (answer === undefined || answer.status === 409) await placeOne(item)
        else if ('article' in answer) {
          placed(item, { outcome: 'created', article: answer.article }, digestOf(item))
          await finished()
        } else {
          skip(item, `the site refused it: ${answer.refusal.message}`)
          await finished()
        }
      }
    }
    let useBatches = true
    const placeEach = async (job: readonly PlannedArticle[]) => {
      for (const item of job) await placeOne(item)
    }
    const jobs = planJobs(
      articles,
      (item) => !options.dryRun && state.get(item.id) === undefined,
      Math.min(options.batchSize ?? batchArticles, batchArticles),
    )
    const stop = () => io.signal?.aborted === true
    // Batches first, fewer at once (each is up to 100 creates on the site), then the items one by one.
    await runPool(
      jobs.filter((job) => job.length > 1),
      Math.min(options.concurrency, batchConcurrency),
      (job) => (useBatches ? placeBatch(job) : placeEach(job)),
      stop,
    )
    await runPool(
      jobs.filter((job) => job.length === 1),
      options.concurrency,
      placeEach,
      stop,
    )
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    fatal = error
  } finally {
    progress.stop()
    if (!options.dryRun) await state.save()
  }

  const interrupted =
    fatal instanceof InterruptedError || (io.signal?.aborted === true && done < articles.length)
  log(report.summary(options.dryRun))
  const notes = report.notes(options.verbose)
  if (notes !== undefined) log(notes)
  if (fatal !== undefined && !interrupted) {
    log(`newsfeed: ${fatal.message}`)
    if (done < articles.length)
      log(`${articles.length - done} items not done: run the same command again to go on`)
    return exitCodes.failed
  }
  if (interrupted) {
    log(`interrupted: ${articles.length - done} items not done; run the same command again to go on`)
    return exitCodes.interrupted
  }
  return report.skipped > 0 ? exitCodes.partial : exitCodes.ok
}

const formatNames = {
  rss: 'RSS feed',
  atom: 'Atom feed',
  json: 'JSON Feed',
  rdf: 'RSS 1.0 feed',
  wxr: 'WordPress export (WXR)',
  ghost: 'Ghost export',
} as const

/** A source and, with --follow, every page after it. Throws on the first that cannot be read. */
async function readAll(
  source: string,
  io: CliIo,
  options: ImportOptions,
  log: (line: string) => void,
): Promise<(ParsedFeed | ParsedExport)[]> {
  const reading = {
    cwd: io.cwd,
    ...(io.fetch && { fetch: io.fetch }),
    ...(io.signal && { signal: io.signal }),
  }
  const pages: (ParsedFeed | ParsedExport)[] = []
  const visited = new Set<string>()
  let doc: SourceDocument = await readSource(source, reading)
  for (;;) {
    visited.add(doc.url)
    const parsed = parseSource(doc)
    pages.push(parsed)
    if (parsed.kind === 'export' || !options.follow || parsed.next === undefined) break
    if (visited.has(parsed.next)) break
    if (pages.length >= options.maxPages) {
      log(`${source}: stopped after ${options.maxPages} pages (--max-pages); the rest is not imported`)
      break
    }
    const label = `${source} page ${pages.length + 1} (${parsed.next})`
    if (/^https?:/i.test(parsed.next)) doc = await fetchSource(parsed.next, label, reading)
    // A feed from the web never leads to this machine's files; a local one may lead to the next file.
    else if (parsed.next.startsWith('file:') && doc.url.startsWith('file:'))
      doc = await readSource(parsed.next, reading)
    else throw new CliError(`${label}: cannot follow a next page there`)
  }
  const items = pages.reduce((n, p) => n + (p.kind === 'export' ? p.articles.length : p.items.length), 0)
  const first = pages[0]
  const kind = first?.kind === 'feed' ? formatNames[first.format] : 'newsfeed export'
  const ignored = first?.kind === 'feed' && first.ignored !== undefined ? ` (${first.ignored})` : ''
  log(
    `read ${source}: ${kind}, ${items} items${pages.length > 1 ? ` in ${pages.length} pages` : ''}${ignored}`,
  )
  return pages
}

/** Articles one bulk request carries at most: the site's limit (`maxBatchArticles`). */
const batchArticles = 100
/** Bulk requests in flight at once, at most: more only queue up in the site's store. */
const batchConcurrency = 2
/** And bytes of JSON, well under the site's default body limit of 1 MiB. */
const batchBytes = 512 * 1024

/**
 * The work in order: runs of items that may go in a batch (`batchable`), cut at `batchArticles`
 * items or `batchBytes` of JSON, and every other item alone.
 */
function planJobs(
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
