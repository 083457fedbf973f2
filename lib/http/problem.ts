import { HTTPException } from 'hono/http-exception'
import {
  ConflictError,
  GoneError,
  type Issue,
  NotFoundError,
  PreconditionFailedError,
  TooLargeError,
  UnavailableError,
  ValidationError,
} from '../articles/errors.ts'

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly errors?: readonly Issue[]
}

/** An error the HTTP layer raises itself (bad header, bad media type…), carrying its own status. */
export class HttpProblem extends Error {
  override name = 'HttpProblem'
  readonly status: number
  readonly title: string
  readonly headers: Readonly<Record<string, string>>
  readonly errors?: readonly Issue[]
  constructor(
    status: number,
    title: string,
    detail: string,
    extra: { readonly headers?: Record<string, string>; readonly errors?: readonly Issue[] } = {},
  ) {
    super(detail)
    this.status = status
    this.title = title
    this.headers = extra.headers ?? {}
    if (extra.errors) this.errors = extra.errors
  }
}

export const retryAfterSeconds = 5

/** The one table from errors to problems; `undefined` for errors nobody expected (a 500). */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } | undefined {
  const make = (status: number, title: string, detail: string, errors?: readonly Issue[]) => ({
    problem: {
      type: 'about:blank',
      title,
      status,
      detail,
      ...(errors ? { errors } : {}),
    },
    headers: {} as Record<string, string>,
  })
  if (error instanceof HttpProblem) {
    const result = make(error.status, error.title, error.message, error.errors)
    return { ...result, headers: { ...error.headers } }
  }
  // A library's own refusal (a validator's media-type gate, say): its status, in our shape.
  if (error instanceof HTTPException && error.status < 500) {
    return make(
      error.status,
      error.message || 'Bad Request',
      `The request was refused: ${error.message || 'bad request'}.`,
    )
  }
  if (error instanceof ValidationError) {
    return make(400, 'Invalid request', 'The request has invalid fields: see errors.', error.issues)
  }
  if (error instanceof NotFoundError) return make(404, 'Not Found', error.message)
  if (error instanceof GoneError) return make(410, 'Gone', error.message)
  if (error instanceof ConflictError) return make(409, 'Conflict', error.message)
  if (error instanceof PreconditionFailedError) return make(412, 'Precondition Failed', error.message)
  if (error instanceof TooLargeError) return make(413, 'Content Too Large', error.message)
  if (error instanceof UnavailableError) {
    const result = make(503, 'Service Unavailable', 'The article store is unavailable; retry shortly.')
    return { ...result, headers: { 'Retry-After': String(retryAfterSeconds) } }
  }
  return undefined
}

export function problemBody(problem: Problem, instance?: string): string {
  return JSON.stringify(instance === undefined ? problem : { ...problem, instance })
}

export const internalProblem: Problem = {
  type: 'about:blank',
  title: 'Internal Server Error',
  status: 500,
  detail: 'Something went wrong on our side; it has been logged.',
}
