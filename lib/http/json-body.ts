import type { MiddlewareHandler } from 'hono'
import { HttpProblem } from './problem.ts'

/**
 * `application/json` or a `+json` type, with well-formed parameters: what both Hono's JSON validator
 * and @hono/zod-openapi's media-type gate take, so that a type one of them would refuse is ours to
 * refuse first, with our problem.
 */
const jsonMediaType = /^application\/([a-z.-]+\+)?json(;\s*[a-z0-9-]+=[^;]+)*$/i

/**
 * A JSON body, as the validator after it expects: anything but JSON in UTF-8 is a 415, and text that
 * is not JSON a 400, in our problem shape, before any field is looked at.
 */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header('content-type') ?? ''
  const charset = /;\s*charset="?([^";]*)"?/i.exec(contentType)?.[1]?.toLowerCase()
  if (!jsonMediaType.test(contentType) || (charset !== undefined && charset !== 'utf-8')) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      'Send the article as "Content-Type: application/json" (UTF-8).',
    )
  }
  try {
    // Hono keeps the parsed body: the validator that follows reads it from there.
    await c.req.json()
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable'
    throw new HttpProblem(
      400,
      'Malformed JSON',
      `The request body is not valid JSON: ${reason.slice(0, 200)}`,
      {
        errors: [{ path: '', message: 'is not valid JSON' }],
      },
    )
  }
  await next()
}
