import { type ChildProcess, fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { esbuildOptions, functionEntries } from '../../cdk/bundling.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

/**
 * The bundles esbuild makes with the stack's own options, each loaded once in its own `node`
 * process as the Lambda runtime would, and invoked with Function URL events (payload 2.0) shaped
 * as AWS sends them through CloudFront. DynamoDB is dynalite, Secrets Manager a fake on loopback.
 */

const siteUrl = 'https://news.example.com'
const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:NewsFeedPublishToken-AbCdEf'
const tokens = [
  'first-token-0123456789abcdefghijklmnopqrstuvwxyz',
  'second-token-0123456789abcdefghijklmnopqrstuv',
]

interface FunctionUrlResult {
  readonly statusCode: number
  readonly headers: Record<string, string>
  readonly body: string
  readonly isBase64Encoded: boolean
}

function isResult(value: unknown): value is FunctionUrlResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    'statusCode' in value &&
    typeof value.statusCode === 'number' &&
    'headers' in value &&
    typeof value.headers === 'object'
  )
}

/** The body as the viewer gets it: base64-decoded, then decompressed per Content-Encoding. */
function bodyText(result: FunctionUrlResult): string {
  const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8')
  const encoding = result.headers['content-encoding']
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8')
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8')
  return raw.toString('utf8')
}

/** A Function URL event as CloudFront's request reaches the function (payload format 2.0). */
function functionUrlEvent(options: {
  readonly method: string
  readonly path: string
  readonly query?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly urlId: string
  readonly iam: boolean
}) {
  const requestId = randomUUID()
  const now = new Date()
  const domainName = `${options.urlId}.lambda-url.us-east-1.on.aws`
  const query = options.query ?? ''
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: query,
    headers: {
      host: domainName,
      'user-agent': 'Amazon CloudFront',
      via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
      'x-amz-cf-id': 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijABCDEF==',
      'x-amzn-trace-id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-0123456789abcdef01234567`,
      'x-forwarded-for': '203.0.113.7, 64.252.1.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: options.iam ? '123456789012' : 'anonymous',
      apiId: options.urlId,
      ...(options.iam
        ? {
            authorizer: {
              iam: {
                accessKey: 'ASIAEXAMPLEEXAMPLE12',
                accountId: '123456789012',
                callerId: 'AROAEXAMPLEEXAMPLE123:cloudfront',
                cognitoIdentity: null,
                principalOrgId: null,
                userArn: 'arn:aws:sts::123456789012:assumed-role/cloudfront/cloudfront',
                userId: 'AROAEXAMPLEEXAMPLE123:cloudfront',
              },
            },
          }
        : {}),
      domainName,
      domainPrefix: options.urlId,
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '64.252.1.1',
        userAgent: 'Amazon CloudFront',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now
        .toUTCString()
        .replace(/^\w+, (\d+) (\w+) (\d+) /, '$1/$2/$3:')
        .replace(' GMT', ' +0000'),
      timeEpoch: now.getTime(),
    },
    ...(options.body === undefined
      ? { isBase64Encoded: false }
      : { body: Buffer.from(options.body, 'utf8').toString('base64'), isBase64Encoded: true }),
  }
}

