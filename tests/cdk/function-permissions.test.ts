import { randomBytes, randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AttributeValue, CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type AccessDecision, evaluateAccess } from '../../cdk/preflight/evaluate-access.ts'
import {
  type PlausibleTemplate,
  plausibleEnvironment,
  plausibleTemplate,
  type TemplateJson,
} from '../../cdk/preflight/plausible-template.ts'
import { roleOfFunction } from '../../cdk/preflight/template-policies.ts'
import { articleKey } from '../../lib/store/item-keys.ts'
import { createTableInput } from '../../lib/store/table-definition.ts'
import {
  type AuthorizedRequest,
  authorizedRequests,
  type RecordedCall,
  recordAwsCalls,
} from '../support/aws-call-recorder.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'
import {
  type FakeCloudFront,
  type FakeScheduler,
  startFakeCloudFront,
  startFakeScheduler,
} from '../support/fake-aws.ts'
import { synth } from '../support/synth-test-stack.ts'
import { createTextBodyServer } from '../support/text-body-server.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'
import { startWebSubHub, type WebSubHub } from '../support/websub-hub.ts'

/**
 * Every AWS call the three functions make, checked against the role each one has in the
 * synthesised template. Each function's code runs in this process with the environment the template
 * gives it (names and ARNs resolved for one account and region), against dynalite and stand-ins on
 * loopback; a middleware on the SDK clients records each call (tests/support/aws-call-recorder.ts),
 * and the IAM policy simulator decides whether the function's role allows it. A policy that forgets
 * an action, or an environment variable that names another resource than the one granted, fails here.
 */

const stackName = 'TestFeed'
const token = 'preflight-token-0123456789abcdefghijklmnopqrstuvwxyz'
const originSecret = 'origin-secret-0123456789abcdefABCDEF'
const webhookSecret = randomBytes(33)
  .toString('base64')
  .replace(/[^A-Za-z0-9]/g, 'A')
  .slice(0, 44)
const cursorSecret = 'cursor-secret-0123456789abcdefghijklmnopqrstuvwxyz'

/** SSM GetParameter and Secrets Manager GetSecretValue (JSON 1.1), answering from `values` by name or id. */
async function startParameterStore(values: Map<string, string>) {
  const server: Server = createTextBodyServer((request, body, response) => {
    const input = JSON.parse(body || '{}') as { Name?: string; SecretId?: string }
    const ssm = String(request.headers['x-amz-target']).startsWith('AmazonSSM')
    const id = ssm ? input.Name : input.SecretId
    const value = id === undefined ? undefined : values.get(id)
    response.setHeader('content-type', 'application/x-amz-json-1.1')
    if (value === undefined) {
      const type = ssm ? 'ParameterNotFound' : 'ResourceNotFoundException'
      response.statusCode = 400
      response.setHeader('x-amzn-errortype', type)
      response.end(JSON.stringify({ __type: type, message: `${id} is not there` }))
      return
    }
    response.end(
      JSON.stringify(
        ssm
          ? { Parameter: { Name: id, Type: 'String', Value: value, Version: 1, DataType: 'text' } }
          : {
              ARN: id,
              Name: 'secret',
              SecretString: value,
              VersionId: randomUUID(),
              VersionStages: ['AWSCURRENT'],
            },
      ),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A Function URL event (payload 2.0) as CloudFront's request reaches the function. */
function urlEvent(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const [rawPath = '/', rawQueryString = ''] = path.split('?')
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'x-forwarded-proto': 'https', ...headers },
    ...(rawQueryString
      ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) }
      : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '64.252.1.1',
        userAgent: 'Amazon CloudFront',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '06/Dec/2026:12:00:00 +0000',
      timeEpoch: Date.now(),
    },
    ...(body === undefined
      ? { isBase64Encoded: false }
      : { body: Buffer.from(body, 'utf8').toString('base64'), isBase64Encoded: true }),
  }
}

