import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'

const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan'])

/** The commands that take `ReturnConsumedCapacity`: the data plane (not CreateTable, DescribeTable…). */
const meteredCommands = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'BatchWriteItemCommand',
  'TransactGetItemsCommand',
  'TransactWriteItemsCommand',
  'ExecuteStatementCommand',
  'BatchExecuteStatementCommand',
  'ExecuteTransactionCommand',
])

/** One table's share of what one response says it consumed. */
export interface CapacityReport {
  /** The command without its `Command` suffix, e.g. `GetItem`. */
  readonly operation: string
  readonly table: string | undefined
  readonly units: number
}

let meters = 0

/**
 * Meters `client` from outside the product: an SDK middleware asks DynamoDB for the consumed
 * capacity of every data-plane command (`ReturnConsumedCapacity: TOTAL`) and hands each entry of
 * the answer to `report`. The store never knows; what it sends is otherwise unchanged. Returns a
 * function that takes the middleware off the client again.
 */
export function meterCapacity(client: DynamoDBClient, report: (reading: CapacityReport) => void): () => void {
  meters += 1
  const name = `meterCapacity${meters}`
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName)
      if (!meteredCommands.has(command)) return next(args)
      const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' } })
      const consumed = 'ConsumedCapacity' in result.output ? result.output.ConsumedCapacity : undefined
      const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]
      const operation = command.replace(/Command$/, '')
      for (const entry of entries) {
        if ('CapacityUnits' in entry && entry.CapacityUnits !== undefined) {
          report({ operation, table: entry.TableName, units: entry.CapacityUnits })
        }
      }
      return result
    },
    { step: 'initialize', name },
  )
  return () => {
    client.middlewareStack.remove(name)
  }
}

/** What the store consumed over a stretch of requests, as DynamoDB's `ConsumedCapacity` reports it. */
export interface CapacityReading {
  /** Read capacity units as reported (dynalite). */
  readonly rcu: number
  /** Write capacity units as reported (dynalite: the base table only). */
  readonly wcu: number
  /**
   * Reads as DynamoDB bills them: every read request costs at least 0.5 RCU (eventually consistent),
   * even a Query that finds nothing, which dynalite reports as 0.
   */
  readonly rcuBilled: number
  /** Calls and units by operation, e.g. `{ GetItem: { calls: 1, units: 0.5 } }`. */
  readonly operations: Readonly<Record<string, { readonly calls: number; readonly units: number }>>
}

/**
 * Collects what one table's commands on `client` consumed (see {@link meterCapacity});
 * `take()` returns what came in since the last take.
 */
export class CapacityMeter {
  #operations = new Map<string, { calls: number; units: number }>()
  #rcuBilled = 0

  constructor(client: DynamoDBClient, tableName: string) {
    meterCapacity(client, ({ operation, table, units }) => {
      if (table === tableName) this.#record(operation, units)
    })
  }

  #record(operation: string, units: number): void {
    const entry = this.#operations.get(operation) ?? { calls: 0, units: 0 }
    entry.calls += 1
    entry.units += units
    this.#operations.set(operation, entry)
    if (readOperations.has(operation)) this.#rcuBilled += Math.max(units, 0.5)
  }

  take(): CapacityReading {
    let rcu = 0
    let wcu = 0
    const operations: Record<string, { calls: number; units: number }> = {}
    for (const [name, entry] of this.#operations) {
      operations[name] = { ...entry }
      if (readOperations.has(name)) rcu += entry.units
      else wcu += entry.units
    }
    const reading = { rcu, wcu, rcuBilled: this.#rcuBilled, operations }
    this.#operations = new Map()
    this.#rcuBilled = 0
    return reading
  }
}

/** `reading` divided by `count` requests. */
export function perRequest(reading: CapacityReading, count: number): CapacityReading {
  const operations: Record<string, { calls: number; units: number }> = {}
  for (const [name, entry] of Object.entries(reading.operations)) {
    operations[name] = { calls: entry.calls / count, units: entry.units / count }
  }
  return {
    rcu: reading.rcu / count,
    wcu: reading.wcu / count,
    rcuBilled: reading.rcuBilled / count,
    operations,
  }
}

/** Two readings as one. */
export function addReadings(a: CapacityReading, b: CapacityReading): CapacityReading {
  const operations: Record<string, { calls: number; units: number }> = {}
  for (const reading of [a, b]) {
    for (const [name, entry] of Object.entries(reading.operations)) {
      const sum = operations[name] ?? { calls: 0, units: 0 }
      operations[name] = { calls: sum.calls + entry.calls, units: sum.units + entry.units }
    }
  }
  return { rcu: a.rcu + b.rcu, wcu: a.wcu + b.wcu, rcuBilled: a.rcuBilled + b.rcuBilled, operations }
}

export const noReading: CapacityReading = { rcu: 0, wcu: 0, rcuBilled: 0, operations: {} }
