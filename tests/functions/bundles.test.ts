import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import { LambdaInstance, lambdaRunnerSource } from '../support/lambda-instance.ts'
import { type Moto, motoMissing, motoServerPath } from '../support/moto.ts'
import { sharedMoto } from '../support/shared-moto.ts'
import { stackBundle } from '../support/stack-bundles.ts'
import { createTextBodyServer } from '../support/text-body-server.ts'

/**
 * The bundles esbuild makes with the stack's own options, each loaded once in its own `node`
 * process as the Lambda runtime would, and invoked with Function URL events (payload 2.0) shaped
 * as AWS sends them through CloudFront. DynamoDB is dynalite; Secrets Manager and SSM are
 * moto_server (tests/support/moto.ts) behind a recording proxy that counts the reads and can fail
 * one, or, where moto_server is absent, a stand-in answering from the same values.
 */

const siteUrl = 'https://news.example.com'
// moto's own ARNs (a random suffix) once the secrets are created there.
let secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:NewsFeedPublishToken-AbCdEf'
let originSecretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:NewsFeedOriginVerify-AbCdEf'
const originSecret = 'origin-secret-0123456789abcdefABCDEF'
const siteUrlParameter = '/NewsFeed/site-url'
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

const runnerSource = lambdaRunnerSource('arn:aws:lambda:us-east-1:123456789012:function:test-function', {
  functionUrl: true,
})

/**
 * Secrets Manager (GetSecretValue) and SSM (GetParameter), both JSON over HTTP told apart by
 * X-Amz-Target: forwarded to `upstream` (moto_server) when given, else answered from `values` by
 * secret id or parameter name. `failOnce` makes the next call fail; every call is recorded.
 */
