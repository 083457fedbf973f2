import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createJsonLogger } from '../../lib/http/json-logger.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type EmbeddedDynamo, startDynalite } from '../support/dynalite.ts'

const site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'Independent reporting',
  language: 'en',
  author: 'Desk',
}

function capture() {
  const lines: string[] = []
  return { lines, logger: createJsonLogger((line) => lines.push(line)) }
}

function parsed(line: string | undefined): Record<string, unknown> {
  expect(line).toBeDefined()
  return JSON.parse(line ?? '') as Record<string, unknown>
}

describe('createJsonLogger', () => {
  it('writes one JSON line per request with method, path, status, duration and request id', () => {
    const { lines, logger } = capture()
    logger.request({ method: 'GET', path: '/rss.xml', status: 200, durationMs: 12.5, requestId: 'req-1' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    expect(parsed(lines[0])).toEqual({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/rss.xml',
      status: 200,
      durationMs: 12.5,
      requestId: 'req-1',
    })
  })

  it('writes an error as one line with its name, message, stack and the request it broke', () => {
    const { lines, logger } = capture()
    const error = new TypeError('boom', { cause: new Error('root cause') })
    logger.error(error, { method: 'POST', path: '/api/articles', requestId: 'req-2' })
    expect(lines).toHaveLength(1)
    expect(lines[0]).not.toContain('\n')
    const entry = parsed(lines[0])
    expect(entry).toMatchObject({
      level: 'error',
      name: 'TypeError',
      message: 'boom',
      cause: 'Error: root cause',
      method: 'POST',
      path: '/api/articles',
      requestId: 'req-2',
    })
    expect(entry.stack).toEqual(expect.stringContaining('json-logger.test.ts'))
  })

  it('describes a thrown non-Error without failing', () => {
    const { lines, logger } = capture()
    logger.error('plain string', { method: 'GET', path: '/' })
    expect(parsed(lines[0])).toMatchObject({ level: 'error', name: 'string', message: 'plain string' })
  })
})

describe('createJsonLogger behind the publish app', () => {
  let dynamo: EmbeddedDynamo
  beforeAll(async () => {
    dynamo = await startDynalite()
  })
  afterAll(async () => {
    await dynamo.close()
  })

  it('logs an authenticated write without its token, its headers or its body', async () => {
    const token = 'logger-test-token-0123456789abcdef'
    const marker = 'BODY-MARKER-that-must-not-be-logged'
    const { lines, logger } = capture()
    const store = createDynamoArticleStore({ client: dynamo.client, tableName: await dynamo.createTable() })
    const app = createPublishApp({
      store,
      clock: () => new Date('2025-03-11T10:00:00Z'),
      site,
      tokens: () => [token],
      logger,
    })
    const response = await app.request('/api/articles', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-secret-header': marker,
      },
      body: JSON.stringify({
        title: `A headline ${marker}`,
        summary: `A standfirst ${marker}`,
        content: `<p>${marker}</p>`,
        status: 'published',
      }),
    })
    expect(response.status).toBe(201)
    expect(lines).toHaveLength(1)
    expect(parsed(lines[0])).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/api/articles',
      status: 201,
    })
    const all = lines.join('\n')
    expect(all).not.toContain(token)
    expect(all).not.toContain(marker)
  })
})
