/**
 * What a hosted reader says about itself in its `User-Agent`: Feedly, Inoreader, NewsBlur, Feedbin,
 * The Old Reader, BazQux and others put `N subscribers` (Dreamwidth: `N readers`) in it, some with
 * the id of their subscription (`feed-id:…`). Sources of each shape: tests/fixtures/subscribers.
 */
export interface AggregatorReport {
  /** The reader service, e.g. `Feedly`. */
  readonly aggregator: string
  readonly subscribers: number
  /** The service's own id of this subscription, when it gives one: two ids are two subscriptions. */
  readonly feedId?: string
}

/** Longer agents are cut here before anything looks at them: every pattern below runs on at most this. */
export const maxAgentLength = 512
/** A figure above this is not believed (nine digits). */
const maxSubscribers = 999_999_999

// Each regex is linear: no nested or adjacent unbounded quantifiers, and the input is capped first.
const countPattern = /(?:^|[^\d])(\d{1,9}) (?:subscribers?|readers?)(?![a-z])/i
const feedIdPatterns: readonly RegExp[] = [/feed-?id[:=] ?([\w-]{1,64})/i, /newsblur\.com\/site\/(\d{1,20})/i]
const productPattern = /^([A-Za-z][A-Za-z0-9._-]{0,39})/
const compatiblePattern = /\(compatible; ?([A-Za-z][A-Za-z0-9._-]{0,39})/

/** Services whose name is not the agent's first word; matched on the lower-cased agent. */
const knownServices: readonly (readonly [string, string])[] = [
  ['feedly', 'Feedly'],
  ['inoreader', 'Inoreader'],
  ['newsblur', 'NewsBlur'],
  ['feedbin', 'Feedbin'],
  ['theoldreader', 'The Old Reader'],
  ['bazqux', 'BazQux'],
  ['dreamwidth', 'Dreamwidth'],
  ['newsgator', 'NewsGator'],
  ['netvibes', 'Netvibes'],
  ['feedhq', 'FeedHQ'],
  ['feedspot', 'Feedspot'],
  ['feedwrangler', 'Feed Wrangler'],
  ['bloglovin', 'Bloglovin'],
  ['tt-rss', 'Tiny Tiny RSS'],
]

/** The report in `agent`, or undefined when it states no subscriber figure. */
export function parseAggregatorAgent(agent: string | undefined): AggregatorReport | undefined {
  if (agent === undefined || agent === '') return undefined
  const text = agent.length > maxAgentLength ? agent.slice(0, maxAgentLength) : agent
  const count = countPattern.exec(text)?.[1]
  if (count === undefined) return undefined
  const subscribers = Number(count)
  if (!Number.isSafeInteger(subscribers) || subscribers > maxSubscribers) return undefined
  const aggregator = serviceName(text)
  if (aggregator === undefined) return undefined
  let feedId: string | undefined
  for (const pattern of feedIdPatterns) {
    feedId = pattern.exec(text)?.[1]
    if (feedId !== undefined) break
  }
  return { aggregator, subscribers, ...(feedId !== undefined && { feedId }) }
}

function serviceName(text: string): string | undefined {
  const lower = text.toLowerCase()
  for (const [needle, name] of knownServices) if (lower.includes(needle)) return name
  const product = productPattern.exec(text)?.[1]
  if (product !== undefined && product.toLowerCase() !== 'mozilla') return product
  return compatiblePattern.exec(text)?.[1]
}
