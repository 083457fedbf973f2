/** Store writes in flight at once when one call writes many items (`createMany`, the registries). */
export const writeConcurrency = 16

/**
 * Runs `task` on each of `items`, at most `concurrency` at a time, so that thousands of scopes or
 * registry entries never become thousands of requests in flight. Every task runs; the first failure
 * is thrown once all are done.
 */
export async function eachBounded<T>(
  items: readonly T[],
  task: (item: T) => Promise<unknown>,
  concurrency = writeConcurrency,
): Promise<void> {
  let next = 0
  const failures: unknown[] = []
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      await task(items[i] as T).catch((error: unknown) => {
        failures.push(error)
      })
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  if (failures.length > 0) throw failures[0]
}
