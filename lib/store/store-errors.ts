import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { UnavailableError } from '../articles/errors.ts'

const unavailableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
])
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** Maps what means "the store can't answer now" to `UnavailableError`; everything else goes up untouched. */
export function translateStoreError(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const code = 'code' in error ? error.code : undefined
  const metadata = '$metadata' in error ? error.$metadata : undefined
  const status =
    typeof metadata === 'object' && metadata !== null && 'httpStatusCode' in metadata
      ? metadata.httpStatusCode
      : undefined
  if (
    unavailableNames.has(error.name) ||
    (typeof code === 'string' && unavailableCodes.has(code)) ||
    (typeof status === 'number' && status >= 500)
  ) {
    return new UnavailableError('the article store is unavailable', { cause: error })
  }
  return error
}

/** Runs one call to DynamoDB, its failures translated by {@link translateStoreError}. */
export async function storeCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw translateStoreError(error)
  }
}

/** A conditional write whose condition did not hold (and, when asked for, the item that failed it). */
export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException
}

/**
 * Runs one conditional write through {@link storeCall}: the failure when its condition did not hold,
 * `undefined` when it was written. Every other failure goes up.
 */
export async function failedCondition(
  write: () => Promise<unknown>,
): Promise<ConditionalCheckFailedException | undefined> {
  try {
    await storeCall(write)
    return undefined
  } catch (error) {
    if (isConditionFailure(error)) return error
    throw error
  }
}
