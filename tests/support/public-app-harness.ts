import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterEach, expect } from 'vitest'
import { meterCapacity } from '../../bench/capacity-meter.ts'
import type { Article, Tombstone } from '../../lib/articles/article.ts'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { createArticle } from '../../lib/articles/create-article.ts'
import { deleteArticle } from '../../lib/articles/delete-article.ts'
import { replaceArticle } from '../../lib/articles/replace-article.ts'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import type { Site } from '../../lib/site.ts'
import { createDynamoArticleStore, type DynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { type EmbeddedDynamo, localClient, useDynalite } from './dynalite.ts'
import { childNamed, childrenNamed, parseXml, type XmlElement } from './parse-xml.ts'

export const site: Site = {
  url: 'https://news.example.com',
  title: 'Example News',
  description: 'Independent reporting from around the world',
  language: 'en-GB',
  author: 'Example News Desk',
}

export type PublicApp = ReturnType<typeof createPublicApp>
type PublicAppDeps = Parameters<typeof createPublicApp>[0]

/** The key the harness's apps sign page cursors with. */
export const cursorKey = 'test-cursor-key-of-at-least-32-characters'

/**
 * What the store did, told twice by SDK middleware on its client: the consumed capacity DynamoDB
 * reported for each answer (`meterCapacity`, as the bench meters), and every command sent.
 */
export class OperationLog {
  readonly capacity: { operation: string; units: number }[] = []
  readonly sent: string[] = []

  clear(): void {
    this.capacity.length = 0
    this.sent.length = 0
  }

  /** Operation names of the capacity reports, sorted. */
  operations(): string[] {
    return this.capacity.map((c) => c.operation).sort()
  }

  count(operation: string): number {
    return this.capacity.filter((c) => c.operation === operation).length
  }

  units(): number {
    return this.capacity.reduce((sum, c) => sum + c.units, 0)
  }

  summary(): string {
    const counts = new Map<string, number>()
    for (const { operation } of this.capacity) counts.set(operation, (counts.get(operation) ?? 0) + 1)
    const ops = [...counts].map(([name, n]) => `${n} ${name}`).join(' + ') || 'nothing'
    return `${ops} = ${this.units()} RCU`
  }
}

export interface Harness {
  readonly store: DynamoArticleStore
  readonly tableName: string
  /** The store's DynamoDB client, for tests that lay out items directly. */
  readonly client: DynamoDBClient
  readonly log: OperationLog
  /** The app every test talks to; `newApp()` gives a cold one on the same table and clock. */
  readonly app: PublicApp
  /** A cold app on the same table and clock; `changes` replace the harness's settings (site, logger, hubs…). */
  newApp(changes?: Partial<PublicAppDeps>): PublicApp
  now(): Date
  setNow(iso: string): void
  advanceSeconds(seconds: number): void
  /** Creates an article through the real use case, as the publish API would. */
  publish(fields?: Record<string, unknown>): Promise<Article>
  /** Replaces the article at `slug` with `fields` (taken as they are), as a PUT would. */
  replace(slug: string, fields: Record<string, unknown>): Promise<Article>
  remove(slug: string): Promise<Tombstone>
  get(path: string, headers?: Record<string, string>, method?: 'GET' | 'HEAD'): Promise<Response>
  close(): void
}

export interface HarnessOptions {
  readonly start?: string
  readonly feedPageSize?: number
  /** A client of your own (short timeouts, no retries); by default one on `dynamo.endpoint`. */
  readonly client?: DynamoDBClient
  /** `WEBSUB_HUBS`: the hubs the feeds name; none by default. */
  readonly websubHubs?: readonly string[]
}

/** A fresh table, a store whose consumed capacity is metered, a fixed clock and a public app. */
export async function createHarness(dynamo: EmbeddedDynamo, options: HarnessOptions = {}): Promise<Harness> {
  const tableName = await dynamo.createTable()
  const client = options.client ?? localClient(dynamo.endpoint)
  const log = new OperationLog()
  client.middlewareStack.add(
    (next, context) => async (args) => {
      log.sent.push(String(context.commandName).replace(/Command$/, ''))
      return next(args)
    },
    { step: 'initialize', name: 'recordCommandNames' },
  )
  const unmeter = meterCapacity(client, ({ operation, table, units }) => {
    if (table === tableName) log.capacity.push({ operation, units })
  })
  const store = createDynamoArticleStore({
    client,
    tableName,
    onBackgroundError: (error) => {
      throw error
    },
  })
  let now = new Date(options.start ?? '2025-03-12T12:00:00Z')
  const clock = () => now
  const feedPageSize = options.feedPageSize ?? 10
  const hubs = options.websubHubs !== undefined ? { websubHubs: options.websubHubs } : {}
  const newApp = (changes: Partial<PublicAppDeps> = {}) =>
    createPublicApp({ store, clock, site, feedPageSize, cursorKey, ...hubs, ...changes })
  const app = newApp()
  return {
    store,
    tableName,
    client,
    log,
    app,
    newApp,
    now: clock,
    setNow(iso) {
      now = new Date(iso)
    },
    advanceSeconds(seconds) {
      now = new Date(now.getTime() + seconds * 1000)
    },
    publish: (fields = {}) => createArticle(parseArticleInput(articleFields(fields)), { store, clock, site }),
    replace: async (slug, fields) =>
      (await replaceArticle(slug, parseArticleInput(fields), {}, { store, clock, site })).article,
    remove: (slug) => deleteArticle(slug, {}, { store, clock, site }),
    get: async (path, headers = {}, method = 'GET') => app.request(path, { method, headers }),
    close() {
      unmeter()
      if (!options.client) client.destroy()
    },
  }
}

/**
 * The hooks every public-app suite needs: one dynalite for the file, and each test's harness closed
 * after it. Call at the top of a test file; the function it returns gives a test a fresh harness.
 */
export function useHarness(): (options?: HarnessOptions) => Promise<Harness> {
  const dynamo = useDynalite()
  const open: Harness[] = []
  afterEach(() => {
    for (const harness of open.splice(0)) harness.close()
  })
  return async (options) => {
    const harness = await createHarness(dynamo(), options)
    open.push(harness)
    return harness
  }
}

let counter = 0

/** Publisher input (before `parseArticleInput`): a published article in World, due at the clock. */
export function articleFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1
  return {
    title: `Dispatch number ${counter}`,
    content: `<p>Report ${counter} from the <a href="/desk">desk</a>.</p>`,
    status: 'published',
    categories: ['World'],
    ...overrides,
  }
}

