import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'

/**
 * How the local stack's client authenticates to its embedded store (dynalite on the store thread),
 * which checks that a request carries SigV4's headers, never their signature: the headers without
 * the signing. SigV4 hashes every request body (an imported article's item is about 12 KB) and
 * derives an HMAC for each request, a tenth of the apps thread's CPU in an import
 * (docs/bulk-import.md, fourth pass). Only for the embedded store: a DynamoDB at
 * `AWS_ENDPOINT_URL_DYNAMODB`, and every client on AWS, keep the SDK's own signer.
 */
export const embeddedStoreAuth = {
  httpAuthSchemes: [
    {
      schemeId: 'aws.auth#sigv4',
      identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
      signer: {
        async sign(request) {
          const date = amzDate()
          request.headers['x-amz-date'] = date
          request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=unsigned`
          return request
        },
      },
    },
  ],
} satisfies Pick<DynamoDBClientConfig, 'httpAuthSchemes'>

let second = 0
let formatted = ''

/** The time in SigV4's basic format (`20250101T000000Z`), formatted once a second. */
function amzDate(): string {
  const now = Math.floor(Date.now() / 1000)
  if (now !== second) {
    second = now
    formatted = new Date(now * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '')
  }
  return formatted
}
