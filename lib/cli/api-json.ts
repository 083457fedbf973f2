import type * as z from 'zod'
import { SiteFailedError } from './cli-error.ts'

/**
 * The JSON body of an answer of the publish API as `schema` says; a body that is not JSON, or not
 * that shape, is a {@link SiteFailedError} naming the request (`what`, e.g. `GET /api/subscribers`).
 */
export async function apiJson<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new SiteFailedError(`${what} answered with JSON that is not the publish API's`)
  return parsed.data
}
