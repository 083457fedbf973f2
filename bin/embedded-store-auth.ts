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
          const date = `${new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')}`
          request.headers['x-amz-date'] = date
          request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=unsigned`
          return request
        },
      },
    },
  ],
} satisfies Pick<DynamoDBClientConfig, 'httpAuthSchemes'>