/** Loads a bundle once in a fresh `node` process and invokes its handler, warm, like a Lambda instance. */
class LambdaInstance {
  private readonly pending = new Map<string, (value: unknown) => void>()
  readonly stdout: string[] = []
  private stderr = ''

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout.push(...chunk.split('\n').filter((line) => line !== ''))
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk
    })
    child.on('message', (message: { id?: string; result?: unknown; error?: string }) => {
      if (message.id === undefined) return
      this.pending.get(message.id)?.(message.error === undefined ? message.result : new Error(message.error))
      this.pending.delete(message.id)
    })
  }

  static async start(runner: string, bundle: string, env: Record<string, string>): Promise<LambdaInstance> {
    const child = fork(runner, [pathToFileURL(bundle).href], {
      env: { PATH: process.env.PATH ?? '', ...env },
      silent: true,
    })
    const instance = new LambdaInstance(child)
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve())
      child.once('exit', (code) =>
        reject(new Error(`the bundle failed to load (exit ${code}):\n${instance.stderr.slice(-3000)}`)),
      )
    })
    return instance
  }

  async invoke(event: ReturnType<typeof functionUrlEvent>): Promise<FunctionUrlResult> {
    const id = randomUUID()
    const answer = await new Promise<unknown>((resolve) => {
      this.pending.set(id, resolve)
      this.child.send({ id, event })
    })
    if (answer instanceof Error) throw answer
    if (!isResult(answer)) throw new Error(`not a Function URL result: ${JSON.stringify(answer)}`)
    return answer
  }

  stop(): void {
    this.child.kill()
  }
}

const runnerSource = `
const { handler } = await import(process.argv[2])
process.on('message', async ({ id, event }) => {
  const context = {
    awsRequestId: event.requestContext.requestId,
    functionName: 'test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-function',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/test-function',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  }
  try {
    process.send({ id, result: await handler(event, context) })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? String(error.stack) : String(error) })
  }
})
process.send({ ready: true })
`

