/** Exit codes scripts can rely on. */
export const exitCodes = {
  ok: 0,
  /** The run could not do its job: a missing file, not a feed, the site unreachable, the token refused. */
  failed: 1,
  /** The command line itself is wrong (unknown option, missing argument). */
  usage: 2,
  /** The run finished but some items were skipped; each was reported with its reason. */
  partial: 3,
  /** Stopped by Ctrl-C after finishing the items under way. */
  interrupted: 130,
} as const

/**
 * An error that ends the run: its message is the one line the user sees (`newsfeed: <message>`),
 * so it names the file, URL or option at fault and never carries a stack.
 */
export class CliError extends Error {
  override name = 'CliError'
}

/** Ctrl-C before the run could finish. */
export class InterruptedError extends CliError {
  override name = 'InterruptedError'
}

/** The site cannot be reached, even after retries. */
export class SiteUnreachableError extends CliError {
  override name = 'SiteUnreachableError'
}

/** The site answered 401 or 403: the token (or the route to the API) is wrong; every request would fail alike. */
export class TokenRefusedError extends CliError {
  override name = 'TokenRefusedError'
}

/** The site failed in a way no single article explains (5xx after retries, an answer that is not the API's). */
export class SiteFailedError extends CliError {
  override name = 'SiteFailedError'
}

/** One problem of one field, as the API reports it (`errors` of an RFC 9457 problem). */
export interface FieldProblem {
  readonly path: string
  readonly message: string
}

/** The API refused one article (400, 409, 412, 413…): that item is skipped, the run goes on. */
export class ArticleRefusedError extends Error {
  override name = 'ArticleRefusedError'
  readonly status: number
  readonly problems: readonly FieldProblem[]
  constructor(status: number, message: string, problems: readonly FieldProblem[] = []) {
    super(message)
    this.status = status
    this.problems = problems
  }
}