async function startFakeAwsServices(values: Record<string, string>, upstream?: string) {
  const calls: { target: string | undefined; id: unknown }[] = []
  let failNext = false
  const server: Server = createTextBodyServer((request, body, response) => {
    const input: unknown = JSON.parse(body || '{}')
    const target = request.headers['x-amz-target']?.toString()
    const id =
      typeof input === 'object' && input !== null
        ? 'SecretId' in input
          ? input.SecretId
          : 'Name' in input
            ? input.Name
            : undefined
        : undefined
    calls.push({ target, id })
    if (upstream !== undefined && !failNext) {
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = value
      }
      fetch(`${upstream}${request.url ?? '/'}`, { method: request.method ?? 'POST', headers, body })
        .then(async (answer) => {
          const type = answer.headers.get('content-type')
          const errorType = answer.headers.get('x-amzn-errortype')
          response.writeHead(answer.status, {
            ...(type ? { 'content-type': type } : {}),
            ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
          })
          response.end(await answer.text())
        })
        .catch(() => response.writeHead(502).end())
      return
    }
    response.setHeader('content-type', 'application/x-amz-json-1.1')
    const value = typeof id === 'string' ? values[id] : undefined
    if (failNext || value === undefined) {
      failNext = false
      response.statusCode = 400
      const type = target?.startsWith('AmazonSSM') ? 'ParameterNotFound' : 'ResourceNotFoundException'
      response.setHeader('x-amzn-errortype', type)
      response.end(JSON.stringify({ __type: type, message: 'not there' }))
      return
    }
    response.end(
      JSON.stringify(
        target?.startsWith('AmazonSSM')
          ? { Parameter: { Name: id, Type: 'String', Value: value, Version: 1, DataType: 'text' } }
          : {
              ARN: id,
              Name: 'NewsFeedSecret',
              SecretString: value,
              VersionId: '00000000-0000-0000-0000-000000000001',
              VersionStages: ['AWSCURRENT'],
              CreatedDate: 1_741_680_000,
            },
      ),
    )
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
  let aws: Awaited<ReturnType<typeof startFakeAwsServices>>
  let moto: Moto | undefined
  let publicFn: LambdaInstance
  let publishFn: LambdaInstance
  let runner: string
  let publicBundle: string
  let publishBundle: string
  let env: Record<string, string>
  const bundledModules: Record<string, string[]> = {}

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundles-'))
    runner = join(dir, 'runner.mjs')
    await writeFile(runner, runnerSource)
    // Built with the stack's options once for the run (tests/support/stack-bundles.ts).
    const [builtPublic = '', builtPublish = ''] = await Promise.all(
      (['public', 'publish'] as const).map(async (name) => {
        const { entry, metafile } = await stackBundle(name)
        bundledModules[name] = Object.keys(metafile.inputs)
        return entry
      }),
    )
    publicBundle = builtPublic
    publishBundle = builtPublish
    dynamo = await startDynalite()
    if (motoServerPath !== undefined) {
      moto = await sharedMoto()
      const options = { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials }
      const secrets = new SecretsManagerClient(options)
      const create = async (Name: string, SecretString: string) =>
        (await secrets.send(new CreateSecretCommand({ Name, SecretString }))).ARN ?? ''
      secretArn = await create('NewsFeedPublishToken', ` ${tokens[0]} ,${tokens[1]}`)
      originSecretArn = await create('NewsFeedOriginVerify', originSecret)
      const ssm = new SSMClient(options)
      await ssm.send(new PutParameterCommand({ Name: siteUrlParameter, Type: 'String', Value: siteUrl }))
      secrets.destroy()
      ssm.destroy()
    } else {
      console.warn(motoMissing)
    }
    aws = await startFakeAwsServices(
      {
        [secretArn]: ` ${tokens[0]} ,${tokens[1]}`,
        [originSecretArn]: originSecret,
        [siteUrlParameter]: siteUrl,
      },
      moto?.endpoint,
    )
    // What the stack sets, pointed at the local stand-ins; the SDK reads the endpoint variables itself.
    env = {
      // moto's region of this file, where the secrets and the parameter are.
      AWS_REGION: moto?.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'test-session',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_ENDPOINT_URL_SSM: aws.endpoint,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      TABLE_NAME: await dynamo.createTable(),
      SITE_URL_PARAMETER: siteUrlParameter,
      SITE_TITLE: 'Bundle News',
      // Every request line, not the default sample: the test reads them.
      REQUEST_LOG_SAMPLE_RATE: '1',
      CURSOR_SECRET: 'bundle-test-cursor-secret-0123456789abcdef',
      WEBSUB_HUBS: 'https://pubsubhubbub.appspot.com/',
      NODE_OPTIONS: '--enable-source-maps',
    }
    ;[publicFn, publishFn] = await Promise.all([
      LambdaInstance.start(runner, publicBundle, env),
      LambdaInstance.start(runner, publishBundle, {
        ...env,
        PUBLISH_TOKEN_SECRET_ARN: secretArn,
        ORIGIN_VERIFY_SECRET_ARN: originSecretArn,
      }),
    ])
  }, 120_000)

  afterAll(async () => {
    publicFn?.stop()
    publishFn?.stop()
    await aws?.close()
    await moto?.stop()
    await dynamo?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const publicGet = (path: string, headers: Record<string, string> = {}) =>
    publicFn.invokeAs(
      isResult,
      functionUrlEvent({
        method: 'GET',
        path,
        urlId: 'publicurlid0123456789abcdefghijk',
        iam: true,
        headers: { accept: '*/*', 'accept-encoding': 'br,gzip', ...headers },
      }),
    )

  /** A JSON POST to /api/articles, through CloudFront to the publish function's URL. */
  const articlesPost = (body: string, headers: Record<string, string>) =>
    functionUrlEvent({
      method: 'POST',
      path: '/api/articles',
      urlId: 'publishurlid0123456789abcdefghij',
      iam: false,
      headers: { 'content-type': 'application/json', 'x-origin-verify': originSecret, ...headers },
      body,
    })

  const publish = (body: string, headers: Record<string, string>) =>
    publishFn.invokeAs(isResult, articlesPost(body, { accept: 'application/json', ...headers }))

  const article = {
    title: 'Musk advocates US exit from NATO, fueling debate',
    summary: 'Elon Musk has stirred fresh controversy.',
    // A style attribute: the sanitiser drops it without parsing it (postcss is not in the bundle).
    content: '<p style="color: red">Elon Musk, a key advisor, said so. BODY-MARKER-7f3a</p>',
    authors: [{ name: 'Desk Report' }],
    categories: ['world'],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
  }
  let slug = ''

  it('creates an article: an authenticated POST with a base64 body answers 201, after retrying a failed secret read', async () => {
    aws.failOnce()
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

  it('reads each secret once, for the right ARN, and accepts every comma-separated token', async () => {
    const other = await publish(JSON.stringify({ ...article, title: 'Another headline' }), {
      authorization: `Bearer ${tokens[0]}`,
    })
    expect(other.statusCode).toBe(201)
    const refused = await publish(JSON.stringify(article), {
      authorization: 'Bearer not-the-token-0123456789',
    })
    expect(refused.statusCode).toBe(401)
    // The origin secret is checked first: the read that failed was its, and the next one succeeded.
    const reads = aws.calls.filter((call) => call.target === 'secretsmanager.GetSecretValue')
    expect(reads).toEqual([
      { target: 'secretsmanager.GetSecretValue', id: originSecretArn },
      { target: 'secretsmanager.GetSecretValue', id: originSecretArn },
      { target: 'secretsmanager.GetSecretValue', id: secretArn },
    ])
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

  it('names the WEBSUB_HUBS hub in the feed and in its Link header, with the feed from SITE_URL as self', async () => {
    const feed = await publicGet('/atom.xml')
    expect(feed.headers.link).toBe(
      `<https://pubsubhubbub.appspot.com/>; rel="hub", <${siteUrl}/atom.xml>; rel="self"`,
    )
    expect(bodyText(feed)).toContain('<link rel="hub" href="https://pubsubhubbub.appspot.com/"/>')
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

  it.each(['public', 'publish'] as const)(
    'leaves the credential chain Lambda never uses and postcss out of the %s bundle',
    (name) => {
      const modules = bundledModules[name] ?? []
      expect(modules.some((m) => m.includes('@aws-sdk/client-dynamodb/'))).toBe(true)
      expect(modules.some((m) => m.includes('@aws-sdk/credential-provider-env/'))).toBe(true)
      const deadWeight = modules.filter((m) =>
        /@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\/|\/(postcss|source-map-js)\//.test(
          m,
        ),
      )
      expect(deadWeight).toEqual([])
    },
  )

  it('keeps the desk out of the public bundle: none of its modules, none of the helpers only it uses', () => {
    const desk = (m: string) =>
      /lib\/desk\/|lib\/store\/(desk-|editor-tokens)|hono\/dist\/(helper\/cookie|middleware\/csrf)\//.test(m)
    expect((bundledModules.public ?? []).filter(desk)).toEqual([])
    expect((bundledModules.publish ?? []).filter(desk).length).toBeGreaterThan(5)
  })

  it('serves the desk from the publish function, through the origin check', async () => {
    const desk = (headers: Record<string, string>) =>
      publishFn.invokeAs(
        isResult,
        functionUrlEvent({
          method: 'GET',
          path: '/desk/',
          urlId: 'publishurlid0123456789abcdefghij',
          iam: false,
          headers: { accept: 'text/html', ...headers },
        }),
      )
    const page = await desk({ 'x-origin-verify': originSecret })
    expect(page.statusCode).toBe(200)
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8')
    expect((await desk({})).statusCode).toBe(403)
  })

  it('serves the OpenAPI document, loading the chunk of every route group the start left out', async () => {
    const res = await publishFn.invokeAs(
      isResult,
      functionUrlEvent({
        method: 'GET',
        path: '/api/openapi.json',
        urlId: 'publishurlid0123456789abcdefghij',
        iam: false,
        headers: { 'x-origin-verify': originSecret },
      }),
    )
    expect(res.statusCode, bodyText(res)).toBe(200)
    const paths = Object.keys((JSON.parse(bodyText(res)) as { paths: Record<string, unknown> }).paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/articles',
        '/api/article-batches',
        '/api/authors/{slug}',
        '/api/editors',
      ]),
    )
  })

  it('keeps style parsing off in the sanitiser, since postcss is not in the bundle', () => {
    const source = readFileSync(join(import.meta.dirname, '../../lib/articles/content-sanitiser.ts'), 'utf8')
    expect(source).toMatch(/parseStyleAttributes:\s*false/)
  })

  it('answers 403 problem JSON to a publish request that did not come through CloudFront', async () => {
    const direct = await publish(JSON.stringify(article), {
      authorization: `Bearer ${tokens[0]}`,
      'x-origin-verify': 'guessed-value-0123456789abcdef',
    })
    expect(direct.statusCode).toBe(403)
    expect(direct.headers['content-type']).toBe('application/problem+json')
    expect(JSON.parse(bodyText(direct))).toMatchObject({ status: 403, title: 'Forbidden' })
  })

  it('learns its public URL from the SSM parameter once per cold start', async () => {
    await publicGet('/feed.json')
    await publicGet('/atom.xml')
    const parameterReads = aws.calls.filter((call) => call.id === siteUrlParameter)
    // One per instance: the public and the publish function each read it while loading.
    expect(parameterReads).toEqual([
      { target: 'AmazonSSM.GetParameter', id: siteUrlParameter },
      { target: 'AmazonSSM.GetParameter', id: siteUrlParameter },
    ])
  })

  it('refuses to start, naming the setting, when the SSM parameter cannot be read', async () => {
    const failed = await LambdaInstance.start(runner, publicBundle, {
      ...env,
      SITE_URL_PARAMETER: '/NewsFeed/not-there',
    }).then(
      (instance) => {
        instance.stop()
        return 'started'
      },
      (error: unknown) => String(error),
    )
    expect(failed).toContain('ConfigError')
    expect(failed).toContain('SITE_URL_PARAMETER: the SSM parameter /NewsFeed/not-there could not be read')
  })

  it('answers 503 with Retry-After when Secrets Manager hangs: its client gives up, the request does not wait for the Lambda timeout', async () => {
    const hung = createServer(() => {
      // Never answers.
    })
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
    const { port } = hung.address() as AddressInfo
    const instance = await LambdaInstance.start(runner, publishBundle, {
      ...env,
      PUBLISH_TOKEN_SECRET_ARN: secretArn,
      ORIGIN_VERIFY_SECRET_ARN: originSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
    })
    try {
      const answer = await instance.invokeAs(
        isResult,
        articlesPost(JSON.stringify(article), { authorization: `Bearer ${tokens[0]}` }),
      )
      expect(answer.statusCode).toBe(503)
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      instance.stop()
      hung.closeAllConnections()
      await new Promise<void>((resolve) => hung.close(() => resolve()))
    }
  }, 60_000)

  it('logs one JSON line per request with the request id and cold start, and never a token or a body', async () => {
    await publicGet('/healthz')
    for (const fn of [publicFn, publishFn]) {
      const lines = fn.stdout.map((line) => JSON.parse(line) as Record<string, unknown>)
      const requests = lines.filter((l) => l.message === 'request')
      expect(requests.length).toBeGreaterThan(1)
      for (const line of requests) {
        expect(line).toMatchObject({ level: 'INFO', method: expect.any(String), status: expect.any(Number) })
        expect(line.function_request_id).toMatch(/^[0-9a-f-]{36}$/)
      }
      expect(requests.map((l) => l.cold_start)).toEqual([true, ...requests.slice(1).map(() => false)])
    }
    const all = [...publicFn.stdout, ...publishFn.stdout].join('\n')
    for (const token of tokens) expect(all).not.toContain(token)
    expect(all).not.toContain('BODY-MARKER-7f3a')
  })
})
