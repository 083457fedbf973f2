import { SaxesParser } from 'saxes'
import { type LocalStack, startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'
import type { AppLogger } from '../../lib/http/app-deps.ts'
import { FeedCursors } from '../../lib/http/feed-cursors.ts'

export const siteUrl = 'https://news.example.com'
export const token = 'reliability-Token-0123456789abcdef'
/** The test stack's CURSOR_SECRET, so that a test can sign the feed cursors the site would issue. */
export const cursorSecret = 'reliability-cursor-secret-0123456789abcdef'

/** The `?before=` value the site issues for the store's `cursor` of a page of `category` (or the site). */
export function feedCursor(storeCursor: string, category?: string): string {
  return new FeedCursors(cursorSecret).sign(category, storeCursor)
}

export interface StackOptions {
  readonly env?: Readonly<Record<string, string>>
}

export interface TestStack extends LocalStack {
  /** Errors the apps logged: unexpected ones (each a 500) and background feed-state failures. */
  readonly loggedErrors: string[]
  /** Moves the apps' clock (real time plus an offset) forward. */
  advanceClock(ms: number): void
}

/**
 * The whole product on a free loopback port, configured as an operator would through the
 * environment, unseeded, with a known token and page size 100 unless `env` says otherwise.
 */
export async function startTestStack(options: StackOptions = {}): Promise<TestStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const config = readConfig({
    PORT: '0',
    SITE_URL: siteUrl,
    PUBLISH_TOKEN: token,
    CURSOR_SECRET: cursorSecret,
    FEED_PAGE_SIZE: '100',
    ...options.env,
  })
  const loggedErrors: string[] = []
  const logger: AppLogger = {
    request: () => {},
    error: (error, context) => {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
      loggedErrors.push(`${context.method} ${context.path}: ${detail}`)
    },
  }
  let offsetMs = 0
  const clock = () => new Date(Date.now() + offsetMs)
  const stack = await startLocalStack({ config, seed: false, logger, clock })
  return {
    ...stack,
    loggedErrors,
    advanceClock(ms) {
      offsetMs += ms
    },
  }
}

/** The stack's URL for a link the app built from `SITE_URL`. */
export function local(stack: LocalStack, link: string): string {
  const url = new URL(link, siteUrl)
  return `${stack.url}${url.pathname}${url.search}`
}

/** `fetch` to the publish API with the token and, when given, a JSON body. */
export function api(
  stack: LocalStack,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
}

export { prng } from './prng.ts'

