import { LRUCache } from 'lru-cache'

export interface SignInLimits {
  /** Failed attempts one client may make per window. */
  readonly perClient: number
  /** Failed attempts all clients together may make per window, on this instance. */
  readonly total: number
  readonly windowMs: number
  /** Clients remembered at once (bounded memory: the oldest are forgotten first). */
  readonly maxClients: number
}

export const defaultSignInLimits: SignInLimits = {
  perClient: 10,
  total: 100,
  windowMs: 60_000,
  maxClients: 10_000,
}

/**
 * Counts failed sign-ins per client and in total, per fixed window, on this instance. The client key
 * comes from a header a client can forge, so the total is the bound that holds regardless; tokens
 * are 256-bit random, so the limit guards the store's bill and the logs, not the tokens.
 */
export function createSignInLimiter(limits: SignInLimits = defaultSignInLimits) {
  const clients = new LRUCache<string, { windowStart: number; failures: number }>({ max: limits.maxClients })
  let total: { windowStart: number; failures: number } | undefined
  const current = (entry: { windowStart: number; failures: number } | undefined, nowMs: number) =>
    entry && nowMs - entry.windowStart < limits.windowMs ? entry : { windowStart: nowMs, failures: 0 }
  return {
    /** Seconds to wait when this client (or everyone) is over the limit, else 0. */
    retryAfter(client: string, nowMs: number): number {
      const mine = current(clients.get(client), nowMs)
      total = current(total, nowMs)
      const blocked =
        mine.failures >= limits.perClient ? mine : total.failures >= limits.total ? total : undefined
      return blocked ? Math.max(1, Math.ceil((blocked.windowStart + limits.windowMs - nowMs) / 1000)) : 0
    },
    fail(client: string, nowMs: number): void {
      const mine = current(clients.get(client), nowMs)
      clients.set(client, { windowStart: mine.windowStart, failures: mine.failures + 1 })
      total = current(total, nowMs)
      total = { windowStart: total.windowStart, failures: total.failures + 1 }
    },
    /** How many clients are remembered now (the cap holds). */
    get size(): number {
      return clients.size
    },
  }
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>
