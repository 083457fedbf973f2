import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32 } from 'node:zlib'
import { tableDefinition } from '../../lib/store/table-definition.ts'

export interface DynamoProxyOptions {
  /**
   * Answer as DynamoDB does and dynalite does not: a conditional write that asked for
   * `ReturnValuesOnConditionCheckFailure: ALL_OLD` and failed gets the item that failed it in its
   * error (read from dynalite right after the failure, as the proxy cannot lock it).
   */
  readonly returnOldItem: boolean
}

export interface DynamoProxy {
  readonly endpoint: string
  /** The operations (`PutItem`, `GetItem`…) clients sent through the proxy so far. */
  readonly sent: string[]
  /**
   * The next `operation` reaches the store and does its work, but its answer is lost: the client
   * gets a 500, as DynamoDB may answer a request that did or did not land, and retries.
   */
  loseNextAnswer(operation: string): void
  close(): Promise<void>
}

type Json = Record<string, unknown>

const dynamoTarget = 'DynamoDB_20120810.'
const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem'])

/** An HTTP proxy in front of dynalite that plays the parts of DynamoDB a test needs and dynalite lacks. */
export async function startDynamoProxy(
  storeEndpoint: string,
  options: DynamoProxyOptions,
): Promise<DynamoProxy> {
  const sent: string[] = []
  const losing = new Set<string>()

  async function forward(headers: Headers, operation: string, body: string) {
    headers.set('x-amz-target', `${dynamoTarget}${operation}`)
    const response = await fetch(storeEndpoint, { method: 'POST', headers, body })
    return { status: response.status, text: await response.text() }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(Buffer.from(chunk))
    const body = Buffer.concat(chunks).toString('utf8')
    const target = String(request.headers['x-amz-target'] ?? '').replace(dynamoTarget, '')
    // The desk's term items ride along each article write (lib/store/desk-terms.ts): told apart as
    // `PutItem(desk)`, so that counts and lost answers are about the article's own items.
    const operation = isDeskTermWrite(parse(body)) ? `${target}(desk)` : target
    sent.push(operation)
    const headers = new Headers()
    for (const name of ['authorization', 'content-type', 'x-amz-date']) {
      const value = request.headers[name]
      if (typeof value === 'string') headers.set(name, value)
    }
    const answer = await forward(headers, target, body)
    if (losing.delete(operation)) {
      return reply(response, 500, {
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'the answer was lost',
      })
    }
    const input = parse(body)
    const failed = parse(answer.text)
    if (
      options.returnOldItem &&
      writeOperations.has(target) &&
      input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' &&
      String(failed.__type).endsWith('#ConditionalCheckFailedException')
    ) {
      const old = parse((await forward(headers, 'GetItem', JSON.stringify(getItemOf(input)))).text)
      return reply(response, answer.status, old.Item === undefined ? failed : { ...failed, Item: old.Item })
    }
    return reply(response, answer.status, failed)
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sent,
    loseNextAnswer(operation) {
      losing.add(operation)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Whether a request writes one of the desk's term items (`DESK#…` partition keys). */
function isDeskTermWrite(input: Json): boolean {
  const item = isJson(input.Key) ? input.Key : isJson(input.Item) ? input.Item : undefined
  const pk = item?.[tableDefinition.partitionKey.name]
  return isJson(pk) && typeof pk.S === 'string' && pk.S.startsWith('DESK#')
}

/** The consistent GetItem of the item a write was about. */
function getItemOf(write: Json): Json {
  const item = isJson(write.Key) ? write.Key : isJson(write.Item) ? write.Item : {}
  const keyNames = [tableDefinition.partitionKey.name, tableDefinition.sortKey.name]
  return {
    TableName: write.TableName,
    Key: Object.fromEntries(keyNames.map((name) => [name, item[name]])),
    ConsistentRead: true,
  }
}

function reply(response: ServerResponse, status: number, body: Json) {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    // The SDK checks DynamoDB's CRC32 of the body when it is there.
    'x-amz-crc32': String(crc32(text)),
  })
  response.end(text)
}

function parse(text: string): Json {
  const value: unknown = text === '' ? {} : JSON.parse(text)
  return isJson(value) ? value : {}
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