function lambdaContext(functionArn: string) {
  return {
    awsRequestId: randomUUID(),
    invokedFunctionArn: functionArn,
    functionName: functionArn.split(':').at(-1) ?? 'fn',
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/fn',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }
}

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>

describe("every AWS call of the functions, against each function's role in the template", () => {
  let dynamo: EmbeddedDynamo
  let store: Awaited<ReturnType<typeof startParameterStore>>
  let cloudFront: FakeCloudFront
  let scheduler: FakeScheduler
  let hub: WebSubHub
  let receiver: WebhookReceiver
  let t: PlausibleTemplate
  let functionIds: { public: string; publish: string; notifier: string }
  const recorded = new Map<string, RecordedCall[]>()
  const savedEnv = { ...process.env }

  /** The environment variables the template gives the function, resolved. */
  function variablesOf(functionId: string): Record<string, string> {
    const variables = (t.properties(functionId).Environment as { Variables: Record<string, unknown> })
      .Variables
    const env: Record<string, string> = {}
    for (const [name, value] of Object.entries(variables)) {
      // A dynamic reference CloudFormation resolves at deploy time: the value the secret would hold.
      env[name] = String(value).startsWith('{{resolve:secretsmanager:') ? cursorSecret : String(value)
    }
    return env
  }

  /** The function's environment as Lambda would set it, with the emulators' endpoints. */
  function environmentOf(functionId: string): Record<string, string> {
    return {
      ...variablesOf(functionId),
      AWS_REGION: t.env.region,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SSM: store.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: store.endpoint,
      AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    }
  }

  /** Loads the function's module afresh (a cold start) with its environment, recording every call it makes. */
  async function run(
    functionId: string,
    entry: string,
    use: (handler: Handler) => Promise<void>,
  ): Promise<void> {
    const env = environmentOf(functionId)
    const recorder = recordAwsCalls()
    try {
      Object.assign(process.env, env)
      vi.resetModules()
      const module = (await import(entry)) as { handler: Handler }
      await use(module.handler)
    } finally {
      recorder.stop()
      for (const name of Object.keys(env)) {
        if (savedEnv[name] === undefined) delete process.env[name]
        else process.env[name] = savedEnv[name]
      }
      recorded.set(functionId, [...recorder.calls])
    }
  }

  async function invokeUrl(handler: Handler, fnArn: string, event: ReturnType<typeof urlEvent>) {
    const result = (await handler(event, lambdaContext(fnArn))) as { statusCode: number; body?: string }
    return result
  }

  beforeAll(async () => {
    ;[dynamo, cloudFront, scheduler, hub, receiver] = await Promise.all([
      startDynalite(),
      startFakeCloudFront(),
      startFakeScheduler(),
      startWebSubHub(),
      startWebhookReceiver(),
    ])
    const template = synth({
      websubHubs: [hub.url],
      webhookUrls: [receiver.url],
    }).template.toJSON() as TemplateJson
    t = plausibleTemplate(template, { ...plausibleEnvironment, stackName })
    const byEntry = (service: string) => {
      const id = t.ofType('AWS::Lambda::Function').find(
        (fn) =>
          // The custom resource's provider function has no environment.
          (t.properties(fn).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
            ?.POWERTOOLS_SERVICE_NAME === service,
      )
      if (id === undefined) throw new Error(`no function ${service}`)
      return id
    }
    functionIds = {
      public: byEntry('newsfeed-public'),
      publish: byEntry('newsfeed-publish'),
      notifier: byEntry('newsfeed-notifier'),
    }

    const publishEnv = variablesOf(functionIds.publish)
    const notifierEnv = variablesOf(functionIds.notifier)
    const values = new Map<string, string>([
      [`/${stackName}/site-url`, 'https://d111111abcdef8.cloudfront.net'],
      [publishEnv.PUBLISH_TOKEN_SECRET_ARN ?? '', token],
      [publishEnv.ORIGIN_VERIFY_SECRET_ARN ?? '', originSecret],
      [notifierEnv.WEBHOOK_SECRET_ARN ?? '', webhookSecret],
    ])
    store = await startParameterStore(values)
    // The table under the name the template gives it.
    await dynamo.client.send(new CreateTableCommand(createTableInput(t.ref('ArticlesTable'))))

    const publishArn = t.getAtt(functionIds.publish, 'Arn')
    const auth = {
      authorization: `Bearer ${token}`,
      'x-origin-verify': originSecret,
      'content-type': 'application/json',
    }
    const article = (slug: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        slug,
        title: `Title of ${slug}`,
        summary: 'A summary.',
        content: '<p>Body.</p>',
        authors: [{ name: 'Desk' }],
        categories: ['world'],
        status: 'published',
        ...extra,
      })
    await run(functionIds.publish, '../../functions/publish.ts', async (handler) => {
      const statuses = [
        await invokeUrl(
          handler,
          publishArn,
          urlEvent('POST', '/api/articles', auth, article('harbour-reopens')),
        ),
        await invokeUrl(
          handler,
          publishArn,
          urlEvent(
            'POST',
            '/api/articles',
            auth,
            article('due-later', { publishedAt: new Date(Date.now() + 3_600_000).toISOString() }),
          ),
        ),
        await invokeUrl(handler, publishArn, urlEvent('GET', '/api/articles?status=draft', auth)),
        await invokeUrl(handler, publishArn, urlEvent('GET', '/api/articles/harbour-reopens', auth)),
        await invokeUrl(
          handler,
          publishArn,
          urlEvent(
            'PUT',
            '/api/articles/harbour-reopens',
            auth,
            article('harbour-reopens', { title: 'Harbour reopens' }),
          ),
        ),
        await invokeUrl(handler, publishArn, urlEvent('POST', '/api/articles', auth, article('to-delete'))),
        await invokeUrl(handler, publishArn, urlEvent('DELETE', '/api/articles/to-delete', auth)),
        await invokeUrl(handler, publishArn, urlEvent('GET', '/api/subscribers', auth)),
        await invokeUrl(handler, publishArn, urlEvent('GET', '/api/subscribers?day=2026-12-05', auth)),
      ].map((r) => r.statusCode)
      expect(statuses).toEqual([201, 201, 200, 200, 200, 201, 204, 200, 200])
    })

    const publicArn = t.getAtt(functionIds.public, 'Arn')
    await run(functionIds.public, '../../functions/public.ts', async (handler) => {
      const paths = [
        '/',
        '/rss.xml',
        '/atom.xml',
        '/feed.json',
        '/categories/world/rss.xml',
        '/articles/harbour-reopens',
        '/articles/to-delete',
        '/healthz',
        '/sitemap.xml',
      ]
      const statuses = []
      for (const path of paths)
        statuses.push((await invokeUrl(handler, publicArn, urlEvent('GET', path))).statusCode)
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 410, 200, 200])
    })

    const notifierArn = t.getAtt(functionIds.notifier, 'Arn')
    const streamArn = t.getAtt('ArticlesTable', 'StreamArn')
    const item = async (slug: string) =>
      (
        await dynamo.client.send(
          new GetItemCommand({ TableName: t.ref('ArticlesTable'), Key: articleKey(slug) }),
        )
      ).Item as Record<string, AttributeValue>
    const insert = (image: Record<string, AttributeValue>, slug: string) => ({
      eventID: randomUUID().replaceAll('-', ''),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: t.env.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: articleKey(slug),
        NewImage: image,
        SequenceNumber: String(Date.now()).padStart(21, '0'),
        SizeBytes: 1024,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    })
    // Read before the recording starts: only the function's own calls are recorded.
    const records = [
      insert(await item('harbour-reopens'), 'harbour-reopens'),
      insert(await item('due-later'), 'due-later'),
    ]
    await run(functionIds.notifier, '../../functions/notifier.ts', async (handler) => {
      const context = lambdaContext(notifierArn)
      const batch = await handler({ Records: records }, context)
      expect(batch).toEqual({ batchItemFailures: [] })
      await handler({ due: 'harbour-reopens', at: new Date(Date.now() - 1000).toISOString() }, context)
    })
  }, 180_000)

  afterAll(async () => {
    await Promise.all([
      dynamo?.close(),
      store?.close(),
      cloudFront?.close(),
      scheduler?.close(),
      hub?.close(),
      receiver?.close(),
    ])
  })

  async function decisions(functionId: string, role = roleOfFunction(t, functionId)) {
    const calls = recorded.get(functionId) ?? []
    const requests = calls.flatMap((call) => authorizedRequests(call, t.env.account))
    const out: { request: AuthorizedRequest; decision: AccessDecision }[] = []
    for (const request of requests) {
      const context = request.context === undefined ? {} : { context: request.context }
      out.push({
        request,
        decision: await evaluateAccess(t, {
          principal: { role },
          action: request.action,
          resource: request.resource,
          ...context,
        }),
      })
    }
    return out
  }
  const summary = (items: { request: AuthorizedRequest; decision: AccessDecision }[]) =>
    items.map(
      ({ request, decision }) =>
        `${request.action} ${request.resource}: ${decision.result}${decision.errors ?? ''}`,
    )

  it.each([
    [
      'publish',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'secretsmanager:GetSecretValue',
        'ssm:GetParameter',
      ],
    ],
    ['public', ['dynamodb:Query', 'ssm:GetParameter']],
    [
      'notifier',
      [
        'cloudfront:CreateInvalidation',
        'cloudfront:GetInvalidation',
        'dynamodb:GetItem',
        'iam:PassRole',
        'scheduler:CreateSchedule',
        'secretsmanager:GetSecretValue',
        'ssm:GetParameter',
      ],
    ],
  ] as const)('the %s function: every call it made is allowed by its role', async (name, expected) => {
    const results = await decisions(functionIds[name])
    // It did make the calls that matter: an empty recording would prove nothing.
    const actions = new Set(results.map((r) => r.request.action))
    for (const action of expected) expect([...actions], `${name} never called ${action}`).toContain(action)
    expect(summary(results.filter((r) => !r.decision.allowed))).toEqual([])
  })

  it("denies the publish function's writes to the public function's role", async () => {
    const results = await decisions(functionIds.publish, roleOfFunction(t, functionIds.public))
    const denied = new Set(results.filter((r) => !r.decision.allowed).map((r) => r.request.action))
    expect([...denied]).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'secretsmanager:GetSecretValue']))
  })

  // DeleteItem: a category leaving the list (an article becomes a tombstone). BatchWriteItem: the
  // desk terms of a bulk create, nothing else.
  it.each([
    ['DeleteItem', ['REGISTRY#categories'], 'Allowed'],
    ['DeleteItem', ['REGISTRY#authors'], 'Allowed'],
    ['DeleteItem', ['REGISTRY#authors', 'ARTICLE#harbour-reopens'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['REGISTRY#authors'], 'ImplicitlyDenied'],
    ['DeleteItem', ['AUTHOR#zoe-angstrom'], 'Allowed'],
    ['DeleteItem', ['ARTICLE#harbour-reopens'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['AUTHOR#zoe-angstrom'], 'ImplicitlyDenied'],
    ['DeleteItem', ['FEED#site'], 'ImplicitlyDenied'],
    ['DeleteItem', ['REGISTRY#months'], 'ImplicitlyDenied'],
    ['DeleteItem', ['EDITOR#k1'], 'ImplicitlyDenied'],
    ['DeleteItem', ['NOTIFIED#x'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['DESK#word:s', 'DESK#cat:world', 'DESK#author:desk report'], 'Allowed'],
    ['BatchWriteItem', ['DESK#word:s', 'ARTICLE#harbour-reopens'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['ARTICLE#harbour-reopens'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['FEED#site'], 'ImplicitlyDenied'],
    ['BatchWriteItem', ['EDITOR#k1'], 'ImplicitlyDenied'],
  ] as const)('lets the publish function %s on %j: %s', async (action, keys, result) => {
    const decision = await evaluateAccess(t, {
      principal: { role: roleOfFunction(t, functionIds.publish) },
      action: `dynamodb:${action}`,
      resource: t.getAtt('ArticlesTable', 'Arn'),
      context: { 'dynamodb:LeadingKeys': [...keys] },
    })
    expect(decision.errors).toBeUndefined()
    expect(decision.result).toBe(result)
  })

  it.each([
    ['publish', 'dynamodb:DeleteTable', () => t.getAtt('ArticlesTable', 'Arn')],
    ['publish', 'dynamodb:Scan', () => t.getAtt('ArticlesTable', 'Arn')],
    ['public', 'dynamodb:PutItem', () => t.getAtt('ArticlesTable', 'Arn')],
    ['public', 'dynamodb:Query', () => `${t.getAtt('ArticlesTable', 'Arn')}/index/byStatus`],
    ['notifier', 'dynamodb:PutItem', () => t.getAtt('ArticlesTable', 'Arn')],
    [
      'notifier',
      'cloudfront:CreateInvalidation',
      () => `arn:aws:cloudfront::${t.env.account}:distribution/EANOTHER00000`,
    ],
    [
      'notifier',
      'scheduler:CreateSchedule',
      () => `arn:aws:scheduler:${t.env.region}:${t.env.account}:schedule/default/due-x`,
    ],
  ] as const)('denies the %s function %s outside what it needs', async (name, action, resource) => {
    const decision = await evaluateAccess(t, {
      principal: { role: roleOfFunction(t, functionIds[name]) },
      action,
      resource: resource(),
    })
    expect(decision.errors).toBeUndefined()
    expect(decision.result).toBe('ImplicitlyDenied')
  })
})
