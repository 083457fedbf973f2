import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import type { ApiClient } from './api-client.ts'
import { ArticleRefusedError, CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { ImportState } from './import-state.ts'
import { type ParsedExport, type ParsedFeed, parseSource } from './parse-source.ts'
import { placeArticle } from './place-article.ts'
import {
  isSkipped,
  type PlannedArticle,
  planExport,
  planFeed,
  type SkippedItem,
  type WarningKind,
} from './plan-items.ts'
import { startProgress } from './progress.ts'
import { fetchSource, readSource, type SourceDocument } from './read-source.ts'
import { runPool } from './run-pool.ts'

export interface ImportOptions {
  readonly sources: readonly string[]
  readonly follow: boolean
  readonly maxPages: number
  readonly status: 'draft' | 'published'
  /** The state file; undefined keeps none. */
  readonly statePath: string | undefined
  readonly dryRun: boolean
  readonly concurrency: number
  readonly verbose: boolean
  readonly progress: boolean
}

interface Counts {
  imported: number
  updated: number
  unchanged: number
  deleted: number
  skipped: number
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
    doc.kind === 'export' ? planExport(doc) : planFeed(doc, { status: options.status }),
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

  const counts: Counts = { imported: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0 }
  const reasons = new Map<string, number>()
  const skip = (item: { origin: string; label: string }, reason: string) => {
    counts.skipped++
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
    progress.log(`skipped "${item.label}" (${item.origin}): ${reason}`)
  }
  const warnings = new Map<WarningKind, number>()
  const progress = startProgress(io.stderr, {
    label: options.dryRun ? 'import (dry run)' : 'import',
    total: articles.length,
    enabled: options.progress,
  })
  for (const item of skipped) skip(item, item.reason)

  const tally = { created: 0, conflicts: 0 }
  let done = 0
  let lastSave = Date.now()
  let fatal: CliError | undefined
  try {
    await runPool(
      articles,
      options.concurrency,
      async (item) => {
        const digest = createHash('sha256').update(JSON.stringify(item.body)).digest('base64url')
        const known = state.get(item.id)
        try {
          const placement = await placeArticle(api, {
            candidates: item.candidates,
            body: item.body,
            id: item.id,
            goneIsFree: item.goneIsFree,
            dryRun: options.dryRun,
            digest,
            tally,
            ...(known !== undefined && { known }),
          })
          switch (placement.outcome) {
            case 'created':
            case 'would-create':
              counts.imported++
              break
            case 'updated':
              counts.updated++
              break
            case 'unchanged':
              counts.unchanged++
              break
            case 'would-update':
              counts.updated++
              break
            case 'deleted':
              counts.deleted++
              if (options.verbose) progress.log(`left deleted "${item.label}" (${placement.slug})`)
              break
          }
          if ('article' in placement && !options.dryRun) {
            state.set(item.id, { slug: placement.article.slug, version: placement.article.version, digest })
          }
          for (const warning of item.warnings) {
            warnings.set(warning.kind, (warnings.get(warning.kind) ?? 0) + 1)
            if (options.verbose) progress.log(`note "${item.label}" (${item.origin}): ${warning.detail}`)
          }
          if (options.verbose && 'article' in placement) {
            progress.log(`${placement.outcome} ${placement.article.url}`)
          }
        } catch (error) {
          if (!(error instanceof ArticleRefusedError)) throw error
          skip(item, `the site refused it: ${error.message}`)
        }
        done++
        progress.update(done, countLine(counts))
        if (!options.dryRun && Date.now() - lastSave >= stateSaveIntervalMs) {
          lastSave = Date.now()
          await state.save()
        }
      },
      () => io.signal?.aborted === true,
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
  log(summary(counts, reasons, duplicates, options.dryRun))
  if (warnings.size > 0) log(warningLine(warnings, options.verbose))
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
  return counts.skipped > 0 ? exitCodes.partial : exitCodes.ok
}

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
    doc = parsed.next.startsWith('file:')
      ? await readSource(parsed.next, reading)
      : await fetchSource(parsed.next, `${source} page ${pages.length + 1} (${parsed.next})`, reading)
  }
  const items = pages.reduce((n, p) => n + (p.kind === 'export' ? p.articles.length : p.items.length), 0)
  const first = pages[0]
  const kind = first?.kind === 'export' ? 'newsfeed export' : `${first?.format.toUpperCase() ?? ''} feed`
  log(`read ${source}: ${kind}, ${items} items${pages.length > 1 ? ` in ${pages.length} pages` : ''}`)
  return pages
}

function countLine(c: Counts): string {
  return `${c.imported} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped`
}

/** `400 imported, 0 updated, 3 unchanged, 2 skipped: 1 × …; 1 × …`. */
function summary(c: Counts, reasons: Map<string, number>, duplicates: number, dryRun: boolean): string {
  const parts = dryRun
    ? [
        `dry run, nothing written: ${c.imported} would be imported`,
        `${c.updated} would be replaced if changed`,
      ]
    : [`${c.imported} imported`, `${c.updated} updated`, `${c.unchanged} unchanged`]
  if (c.deleted > 0) parts.push(`${c.deleted} left deleted (deleted on the site since an earlier import)`)
  if (duplicates > 0) parts.push(`${duplicates} repeated in the sources, imported once`)
  let line = `${parts.join(', ')}, ${c.skipped} skipped`
  if (c.skipped > 0) {
    const listed = [...reasons.entries()].sort((a, b) => b[1] - a[1])
    const shown = listed.slice(0, 3).map(([reason, n]) => `${n} × ${reason}`)
    if (listed.length > 3) shown.push(`${listed.length - 3} other reasons (listed above)`)
    line += `: ${shown.join('; ')}`
  }
  return line
}

const warningText: Record<WarningKind, string> = {
  'image-not-https': 'images dropped (http: the site takes https images only)',
  'categories-cut': 'with more than 10 categories (the first 10 kept)',
  'no-date': 'without a date (imported as drafts)',
  'date-unreadable': 'with a date that cannot be read (imported as drafts)',
  'date-without-zone': 'dated without a time zone (read as UTC)',
  'summary-cut': 'summaries cut to 1,000 characters',
  'title-from-text': 'without a title (taken from their text)',
  'title-cut': 'titles cut to 300 characters',
  'content-from-link': 'without content (a link to the original instead)',
  'id-derived': 'ids that are not IRIs (a urn:uuid derived from each)',
}

function warningLine(warnings: Map<WarningKind, number>, verbose: boolean): string {
  const parts = [...warnings.entries()].map(([kind, n]) => `${n} ${warningText[kind]}`)
  return `notes: ${parts.join('; ')}${verbose ? '' : ' (--verbose lists each)'}`
}