export interface ApiArticle {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly content: string
  readonly status: string
  readonly version: number
  readonly publishedAt?: string
  readonly categories: readonly { readonly slug: string; readonly name: string }[]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks the parts of an article resource the suite relies on. */
export function asApiArticle(value: unknown): ApiArticle {
  if (
    !isRecord(value) ||
    typeof value.id !== 'string' ||
    typeof value.slug !== 'string' ||
    typeof value.title !== 'string' ||
    typeof value.content !== 'string' ||
    typeof value.status !== 'string' ||
    typeof value.version !== 'number' ||
    !Array.isArray(value.categories)
  ) {
    throw new Error(`not an article resource: ${JSON.stringify(value).slice(0, 300)}`)
  }
  const categories = value.categories.map((c: unknown) => {
    if (!isRecord(c) || typeof c.slug !== 'string' || typeof c.name !== 'string')
      throw new Error(`not a category: ${JSON.stringify(c)}`)
    return { slug: c.slug, name: c.name }
  })
  return {
    id: value.id,
    slug: value.slug,
    title: value.title,
    content: value.content,
    status: value.status,
    version: value.version,
    ...(typeof value.publishedAt === 'string' ? { publishedAt: value.publishedAt } : {}),
    categories,
  }
}

/** Every live article, through `GET /api/articles` paging (bounded). */
export async function listAllArticles(stack: LocalStack): Promise<ApiArticle[]> {
  const all: ApiArticle[] = []
  let cursor: string | undefined
  for (let page = 0; page < 1000; page++) {
    const query = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`
    const response = await api(stack, 'GET', `/api/articles?limit=100${query}`)
    if (response.status !== 200) throw new Error(`list answered ${response.status}: ${await response.text()}`)
    const body: unknown = await response.json()
    if (!isRecord(body) || !Array.isArray(body.items)) throw new Error('list body has no items')
    all.push(...body.items.map(asApiArticle))
    if (body.nextCursor === undefined) return all
    if (typeof body.nextCursor !== 'string') throw new Error('nextCursor is not a string')
    cursor = body.nextCursor
  }
  throw new Error('GET /api/articles never reached its last page')
}

export type FeedFormat = 'rss' | 'atom' | 'json'
export const feedFiles: Readonly<Record<FeedFormat, string>> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
}

export interface FeedPage {
  /** Item ids in document order. */
  readonly ids: string[]
  readonly next?: string
}

const atomNs = 'http://www.w3.org/2005/Atom'

/**
 * Parses one feed page strictly (saxes with namespaces for XML, `JSON.parse` for JSON Feed) and
 * returns its item ids and its next-page link. Throws on the first well-formedness error.
 */
export function parseFeedPage(format: FeedFormat, body: string): FeedPage {
  if (format === 'json') {
    const doc: unknown = JSON.parse(body)
    if (!isRecord(doc) || !Array.isArray(doc.items)) throw new Error('JSON Feed without items')
    const ids = doc.items.map((item: unknown) => {
      if (!isRecord(item) || typeof item.id !== 'string') throw new Error('JSON Feed item without an id')
      return item.id
    })
    if (doc.next_url !== undefined && typeof doc.next_url !== 'string')
      throw new Error('next_url is not a string')
    return typeof doc.next_url === 'string' ? { ids, next: doc.next_url } : { ids }
  }
  const parser = new SaxesParser({ xmlns: true })
  const path: string[] = []
  const ids: string[] = []
  let next: string | undefined
  let text = ''
  const itemName = format === 'rss' ? 'item' : 'entry'
  const idName = format === 'rss' ? 'guid' : 'id'
  parser.on('error', (error) => {
    throw error
  })
  parser.on('opentag', (tag) => {
    path.push(tag.local)
    text = ''
    const inChannel = format === 'rss' ? path.length === 3 && path[1] === 'channel' : path.length === 2
    if (tag.local === 'link' && tag.uri === atomNs && inChannel && tag.attributes.rel?.value === 'next') {
      next = tag.attributes.href?.value
    }
  })
  parser.on('text', (t) => {
    text += t
  })
  parser.on('cdata', (t) => {
    text += t
  })
  parser.on('closetag', (tag) => {
    if (tag.local === idName && path.at(-2) === itemName) ids.push(text.trim())
    path.pop()
  })
  parser.write(body).close()
  return next === undefined ? { ids } : { ids, next }
}

export interface WalkedFeed {
  readonly ids: string[]
  readonly pages: number
}

/** Fetches `path` and follows its next links to the end (at most `maxPages`), parsing each page strictly. */
export async function walkFeed(
  stack: LocalStack,
  format: FeedFormat,
  path: string,
  maxPages = 100,
): Promise<WalkedFeed> {
  const ids: string[] = []
  let url: string | undefined = `${stack.url}${path}`
  for (let pages = 1; pages <= maxPages; pages++) {
    const response: Response = await fetch(url)
    const body = await response.text()
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`)
    let page: FeedPage
    try {
      page = parseFeedPage(format, body)
    } catch (error) {
      throw new Error(`${url} is not well-formed: ${error instanceof Error ? error.message : String(error)}`)
    }
    ids.push(...page.ids)
    if (page.next === undefined) return { ids, pages }
    url = local(stack, page.next)
  }
  throw new Error(`${path} had more than ${maxPages} pages`)
}

/** Runs `task` over `items` with at most `concurrency` at a time, results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let nextIndex = 0
  const worker = async () => {
    for (;;) {
      const index = nextIndex++
      if (index >= items.length) return
      results[index] = await task(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}
