import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll } from 'vitest'
import type { LocalStack } from '../../bin/local-stack.ts'
import type { CliIo } from '../../lib/cli/cli-io.ts'
import { runCli } from '../../lib/cli/run-cli.ts'
import { type EmbeddedDynamo, startDynalite } from './dynalite.ts'
import { stackApi, useLocalStacks } from './local-stack-harness.ts'

export const token = 'cli-test-token-0123456789abcdef'

/** A stream that keeps what was written, as the CLI's stdout or stderr. */
export class Collected extends Writable {
  #chunks: string[] = []
  readonly isTTY: boolean
  constructor(isTTY = false) {
    super()
    this.isTTY = isTTY
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.#chunks.push(String(chunk))
    done()
  }
  get text(): string {
    return this.#chunks.join('')
  }
}

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Sites and temporary folders a test started, closed and removed after it even when it fails. */
const stacks = useLocalStacks()

/**
 * The test file's store: one dynalite in this thread, started with the first site, a table per site.
 * A store thread per site, as `npm start` runs it, cost about 0.45 s of CPU each (loading dynalite
 * into a new thread), for 50 sites in the CLI suites; tests/bin tests the store thread itself.
 */
let store: Promise<EmbeddedDynamo> | undefined

afterAll(async () => {
  await (await store)?.close()
  store = undefined
})

/** `AWS_ENDPOINT_URL_DYNAMODB` and `TABLE_NAME` of a fresh table in the test file's store. */
async function freshTable(): Promise<Record<string, string>> {
  store ??= startDynalite()
  const dynamo = await store
  return { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: await dynamo.createTable() }
}

/**
 * The whole product on a free port, with an empty store (no sample article): a fresh table in the
 * test file's dynalite, unless `env` names a store (`AWS_ENDPOINT_URL_DYNAMODB`, `DATA_DIR`).
 */
export async function startSite(env: Record<string, string> = {}): Promise<LocalStack> {
  const ownStore = 'AWS_ENDPOINT_URL_DYNAMODB' in env || 'DATA_DIR' in env
  return stacks.start(
    { PUBLISH_TOKEN: token, ...(ownStore ? {} : await freshTable()), ...env },
    { seed: false },
  )
}

export function stopSite(site: LocalStack): Promise<void> {
  return stacks.stop(site)
}

export function tempFolder(): Promise<string> {
  return stacks.dataDir('newsfeed-cli-')
}

/** A temporary folder (removed after the test) holding the file `name` with `text`. */
export async function folderWith(name: string, text: string): Promise<string> {
  const folder = await tempFolder()
  await writeFile(join(folder, name), text)
  return folder
}

/** Runs the CLI in this process, as `bin/newsfeed.ts` would, with its own streams and environment. */
export async function newsfeed(
  args: readonly string[],
  options: Partial<Omit<CliIo, 'stdout' | 'stderr'>> & { readonly stderrIsTTY?: boolean } = {},
): Promise<CliRun> {
  const stdout = new Collected()
  const stderr = new Collected(options.stderrIsTTY ?? false)
  const code = await runCli(args, {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? tmpdir(),
    // Retries wait for real only where a test says so: recorded, not slept.
    sleep: options.sleep ?? (async () => {}),
    ...(options.signal && { signal: options.signal }),
    ...(options.fetch && { fetch: options.fetch }),
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** `--url` and `--token` of `site`. */
export function target(site: LocalStack): string[] {
  return ['--url', site.url, '--token', token]
}

export interface StoredArticle {
  id: string
  slug: string
  url: string
  title: string
  summary: string
  content: string
  contentFormat: string
  contentHtml: string
  authors: { name: string; url?: string }[]
  categories: { slug: string; name: string }[]
  image?: { url: string; alt: string; type?: string; length?: number }
  attachments?: { url: string; type: string; length?: number; duration?: number; title?: string }[]
  language?: string
  status: string
  publishedAt?: string
  createdAt: string
  updatedAt: string
  version: number
}

/** What a restore must reproduce of each article; the site assigns the rest (url, createdAt, version…). */
export function restorable(a: StoredArticle) {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    content: a.content,
    contentFormat: a.contentFormat,
    authors: a.authors,
    categories: a.categories,
    image: a.image,
    attachments: a.attachments,
    language: a.language,
    status: a.status,
    publishedAt: a.publishedAt,
  }
}

/** Every article on `site`, through the publish API's list. */
export async function storedArticles(site: LocalStack): Promise<StoredArticle[]> {
  const all: StoredArticle[] = []
  let cursor: string | undefined
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor !== undefined && { cursor }) })
    const res = await fetch(`${site.url}/api/articles?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    if (res.status !== 200) throw new Error(`list answered ${res.status}`)
    const page = (await res.json()) as { items: StoredArticle[]; nextCursor?: string }
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return all
}

/** Sends one request to the publish API of `site` with its token; `body` is sent as JSON. */
export const api = stackApi
