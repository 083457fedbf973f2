/**
 * Runs `work` over `items` with at most `concurrency` at a time, in order of start. The first error
 * thrown stops new starts; the ones under way finish, then it is rethrown. `stop()` returning true
 * (Ctrl-C) also stops new starts, without an error.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  async function worker(): Promise<void> {
    while (failure === undefined && !stop() && next < items.length) {
      const index = next++
      try {
        await work(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  if (failure !== undefined) throw failure.error
}
