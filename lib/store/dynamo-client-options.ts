/**
 * Settings for every DynamoDBClient the product builds. Without `throwOnRequestTimeout` the SDK only
 * warns when a request outlives `requestTimeout`, and a hung store would hang each request with it
 * until the Lambda timeout; with it, the store fails fast and the client gets a 503 with Retry-After.
 */
export const dynamoClientOptions = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true },
} as const
