import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTextBodyServer } from './text-body-server.ts'

/*
 * A stand-in on loopback for CloudFront (REST-XML), the one AWS API the notifier calls that the
 * tests do not take from moto_server: moto completes an invalidation at once and ignores
 * CallerReference reuse, and the tests need when each invalidation completed, the reference each
 * batch sent, and a refusal. The real SDK client in the bundled function reaches it through
 * AWS_ENDPOINT_URL_CLOUDFRONT. Scheduler, Secrets Manager, SSM, SQS and DynamoDB: tests/support/moto.ts.
 */

interface FakeServer {
  readonly endpoint: string
  close(): Promise<void>
}

async function serve(
  handle: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<FakeServer> {
  const server: Server = createTextBodyServer(handle)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export interface Invalidation {
  readonly distributionId: string
  readonly callerReference: string
  readonly paths: readonly string[]
  readonly createdAt: number
  completedAt?: number
}

export interface FakeCloudFront extends FakeServer {
  readonly invalidations: Invalidation[]
  /** The next CreateInvalidation is refused with AccessDenied. */
  refuseNext(): void
}

const cloudFrontNs = 'http://cloudfront.amazonaws.com/doc/2020-05-31/'

/** CreateInvalidation (answered InProgress) and GetInvalidation (Completed from the first poll on). */
export async function startFakeCloudFront(): Promise<FakeCloudFront> {
  const invalidations: Invalidation[] = []
  let refuse = false
  const xml = (inv: Invalidation, id: string, status: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="${cloudFrontNs}"><Id>${id}</Id><Status>${status}</Status><CreateTime>${new Date().toISOString()}</CreateTime><InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity><Items>${inv.paths.map((p) => `<Path>${p}</Path>`).join('')}</Items></Paths><CallerReference>${inv.callerReference}</CallerReference></InvalidationBatch></Invalidation>`
  const server = await serve((request, body, response) => {
    const create = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation$/.exec(request.url ?? '')
    const get = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation\/I(\d+)$/.exec(request.url ?? '')
    if (request.method === 'POST' && create) {
      if (refuse) {
        refuse = false
        response
          .writeHead(403, { 'Content-Type': 'text/xml' })
          .end(
            `<?xml version="1.0"?><ErrorResponse xmlns="${cloudFrontNs}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
          )
        return
      }
      const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1] ?? '')
      const callerReference = /<CallerReference>([^<]*)<\/CallerReference>/.exec(body)?.[1] ?? ''
      const invalidation = {
        distributionId: create[1] ?? '',
        callerReference,
        paths,
        createdAt: performance.now(),
      }
      invalidations.push(invalidation)
      const id = `I${invalidations.length - 1}`
      response
        .writeHead(201, { 'Content-Type': 'text/xml', Location: `${server.endpoint}${request.url}/${id}` })
        .end(xml(invalidation, id, 'InProgress'))
      return
    }
    const found = get ? invalidations[Number(get[2])] : undefined
    if (request.method === 'GET' && found) {
      found.completedAt ??= performance.now()
      response.writeHead(200, { 'Content-Type': 'text/xml' }).end(xml(found, `I${get?.[2]}`, 'Completed'))
      return
    }
    response.writeHead(404).end()
  })
  return {
    ...server,
    invalidations,
    refuseNext() {
      refuse = true
    },
  }
}

/*
 * A stand-in for EventBridge Scheduler (JSON over REST), for tests/cdk/function-permissions.test.ts only:
 * it records the calls the notifier makes, which that test evaluates against the role, and needs no
 * emulator. The notifier's own tests take Scheduler from moto_server.
 */
export interface ScheduleCall {
  readonly method: string
  readonly name: string
  readonly input: Record<string, unknown>
  readonly groupName?: string
}

export interface FakeScheduler extends FakeServer {
  readonly calls: ScheduleCall[]
  /** Schedules that exist now, by name. */
  readonly schedules: Map<string, Record<string, unknown>>
  /** Every write of a schedule with this name is refused (AccessDenied). */
  refuse(name: string): void
}

/** CreateSchedule (409 when it exists), UpdateSchedule and DeleteSchedule (404 when it does not). */
export async function startFakeScheduler(): Promise<FakeScheduler> {
  const calls: ScheduleCall[] = []
  const schedules = new Map<string, Record<string, unknown>>()
  const refused = new Set<string>()
  const error = (response: ServerResponse, status: number, type: string) =>
    response
      .writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-errortype': type })
      .end(JSON.stringify({ Message: type }))
  const server = await serve((request, body, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const name = decodeURIComponent(url.pathname.replace(/^\/schedules\//, ''))
    const input: unknown = body === '' ? {} : JSON.parse(body)
    const record =
      typeof input === 'object' && input !== null ? Object.fromEntries(Object.entries(input)) : {}
    const groupName = url.searchParams.get('groupName') ?? undefined
    calls.push({ method: request.method ?? '', name, input: record, ...(groupName ? { groupName } : {}) })
    if (refused.has(name)) {
      error(response, 403, 'AccessDeniedException')
      return
    }
    const arn = { ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/news/${name}` }
    if (request.method === 'POST') {
      if (schedules.has(name)) {
        error(response, 409, 'ConflictException')
        return
      }
      schedules.set(name, record)
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(arn))
      return
    }
    if (request.method === 'PUT') {
      if (!schedules.has(name)) {
        error(response, 404, 'ResourceNotFoundException')
        return
      }
      schedules.set(name, record)
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(arn))
      return
    }
    if (request.method === 'DELETE') {
      if (!schedules.delete(name)) {
        error(response, 404, 'ResourceNotFoundException')
        return
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
      return
    }
    error(response, 400, 'ValidationException')
  })
  return {
    ...server,
    calls,
    schedules,
    refuse(name) {
      refused.add(name)
    },
  }
}
