import * as z from 'zod'
import { type ApiClient, type apiArticleSchema, refusal } from './api-client.ts'
import { apiJson } from './api-json.ts'
import { ArticleRefusedError, CliError, exitCodes, SiteFailedError } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'

/*
 * The desk's commands: `list`, `unpublish`, `delete`, `editors add|remove`, and the preview link
 * `publish` prints for an article readers cannot see yet. All through the publish API.
 */

const rowSchema = z.looseObject({
  slug: z.string(),
  title: z.string().optional(),
  status: z.string(),
  at: z.string().optional(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
  categories: z.array(z.object({ slug: z.string(), name: z.string() })),
})
const pageSchema = z.object({ items: z.array(rowSchema), nextCursor: z.string().optional() })

export interface ListOptions {
  readonly status?: string
  readonly category?: string
  readonly author?: string
  readonly search?: string
  /** Rows to print at most. */
  readonly limit: number
}

/** `newsfeed list`: one line per article, newest first: status, time, slug, title. */
export async function listCommand(io: CliIo, api: ApiClient, options: ListOptions): Promise<number> {
  let printed = 0
  let cursor: string | undefined
  do {
    const query = new URLSearchParams({ limit: String(Math.min(100, options.limit)) })
    if (options.status) query.set('status', options.status)
    if (options.category) query.set('category', options.category)
    if (options.author) query.set('author', options.author)
    if (options.search) query.set('q', options.search)
    if (cursor) query.set('cursor', cursor)
    const res = await api.send('GET', `/api/desk/articles?${query}`)
    if (res.status === 404)
      throw new SiteFailedError(`${api.url} has no desk (GET /api/desk/articles answered 404)`)
    if (res.status !== 200) throw new CliError((await refusal(res)).message)
    const page = await apiJson(res, pageSchema, 'GET /api/desk/articles')
    for (const row of page.items) {
      if (printed >= options.limit) break
      const when = row.at ?? row.updatedAt
      io.stdout.write(`${row.status.padEnd(9)} ${when.padEnd(25)} ${row.slug}  ${row.title ?? ''}\n`)
      printed++
    }
    cursor = page.nextCursor
  } while (cursor !== undefined && printed < options.limit)
  if (printed === 0) io.stderr.write('no articles match\n')
  return exitCodes.ok
}

/** Fields of an API article that are output only: everything else goes back as it came. */
const outputOnly = new Set(['url', 'contentHtml', 'createdAt', 'updatedAt', 'version', 'slug', 'wasPublic'])

/** `newsfeed unpublish <slug>`: the article becomes a draft again (If-Match: what was just read). */
export async function unpublishCommand(io: CliIo, api: ApiClient, slug: string): Promise<number> {
  const found = await api.getArticle(slug)
  if (found.state !== 'found')
    throw new CliError(`no article "${slug}"${found.state === 'gone' ? ' (deleted)' : ''}`)
  if (found.article.status === 'draft') {
    io.stdout.write(`unchanged ${slug}: already a draft\n`)
    return exitCodes.ok
  }
  const body = Object.fromEntries(Object.entries(found.article).filter(([key]) => !outputOnly.has(key)))
  try {
    await api.replaceArticle(slug, { ...body, status: 'draft' }, found.etag)
  } catch (error) {
    if (error instanceof ArticleRefusedError)
      throw new CliError(`the site refused it (${error.status}): ${error.message}`)
    throw error
  }
  io.stdout.write(`unpublished ${slug}: draft, out of the feeds\n`)
  return exitCodes.ok
}

/** `newsfeed delete <slug>`: gone from the feeds; its permalink answers 410 if readers saw it. */
export async function deleteCommand(io: CliIo, api: ApiClient, slug: string): Promise<number> {
  const res = await api.send('DELETE', `/api/articles/${encodeURIComponent(slug)}`)
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel()
    throw new CliError(`no article "${slug}"${res.status === 410 ? ' (already deleted)' : ''}`)
  }
  if (res.status !== 204) throw new CliError((await refusal(res)).message)
  io.stdout.write(`deleted ${slug}\n`)
  return exitCodes.ok
}

export async function addEditorCommand(io: CliIo, api: ApiClient, name: string): Promise<number> {
  const res = await api.send('POST', '/api/editors', { name })
  if (res.status !== 201) throw new CliError((await refusal(res)).message)
  const added = await apiJson(res, z.object({ name: z.string(), token: z.string() }), 'POST /api/editors')
  io.stderr.write(`added ${added.name}: hand them this token (shown once; sign in at ${api.url}/desk/):\n`)
  io.stdout.write(`${added.token}\n`)
  return exitCodes.ok
}

export async function removeEditorCommand(io: CliIo, api: ApiClient, name: string): Promise<number> {
  const res = await api.send('DELETE', `/api/editors/${encodeURIComponent(name)}`)
  if (res.status !== 204) throw new CliError((await refusal(res)).message)
  io.stdout.write(`removed ${name}: their token and desk sessions no longer work\n`)
  return exitCodes.ok
}

/**
 * What `publish` prints for an article readers cannot see yet, instead of a URL that answers 404:
 * `draft: not public; preview: <link>` (or `scheduled for …`). A site without the desk: no link.
 */
export async function notPublicLine(
  api: ApiClient,
  article: z.infer<typeof apiArticleSchema>,
  nowMs: number,
): Promise<string | undefined> {
  const due = article.publishedAt !== undefined && Date.parse(article.publishedAt) <= nowMs
  if (article.status === 'published' && due) return undefined
  const state = article.status === 'published' ? `scheduled for ${article.publishedAt}` : 'draft'
  const res = await api.send('POST', '/api/desk/preview-links', { slug: article.slug })
  if (res.status !== 201) {
    await res.body?.cancel()
    return `${state}: not public`
  }
  const link = await apiJson(res, z.object({ url: z.string() }), 'POST /api/desk/preview-links')
  return `${state}: not public; preview: ${link.url}`
}
