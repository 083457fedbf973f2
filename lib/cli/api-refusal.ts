import * as z from 'zod'
import { ArticleRefusedError, type FieldProblem } from './cli-error.ts'

/** What the API says when it refuses an article: RFC 9457 problem JSON, with field problems. */
const problemSchema = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})

/** The API's problem answer as an item-level refusal, its field problems kept. */
export async function refusal(res: Response): Promise<ArticleRefusedError> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  return refusalOf(res.status, res.statusText, body)
}

/**
 * A problem as an item-level refusal. `within`: the path of the article in a batch
 * (`articles.3`), taken off each field's path, so that the message reads as a POST of it alone.
 */
export function refusalOf(
  status: number,
  statusText: string,
  body: unknown,
  within?: string,
): ArticleRefusedError {
  const problem = problemSchema.safeParse(body)
  const errors: FieldProblem[] = (problem.success ? (problem.data.errors ?? []) : []).map((e) =>
    within === undefined
      ? e
      : {
          ...e,
          path:
            e.path === within
              ? ''
              : e.path.startsWith(`${within}.`)
                ? e.path.slice(within.length + 1)
                : e.path,
        },
  )
  const detail = problem.success ? (problem.data.detail ?? problem.data.title) : undefined
  const message =
    errors.length > 0
      ? errors.map(fieldMessage).join('; ')
      : (detail ?? `${status} ${statusText || 'refused'}`)
  return new ArticleRefusedError(status, message, errors)
}

/** `title must be …` reads after its path already; `is immutable …` does not. */
function fieldMessage(problem: FieldProblem): string {
  if (problem.path === '' || problem.message.startsWith(problem.path)) return problem.message
  return `${problem.path} ${problem.message}`
}
