import type { LambdaEvent } from 'hono/aws-lambda'

/** A Function URL event (payload 2.0) for `rawPath` and `query`, as a function behind a Lambda URL receives it. */
export function functionUrlEvent(
  rawPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
  query: Record<string, string> = {},
): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    headers: { host: 'abc.lambda-url.us-east-1.on.aws', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      authentication: null,
      authorizer: {},
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'test',
      },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2025:12:00:00 +0000',
      timeEpoch: 1_741_780_800_000,
    },
    body: null,
    isBase64Encoded: false,
  }
}
