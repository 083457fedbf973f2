import { readdirSync, readFileSync } from 'node:fs'

/** CPU seconds (user + system) of each thread of this process, and of its reaped children, from `/proc`. */
export interface ThreadCpu {
  readonly threads: ReadonlyMap<string, number>
  readonly children: number
}

/** Clock ticks a second of `/proc` times (`getconf CLK_TCK`: 100 on Linux). */
const ticks = 100

/** Reads `/proc/self`: undefined where there is no `/proc` (not Linux). */
export function readThreadCpu(): ThreadCpu | undefined {
  try {
    const threads = new Map<string, number>()
    for (const tid of readdirSync('/proc/self/task')) {
      const fields = statFields(`/proc/self/task/${tid}/stat`)
      if (fields !== undefined) threads.set(tid, (Number(fields[11]) + Number(fields[12])) / ticks)
    }
    const self = statFields('/proc/self/stat')
    const children = self === undefined ? 0 : (Number(self[13]) + Number(self[14])) / ticks
    return { threads, children }
  } catch {
    return undefined
  }
}

/** The fields after the command name (`pid (comm) state ...`): index 0 is the state, 11 utime, 12 stime. */
function statFields(path: string): string[] | undefined {
  try {
    const text = readFileSync(path, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined // a thread that ended between the listing and the read
  }
}

/**
 * CPU milliseconds an item per part of the local stack between two readings: the main thread (the
 * apps and the SDK), the busiest thread started after `startedBefore` was read (the store's), the
 * other threads (V8's helpers: GC, compiling; libuv's pool) and the reaped children (`newsfeed import`).
 */
export function cpuPerItem(
  startedBefore: ThreadCpu,
  before: ThreadCpu,
  after: ThreadCpu,
  items: number,
): { apps: number; store: number; helpers: number; client: number; total: number } {
  const main = String(process.pid)
  let apps = 0
  let store = 0
  let helpers = 0
  for (const [tid, seconds] of after.threads) {
    const used = seconds - (before.threads.get(tid) ?? 0)
    if (tid === main) apps += used
    else if (!startedBefore.threads.has(tid) && used > store) {
      helpers += store
      store = used
    } else helpers += used
  }
  const client = after.children - before.children
  const ms = (s: number) => Math.round((s * 1000 * 100) / items) / 100
  return {
    apps: ms(apps),
    store: ms(store),
    helpers: ms(helpers),
    client: ms(client),
    total: ms(apps + store + helpers + client),
  }
}
