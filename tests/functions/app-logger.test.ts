import { Logger } from '@aws-lambda-powertools/logger'
import type { Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAppLogger, lazyLogger, withLogContext } from '../../functions/app-logger.ts'
import { staleServedLogMessage } from '../../lib/http/app-deps.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

/**
 * Powertools writes each log item as one line through its own Console: INFO to stdout, WARN and
 * ERROR to stderr (Lambda ships both to CloudWatch).
 */
function captureOutput(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  const written: string[] = []
  const capture = (chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ]
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore()
    },
  }
}

function lambdaContext(requestId: string): Context {
  return {
    awsRequestId: requestId,
    functionName: 'NewsFeed-PublicFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:NewsFeed-PublicFunction',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/NewsFeed-PublicFunction',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}

describe('createAppLogger on Powertools Logger', () => {
  it('writes a sample of answered requests and every 4xx and 5xx in full', () => {
    const out = captureOutput()
    const draws = [0.5, 0.01, 0.5, 0.5]
    try {
      const appLogger = createAppLogger(new Logger(), {
        requestSampleRate: 0.05,
        random: () => draws.shift() ?? 1,
      })
      for (const status of [200, 304, 404, 500]) {
        appLogger.request({ method: 'GET', path: `/x-${status}`, status, durationMs: 1 })
      }
    } finally {
      out.restore()
    }
    expect(out.lines().map((l) => [l.path, l.sampleRate])).toEqual([
      ['/x-304', 0.05],
      ['/x-404', undefined],
      ['/x-500', undefined],
    ])
  })

  it('writes the request line as JSON with the request id and cold start of the invocation', async () => {
    // What Lambda sets on an on-demand instance; Powertools reports no cold start without it.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
    const out = captureOutput()
    try {
      const logger = new Logger({ serviceName: 'newsfeed-public' })
      const appLogger = createAppLogger(logger, { requestSampleRate: 1 })
      const handler = withLogContext(logger, async (_event: unknown) => {
        appLogger.request({ method: 'GET', path: '/rss.xml', status: 200, durationMs: 1.25, requestId: 'x' })
        return 'done'
      })
      expect(await handler({}, lambdaContext('req-1'))).toBe('done')
      expect(await handler({}, lambdaContext('req-2'))).toBe('done')
    } finally {
      out.restore()
      vi.unstubAllEnvs()
    }
    const [first, second] = out.lines()
    expect(first).toMatchObject({
      level: 'INFO',
      message: 'request',
      service: 'newsfeed-public',
      method: 'GET',
      path: '/rss.xml',
      status: 200,
      durationMs: 1.25,
      function_request_id: 'req-1',
      cold_start: true,
    })
    expect(second).toMatchObject({ function_request_id: 'req-2', cold_start: false })
  })

  it('writes an unexpected error with its name, message and stack, and the request it broke', () => {
    const out = captureOutput()
    try {
      createAppLogger(new Logger()).error(new TypeError('boom', { cause: new Error('root cause') }), {
        method: 'POST',
        path: '/api/articles',
      })
      createAppLogger(new Logger()).error('a thrown string', { method: 'GET', path: '/' })
    } finally {
      out.restore()
    }
    const [error, thrownString] = out.lines()
    expect(error).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      method: 'POST',
      path: '/api/articles',
      error: { name: 'TypeError', message: 'boom', stack: expect.stringContaining('app-logger.test.ts') },
    })
    expect(JSON.stringify(error)).toContain('root cause')
    expect(thrownString).toMatchObject({ level: 'ERROR', error: { message: 'a thrown string' } })
  })

  it('writes a stale serve as a WARN line with the message the stack metric filter counts', () => {
    const out = captureOutput()
    try {
      createAppLogger(new Logger()).staleServed?.({ path: '/atom.xml', ageSeconds: 75 })
    } finally {
      out.restore()
    }
    expect(out.lines()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: staleServedLogMessage,
        path: '/atom.xml',
        ageSeconds: 75,
      }),
    ])
  })
})

