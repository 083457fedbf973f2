import type { FeedState, ScopeQuery } from '../articles/public-reads.ts'
import { categorySlots } from './table-definition.ts'

/*
 * The read hint: which category slots a category has held, for that category only, kept in its feed
 * state (`feed-states.ts`). It rides along on the `FeedState` this store reads, out of sight of the
 * domain's type, and comes back with the scope's queries (`ScopeQuery.state`) so that the store
 * reads fewer indexes. The store trusts no hint it cannot read or that names another category, and
 * then reads every slot (correct, only dearer).
 */

/** A feed state as this store reads it: with its read hint, when the scope is a category that has one. */
export interface HintedFeedState extends FeedState {
  readonly readHint?: string
}

/** A scope's query as the store's reads take it: the read hint in place of the feed state it came with. */
export type Hinted<Q extends ScopeQuery> = Omit<Q, 'state'> & { readonly readHint?: string }

/** The read hint `state` carries, if it is a feed state this store read and it has one. */
export function readHintOf(state: FeedState | undefined): string | undefined {
  return state !== undefined && 'readHint' in state && typeof state.readHint === 'string'
    ? state.readHint
    : undefined
}

/** `query` with the read hint of its feed state, the state itself left behind. */
export function withReadHint<Q extends ScopeQuery>(query: Q): Hinted<Q> {
  const { state, ...rest } = query
  const readHint = readHintOf(state)
  return readHint === undefined ? rest : { ...rest, readHint }
}

/** The hint for `category` that names `slots`. */
export function slotHint(category: string, slots: readonly number[]): string {
  return `${[...slots].sort((a, b) => a - b).join('.')}@${category}`
}

/** The category slots to read for `category`: those its read hint names, or all of them. */
export function slotsToRead(category: string, hint: string | undefined): number[] {
  const all = categorySlots.map((_, slot) => slot)
  const at = hint?.indexOf('@') ?? -1
  if (hint === undefined || at < 0 || hint.slice(at + 1) !== category) return all
  const named = hint.slice(0, at).split('.')
  if (!named.every((slot) => /^\d+$/.test(slot) && Number(slot) < all.length)) return all
  return all.filter((slot) => named.includes(String(slot)))
}