/** Answers GetSecretValue like Secrets Manager; `failNext` makes the next call fail once. */
async function startFakeSecretsManager(secretString: string) {
  const calls: { target: string | undefined; secretId: unknown }[] = []
  let failNext = false
  const server: Server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      const input: unknown = JSON.parse(body || '{}')
      const secretId =
        typeof input === 'object' && input !== null && 'SecretId' in input ? input.SecretId : undefined
      calls.push({ target: request.headers['x-amz-target']?.toString(), secretId })
      response.setHeader('content-type', 'application/x-amz-json-1.1')
      if (failNext) {
        failNext = false
        response.statusCode = 400
        response.setHeader('x-amzn-errortype', 'ResourceNotFoundException')
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not yet' }))
        return
      }
      response.end(
        JSON.stringify({
          ARN: secretArn,
          Name: 'NewsFeedPublishToken',
          SecretString: secretString,
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1_741_680_000,
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    failOnce() {
      failNext = true
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('the bundled Lambda handlers', () => {
  let dir: string
  let dynamo: EmbeddedDynamo
  let secrets: Awaited<ReturnType<typeof startFakeSecretsManager>>
  let publicFn: LambdaInstance
  let publishFn: LambdaInstance

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundles-'))
    const runner = join(dir, 'runner.mjs')
    await writeFile(runner, runnerSource)
    const [publicBundle, publishBundle] = await Promise.all(
      (['public', 'publish'] as const).map(async (name) => {
        const options = esbuildOptions(functionEntries[name], join(dir, name))
        await build(options)
        return options.outfile ?? ''
      }),
    )
    dynamo = await startDynalite()
    secrets = await startFakeSecretsManager(` ${tokens[0]} ,${tokens[1]}`)
    // What the stack sets, pointed at the local stand-ins; the SDK reads the endpoint variables itself.
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'test-session',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TABLE_NAME: await dynamo.createTable(),
      SITE_URL: siteUrl,
      SITE_TITLE: 'Bundle News',
      CURSOR_SECRET: 'bundle-test-cursor-secret-0123456789abcdef',
      NODE_OPTIONS: '--enable-source-maps',
    }
    ;[publicFn, publishFn] = await Promise.all([
      LambdaInstance.start(runner, publicBundle ?? '', env),
      LambdaInstance.start(runner, publishBundle ?? '', {
        ...env,
        PUBLISH_TOKEN_SECRET_ARN: secretArn,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      }),
    ])
  }, 120_000)

  afterAll(async () => {
    publicFn?.stop()
    publishFn?.stop()
    await secrets?.close()
    await dynamo?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const publicGet = (path: string, headers: Record<string, string> = {}) =>
    publicFn.invoke(
      functionUrlEvent({
        method: 'GET',
        path,
        urlId: 'publicurlid0123456789abcdefghijk',
        iam: true,
        headers: { accept: '*/*', 'accept-encoding': 'br,gzip', ...headers },
      }),
    )

  const publish = (body: string, headers: Record<string, string>) =>
    publishFn.invoke(
      functionUrlEvent({
        method: 'POST',
        path: '/api/articles',
        urlId: 'publishurlid0123456789abcdefghij',
        iam: false,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
      }),
    )

  const article = {
    title: 'Musk advocates US exit from NATO, fueling debate',
    summary: 'Elon Musk has stirred fresh controversy.',
    content: '<p>Elon Musk, a key advisor, said so. BODY-MARKER-7f3a</p>',
    authors: [{ name: 'Desk Report' }],
    categories: ['world'],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
  }
  let slug = ''

  it('creates an article: an authenticated POST with a base64 body answers 201, after retrying a failed secret read', async () => {
    secrets.failOnce()
    const failed = await publish(JSON.stringify(article), { authorization: `Bearer ${tokens[1]}` })
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBeTruthy()

    const created = await publish(JSON.stringify(article), { authorization: `Bearer ${tokens[1]}` })
    expect(created.statusCode, bodyText(created)).toBe(201)
    const resource = JSON.parse(bodyText(created)) as { slug: string; url: string }
    slug = resource.slug
    expect(resource.url).toBe(`${siteUrl}/articles/${slug}`)
    expect(created.headers.location).toContain(`/api/articles/${slug}`)
    expect(created.headers.etag).toBeTruthy()
  })

  it('reads the secret once, for the right ARN, and accepts every comma-separated token', async () => {
    const other = await publish(JSON.stringify({ ...article, title: 'Another headline' }), {
      authorization: `Bearer ${tokens[0]}`,
    })
    expect(other.statusCode).toBe(201)
    const refused = await publish(JSON.stringify(article), {
      authorization: 'Bearer not-the-token-0123456789',
    })
    expect(refused.statusCode).toBe(401)
    expect(secrets.calls).toHaveLength(2)
    for (const call of secrets.calls) {
      expect(call).toEqual({ target: 'secretsmanager.GetSecretValue', secretId: secretArn })
    }
  })

  it('serves the RSS feed with its content type and links built from SITE_URL', async () => {
    const feed = await publicGet('/rss.xml')
    expect(feed.statusCode).toBe(200)
    expect(feed.headers['content-type']).toBe('application/rss+xml; charset=utf-8')
    const xml = bodyText(feed)
    expect(xml).toContain('<rss')
    expect(xml).toContain(`${siteUrl}/articles/${slug}`)
    expect(xml).toContain('Bundle News')
    expect(xml).not.toContain('lambda-url')
  })

  it('answers the same GET with If-None-Match set to its ETag with 304 and no body', async () => {
    const first = await publicGet('/rss.xml')
    const etag = first.headers.etag
    expect(etag).toMatch(/^"/)
    const again = await publicGet('/rss.xml', { 'if-none-match': etag ?? '' })
    expect(again.statusCode).toBe(304)
    expect(again.body ?? '').toBe('')
  })

  it('serves the article page as HTML', async () => {
    const page = await publicGet(`/articles/${slug}`, { accept: 'text/html' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(bodyText(page)).toContain('Musk advocates US exit from NATO')
  })

  it('logs one JSON line per request with the request id, and never a token or a body', async () => {
    await publicGet('/healthz')
    for (const fn of [publicFn, publishFn]) {
      const lines = fn.stdout.map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThan(0)
      for (const line of lines.filter((l) => l.msg === 'request')) {
        expect(line).toMatchObject({ level: 'info', method: expect.any(String), status: expect.any(Number) })
        expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/)
      }
    }
    const all = [...publicFn.stdout, ...publishFn.stdout].join('\n')
    for (const token of tokens) expect(all).not.toContain(token)
    expect(all).not.toContain('BODY-MARKER-7f3a')
  })
})
