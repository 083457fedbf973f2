/** The base of every error the domain throws on purpose; `lib/http` maps each to a status. */
export class DomainError extends Error {
  override name = 'DomainError'
}

export interface Issue {
  /** A JSON-pointer-like path into the input, e.g. `title` or `authors.0.name`; '' for the whole body. */
  readonly path: string
  readonly message: string
}

export class ValidationError extends DomainError {
  override name = 'ValidationError'
  readonly issues: readonly Issue[]
  constructor(issues: readonly Issue[], options?: ErrorOptions) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), options)
    this.issues = issues
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError'
}

/** The article existed and was deleted: its permalink answers 410. */
export class GoneError extends DomainError {
  override name = 'GoneError'
}

/** A create met an existing slug. */
export class ConflictError extends DomainError {
  override name = 'ConflictError'
}

/** A conditional write met a newer version than the one the client expected. */
export class PreconditionFailedError extends DomainError {
  override name = 'PreconditionFailedError'
}

/** The rendered article does not fit a DynamoDB item. */
export class TooLargeError extends DomainError {
  override name = 'TooLargeError'
}

/** The store cannot be reached or refused for load; the client should retry later. */
export class UnavailableError extends DomainError {
  override name = 'UnavailableError'
}
