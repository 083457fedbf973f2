import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { finished } from 'node:stream/promises'
import type { ApiClient } from './api-client.ts'
import { CliError, exitCodes, InterruptedError } from './cli-error.ts'
import { type CliIo, type CliOutput, write } from './cli-io.ts'

export interface ExportOptions {
  /** Write here instead of stdout: all or nothing, through a temporary file renamed at the end. */
  readonly out?: string
  readonly dryRun: boolean
}

/**
 * `newsfeed export`: every live article of every status, as the API returns it, one JSON object a
 * line, which `newsfeed import` reads back. Pages through `GET /api/articles` with its cursor.
 */
export async function exportCommand(io: CliIo, api: ApiClient, options: ExportOptions): Promise<number> {
  const target = options.out !== undefined && !options.dryRun ? resolve(io.cwd, options.out) : undefined
  const temporary = target !== undefined ? `${target}.${randomBytes(4).toString('hex')}.tmp` : undefined
  const file = temporary !== undefined ? createWriteStream(temporary, { flags: 'wx' }) : undefined
  const output: CliOutput | undefined = options.dryRun ? undefined : (file ?? io.stdout)
  const byStatus = new Map<string, number>()
  const seen = new Set<string>()
  try {
    if (file !== undefined) {
      await new Promise<void>((ready, fail) => file.once('ready', ready).once('error', fail))
    }
    let cursor: string | undefined
    do {
      if (io.signal?.aborted) {
        throw new InterruptedError(
          target !== undefined
            ? 'interrupted: nothing written'
            : 'interrupted: the export on stdout is incomplete',
        )
      }
      const page = await api.listArticles(cursor)
      let lines = ''
      for (const article of page.items) {
        // A page boundary that moved under a concurrent write must not repeat an article.
        if (seen.has(article.id)) continue
        seen.add(article.id)
        byStatus.set(article.status, (byStatus.get(article.status) ?? 0) + 1)
        lines += `${JSON.stringify(article)}\n`
      }
      if (output !== undefined && lines !== '') await write(output, lines)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    if (file !== undefined && temporary !== undefined && target !== undefined) {
      file.end()
      await finished(file)
      await rename(temporary, target)
    }
  } catch (error) {
    if (file !== undefined && temporary !== undefined) {
      file.destroy()
      await rm(temporary, { force: true })
    }
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && file !== undefined) {
      throw new CliError(`cannot write ${options.out}: ${error.message}`, { cause: error })
    }
    throw error
  }
  const statuses = [...byStatus.entries()].map(([status, n]) => `${n} ${status}`).join(', ')
  const where = options.dryRun
    ? ' (dry run: nothing written)'
    : target !== undefined
      ? ` to ${options.out}`
      : ''
  const articles = `${seen.size} article${seen.size === 1 ? '' : 's'}`
  io.stderr.write(`exported ${articles}${statuses ? ` (${statuses})` : ''}${where}\n`)
  return exitCodes.ok
}