export const uuidUrn = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** What a test needs from one page of a feed, in any format. */
export interface FeedView {
  readonly ids: string[]
  readonly links: string[]
  /** Epoch ms of each item's publication date. */
  readonly published: number[]
  /** Category names of each item. */
  readonly categories: string[][]
  readonly next?: string
}

const atomNs = 'http://www.w3.org/2005/Atom'

function atomLink(parent: XmlElement, rel: string): string | undefined {
  const links = parent.children.filter(
    (child) => child.uri === atomNs && child.local === 'link' && child.attributes.rel === rel,
  )
  expect(links.length).toBeLessThanOrEqual(1)
  return links[0]?.attributes.href
}

export function readRss(body: string): FeedView {
  const rss = parseXml(body)
  expect(rss.name).toBe('rss')
  const channel = childNamed(rss, 'channel')
  const items = childrenNamed(channel, 'item')
  const next = atomLink(channel, 'next')
  return {
    ids: items.map((item) => {
      const guid = childNamed(item, 'guid')
      expect(guid.attributes.isPermaLink).toBe('false')
      return guid.text
    }),
    links: items.map((item) => childNamed(item, 'link').text),
    published: items.map((item) => Date.parse(childNamed(item, 'pubDate').text)),
    categories: items.map((item) => childrenNamed(item, 'category').map((c) => c.text)),
    ...(next !== undefined ? { next } : {}),
  }
}

export function readAtom(body: string): FeedView {
  const feed = parseXml(body)
  expect(feed.uri).toBe(atomNs)
  expect(feed.local).toBe('feed')
  const entries = childrenNamed(feed, 'entry')
  const next = atomLink(feed, 'next')
  return {
    ids: entries.map((entry) => childNamed(entry, 'id').text),
    links: entries.map((entry) => atomLink(entry, 'alternate') ?? ''),
    published: entries.map((entry) => Date.parse(childNamed(entry, 'published').text)),
    categories: entries.map((entry) => childrenNamed(entry, 'category').map((c) => c.attributes.label ?? '')),
    ...(next !== undefined ? { next } : {}),
  }
}

interface JsonFeedItem {
  id: string
  url: string
  date_published: string
  tags?: string[]
}

export function readJsonFeed(body: string): FeedView {
  const feed = JSON.parse(body) as { version: string; items: JsonFeedItem[]; next_url?: string }
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
  return {
    ids: feed.items.map((item) => item.id),
    links: feed.items.map((item) => item.url),
    published: feed.items.map((item) => Date.parse(item.date_published)),
    categories: feed.items.map((item) => item.tags ?? []),
    ...(feed.next_url !== undefined ? { next: feed.next_url } : {}),
  }
}

export const feedFormats = [
  { file: 'rss.xml', read: readRss, contentType: 'application/rss+xml; charset=utf-8' },
  { file: 'atom.xml', read: readAtom, contentType: 'application/atom+xml; charset=utf-8' },
  { file: 'feed.json', read: readJsonFeed, contentType: 'application/feed+json; charset=utf-8' },
] as const

export type FeedFormat = (typeof feedFormats)[number]

/** GETs `path`, then every `next` link, until the last page; each link must be absolute on the site. */
export async function walkFeed(app: PublicApp, path: string, read: (body: string) => FeedView) {
  const pages: FeedView[] = []
  let url: string | undefined = path
  while (url !== undefined) {
    if (pages.length > 50) throw new Error(`${path}: more than 50 pages, the next links loop`)
    const res = await app.request(url)
    expect(res.status, url).toBe(200)
    const page = read(await res.text())
    if (page.next !== undefined) expect(page.next.startsWith(`${site.url}${path}?before=`)).toBe(true)
    pages.push(page)
    url = page.next
  }
  return pages
}

/** The feed's first page in one format. */
export async function readFeed(app: PublicApp, path: string, format: FeedFormat): Promise<FeedView> {
  const res = await app.request(path)
  expect(res.status, path).toBe(200)
  return format.read(await res.text())
}

/** Asserts an RFC 9457 problem response with `status`, and returns its document. */
export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const body = (await res.json()) as Record<string, unknown>
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) })
  expect(JSON.stringify(body)).not.toMatch(/ at .+\.ts:\d+|stack/i)
  return body
}

/** `Cache-Control` as a map of directive to its number (or `true` for one without a value). */
export function cacheDirectives(header: string | null): Map<string, number | true> {
  const directives = new Map<string, number | true>()
  for (const part of (header ?? '').split(',')) {
    const [name = '', value] = part.trim().split('=')
    if (name !== '') directives.set(name.toLowerCase(), value === undefined ? true : Number(value))
  }
  return directives
}