describe('lazyLogger', () => {
  it('builds the Powertools Logger at its first line, not at the cold start or an invocation', async () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
    const out = captureOutput()
    let builds = 0
    try {
      const logger = lazyLogger(async () => {
        builds += 1
        return new Logger({ serviceName: 'newsfeed-public' })
      })
      const appLogger = createAppLogger(logger, { requestSampleRate: 0 })
      const handler = withLogContext(logger, async (status: number) => {
        appLogger.request({ method: 'GET', path: '/rss.xml', status, durationMs: 1 })
        return status
      })
      expect(builds).toBe(0)
      // Answered and not sampled: no line, no Logger.
      await handler(200, lambdaContext('req-1'))
      expect(builds).toBe(0)
      await handler(404, lambdaContext('req-2'))
      await handler(500, lambdaContext('req-3'))
      expect(builds).toBe(1)
    } finally {
      out.restore()
      vi.unstubAllEnvs()
    }
    // Built in the second invocation: it does not claim the first one's cold start.
    expect(out.lines().map((l) => [l.function_request_id, l.cold_start, l.status])).toEqual([
      ['req-2', false, 404],
      ['req-3', false, 500],
    ])
  })

  it('writes the lines of an invocation before it answers, while the logger is still loading', async () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
    const out = captureOutput()
    const written: number[] = []
    try {
      // A load slower than the invocation: Lambda freezes the process once the handler returns.
      const logger = lazyLogger(
        () =>
          new Promise((resolve) =>
            setTimeout(() => resolve(new Logger({ serviceName: 'newsfeed-public' })), 50),
          ),
      )
      const handler = withLogContext(logger, async (item: number) => {
        logger.info('first', { item })
        logger.error('second', { item })
        return item
      })
      for (const [item, id] of [
        [1, 'req-1'],
        [2, 'req-2'],
      ] as const) {
        expect(await handler(item, lambdaContext(id))).toBe(item)
        written.push(out.lines().length)
      }
    } finally {
      out.restore()
      vi.unstubAllEnvs()
    }
    // Out when each invocation answered, in order, each with its own invocation's context.
    expect(written).toEqual([2, 4])
    expect(out.lines().map((l) => [l.message, l.item, l.function_request_id, l.cold_start])).toEqual([
      ['first', 1, 'req-1', true],
      ['second', 1, 'req-1', true],
      ['first', 2, 'req-2', false],
      ['second', 2, 'req-2', false],
    ])
  })

  it('writes its waiting lines as plain text, with the reason, when its logger cannot load', async () => {
    const failure = new Error('no logger chunk')
    const errors: unknown[][] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args)
    })
    try {
      const logger = lazyLogger(() => Promise.reject(failure))
      const handler = withLogContext(logger, async () => logger.warn('kept', { path: '/rss.xml' }))
      await handler({}, lambdaContext('req-1'))
    } finally {
      spy.mockRestore()
    }
    expect(errors).toEqual([['warn', 'kept', { path: '/rss.xml' }, failure]])
  })

  it('reports the cold start when its first line is in the first invocation', async () => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand')
    const out = captureOutput()
    try {
      const logger = lazyLogger()
      const handler = withLogContext(logger, async () => logger.info('counted', { items: 3 }))
      await handler({}, lambdaContext('req-1'))
      await handler({}, lambdaContext('req-2'))
    } finally {
      out.restore()
      vi.unstubAllEnvs()
    }
    expect(out.lines()).toEqual([
      expect.objectContaining({
        message: 'counted',
        items: 3,
        function_request_id: 'req-1',
        cold_start: true,
      }),
      expect.objectContaining({
        message: 'counted',
        items: 3,
        function_request_id: 'req-2',
        cold_start: false,
      }),
    ])
  })
})

describe('createAppLogger behind the publish app', () => {
  let dynamo: EmbeddedDynamo
  beforeAll(async () => {
    dynamo = await startDynalite()
  })
  afterAll(async () => {
    await dynamo.close()
  })

  it('logs an authenticated write in one line, without its token, its headers or its body', async () => {
    const token = 'logger-test-token-0123456789abcdef'
    const marker = 'BODY-MARKER-that-must-not-be-logged'
    const store = createDynamoArticleStore({ client: dynamo.client, tableName: await dynamo.createTable() })
    const app = createPublishApp({
      store,
      clock: () => new Date('2025-03-11T10:00:00Z'),
      site: {
        url: 'https://news.example.com',
        title: 'Example News',
        description: 'Independent reporting',
        language: 'en',
        author: 'Desk',
      },
      tokens: () => [token],
      logger: createAppLogger(new Logger(), { requestSampleRate: 1 }),
    })
    const out = captureOutput()
    let status: number
    try {
      const response = await app.request('/api/articles', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-secret': marker },
        body: JSON.stringify({
          title: `A headline ${marker}`,
          content: `<p>${marker}</p>`,
          status: 'published',
        }),
      })
      status = response.status
    } finally {
      out.restore()
    }
    expect(status).toBe(201)
    const lines = out.lines()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'INFO', message: 'request', method: 'POST', status: 201 })
    const all = JSON.stringify(lines)
    expect(all).not.toContain(token)
    expect(all).not.toContain(marker)
  })
})
