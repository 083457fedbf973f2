import * as z from 'zod'
import { type ApiClient, refusal } from './api-client.ts'
import { apiJson } from './api-json.ts'
import { CliError, exitCodes } from './cli-error.ts'
import type { CliIo } from './cli-io.ts'

const profileSchema = z.looseObject({
  page: z.string(),
  bio: z.string().optional(),
  url: z.string().optional(),
  avatar: z.string().optional(),
})

/** The fields `newsfeed author set` was given: a value sets the field, an empty one removes it. */
export interface ProfileChange {
  readonly bio?: string
  readonly url?: string
  readonly avatar?: string
}

/**
 * `newsfeed author set <slug> [--bio …] [--link …] [--avatar …]`: changes the fields given and keeps
 * the others, as one `PUT /api/authors/{slug}` over the profile read just before (`If-Match`), so a
 * change made meanwhile by someone else is refused rather than lost.
 */
export async function authorSetCommand(io: CliIo, api: ApiClient, slug: string, change: ProfileChange) {
  const path = `/api/authors/${encodeURIComponent(slug)}`
  const current = await api.send('GET', path)
  if (current.status !== 200 && current.status !== 404) throw new CliError((await refusal(current)).message)
  const before = current.status === 200 ? await apiJson(current, profileSchema, `GET ${path}`) : undefined
  const etag = current.headers.get('etag') ?? undefined
  const fields: Record<string, string> = {}
  for (const name of ['bio', 'url', 'avatar'] as const) {
    const value = change[name] ?? before?.[name]
    if (value !== undefined && value !== '') fields[name] = value
  }
  const res = await api.send('PUT', path, fields, etag !== undefined ? { 'If-Match': etag } : {})
  if (res.status !== 200 && res.status !== 201) throw new CliError((await refusal(res)).message)
  const after = await apiJson(res, profileSchema, `PUT ${path}`)
  io.stdout.write(`${res.status === 201 ? 'created' : 'updated'} the profile of ${slug}: ${after.page}\n`)
  return exitCodes.ok
}
