import type { ApiArticle, ApiClient } from './api-client.ts'
import { ArticleRefusedError, CliError, exitCodes, InterruptedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'
import { notPublicLine } from './desk-commands.ts'
import { placeArticle } from './place-article.ts'
import { type ArticleFile, readArticleFile } from './read-article-file.ts'
import { runPool } from './run-pool.ts'

export interface PublishOptions {
  readonly files: readonly string[]
  readonly status?: 'draft' | 'published'
  readonly utcOffset?: string
  readonly dryRun: boolean
  /** Replace as minor edits (`"minor": true`): creates are never minor. */
  readonly minor?: boolean
  readonly concurrency: number
}

/**
 * `newsfeed publish FILE...`: reads every file first (one that cannot be read stops the run before
 * anything is written), then creates each article or replaces the one at its slug, with `If-Match`
 * set to the ETag it just read. Prints `created|replaced|unchanged URL` for each on stdout.
 */
export async function publishCommand(io: CliIo, api: ApiClient, options: PublishOptions): Promise<number> {
  const log = (line: string) => io.stderr.write(`${line}\n`)
  const files: ArticleFile[] = []
  for (const file of options.files) {
    files.push(
      await readArticleFile(file, {
        cwd: io.cwd,
        ...(options.status !== undefined && { status: options.status }),
        ...(options.utcOffset !== undefined && { utcOffset: options.utcOffset }),
      }),
    )
  }
  const bySlug = new Map<string, string>()
  for (const { file, slug } of files) {
    const other = bySlug.get(slug)
    if (other !== undefined) throw new CliError(`${other} and ${file} both publish the slug "${slug}"`)
    bySlug.set(slug, file)
  }
  for (const { file, ignored } of files) {
    if (ignored.length > 0) log(`${file}: front matter ignored: ${ignored.join(', ')}`)
  }

  await api.checkAccess()
  const counts = { created: 0, replaced: 0, unchanged: 0, failed: 0 }
  let fatal: CliError | undefined
  try {
    await runPool(
      files,
      options.concurrency,
      async ({ file, slug, body }) => {
        try {
          const { slug: _slug, ...rest } = body
          const placement = await placeArticle(api, {
            candidates: [slug],
            body: rest,
            ...(typeof body.id === 'string' && { id: body.id }),
            goneIsFree: true,
            dryRun: options.dryRun,
            ...(options.minor === true && { minor: true }),
          })
          switch (placement.outcome) {
            case 'created':
              counts.created++
              io.stdout.write(`created ${await whereItIs(api, placement.article)}\n`)
              break
            case 'updated':
              counts.replaced++
              io.stdout.write(`replaced ${await whereItIs(api, placement.article)}\n`)
              break
            case 'unchanged':
              counts.unchanged++
              io.stdout.write(`unchanged ${await whereItIs(api, placement.article)}\n`)
              break
            case 'would-create':
              counts.created++
              io.stdout.write(`would create ${placement.slug} (${file})\n`)
              break
            case 'would-update':
              counts.replaced++
              io.stdout.write(`would replace ${placement.article.url} (${file})\n`)
              break
            case 'deleted':
              break
          }
        } catch (error) {
          if (!(error instanceof ArticleRefusedError)) throw error
          counts.failed++
          log(`${file}: the site refused it (${error.status}): ${error.message}`)
        }
      },
      () => io.signal?.aborted === true,
    )
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    fatal = error
  }
  const verb = options.dryRun ? 'dry run, nothing written: would be ' : ''
  log(
    `${verb}${counts.created} created, ${counts.replaced} replaced, ${counts.unchanged} unchanged, ${counts.failed} refused`,
  )
  if (fatal instanceof InterruptedError || io.signal?.aborted === true) return exitCodes.interrupted
  if (fatal !== undefined) {
    log(`newsfeed: ${fatal.message}`)
    return exitCodes.failed
  }
  return counts.failed > 0 ? exitCodes.partial : exitCodes.ok
}

/** The public URL, or for an article readers cannot see yet, `slug (draft: not public; preview: …)`. */
async function whereItIs(api: ApiClient, article: ApiArticle): Promise<string> {
  const notPublic = await notPublicLine(api, article, Date.now())
  return notPublic === undefined ? article.url : `${article.slug} (${notPublic})`
}
