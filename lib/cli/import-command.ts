import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import type { ApiClient, CreatedArticle } from './api-client.ts'
import { ArticleRefusedError, CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { ImportReport } from './import-report.ts'
import { ImportState } from './import-state.ts'
import type { ParsedExport, ParsedFeed } from './parse-source.ts'
import { type Placement, placeArticle } from './place-article.ts'
import { planExport } from './plan-export.ts'
import { isSkipped, type PlannedArticle, planFeed, type SkippedItem } from './plan-items.ts'
import { batchArticles, batchConcurrency, planJobs } from './plan-jobs.ts'
import { startProgress } from './progress.ts'
import { readPages } from './read-pages.ts'
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
    documents.push(...(await readPages(source, io, options, log)))
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
    const placed = (
      item: PlannedArticle,
      placement: Placement | { readonly outcome: 'created'; readonly article: CreatedArticle },
      digest: string,
    ) => {
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
