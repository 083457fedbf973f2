const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan'])

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

/** Collects the store's `onCapacity` reports; `take()` returns what came in since the last take. */
export class CapacityMeter {
  #operations = new Map<string, { calls: number; units: number }>()
  #rcuBilled = 0

  readonly record = (operation: string, units: number): void => {
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
