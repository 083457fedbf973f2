import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'

/*
 * `npm run smoke -- --url https://… [--token …] [--hub URL [--hub-port N]]`: what an operator checks
 * right after `cdk deploy`, through CloudFront as readers and publishers reach it. Every check
 * prints one line; the exit code is 1 when any failed. See docs/deploy.md.
 */

export interface SmokeOptions {
  /** The site (the stack's SiteUrl output). */
  readonly url: string
  /** A publish token: the draft round trip, and the scheduled article. */
  readonly token?: string
  /** A hub the stack pings (its `websubHubs`): the scheduled article must be announced to it. */
  readonly hub?: string
  /** Run that hub here, on this port (the operator makes `hub` reach it); without it the hub is only named. */
  readonly hubPort?: number
  readonly hubHost?: string
  /** How far ahead the scheduled article is published (default 60 s). */
  readonly leadSeconds?: number
  /** How long after its due time to wait for the announcement (default 3 min). */
  readonly announceTimeoutMs?: number
  readonly fetch?: typeof fetch
}

export interface SmokeResult {
  readonly check: string
  readonly ok: boolean
  readonly detail: string
}

const feeds = [
  {
    path: '/rss.xml',
    type: 'application/rss+xml',
    parse: (text: string) => parseRssFeed(text).items?.length,
  },
  {
    path: '/atom.xml',
    type: 'application/atom+xml',
    parse: (text: string) => parseAtomFeed(text).entries?.length,
  },
  {
    path: '/feed.json',
    type: 'application/feed+json',
    parse: (text: string) => parseJsonFeed(JSON.parse(text)).items?.length,
  },
] as const

/** Reads at most this much of any answer: the site is checked, not trusted. */
const maxBodyBytes = 10 * 1024 * 1024

async function readText(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length'))
  if (length > maxBodyBytes) {
    await response.body?.cancel()
    throw new Error(`the answer is ${length} bytes, over ${maxBodyBytes}`)
  }
  const text = await response.text()
  if (text.length > maxBodyBytes) throw new Error(`the answer is over ${maxBodyBytes} bytes`)
  return text
}

/** A hub that records the publish pings it gets (`hub.mode=publish`, `hub.url`…), answering 204. */
async function runHub(port: number, host: string): Promise<{ server: Server; pings: string[][] }> {
  const pings: string[][] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      if (body.length < 1_000_000) body += chunk
    })
    request.on('end', () => {
      const form = new URLSearchParams(body)
      if (request.method === 'POST' && form.get('hub.mode') === 'publish') {
        pings.push([...form.getAll('hub.url'), ...form.getAll('hub.topic')])
        response.writeHead(204).end()
        return
      }
      response.writeHead(400).end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return { server, pings }
}

/** Runs every check `options` allows; `report` gets each result as it is known. */
export async function runSmoke(
  options: SmokeOptions,
  report: (result: SmokeResult) => void = () => {},
): Promise<SmokeResult[]> {
  const http = options.fetch ?? fetch
  const site = options.url.replace(/\/+$/, '')
  const results: SmokeResult[] = []
  const record = (check: string, ok: boolean, detail: string) => {
    const result = { check, ok, detail }
    results.push(result)
    report(result)
    return ok
  }
  const attempt = async (check: string, run: () => Promise<string>): Promise<boolean> => {
    try {
      return record(check, true, await run())
    } catch (error) {
      return record(check, false, error instanceof Error ? error.message : String(error))
    }
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    http(`${site}${path}`, { headers, signal: AbortSignal.timeout(30_000) })
  const api = (method: string, path: string, body?: unknown) =>
    http(`${site}/api${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.token ?? ''}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    })
  const expectStatus = async (response: Response, status: number, what: string) => {
    if (response.status !== status) {
      const text = (await readText(response)).slice(0, 300)
      throw new Error(`${what}: ${response.status} instead of ${status} ${text}`)
    }
  }

  for (const feed of feeds) {
    let validators: { etag: string; lastModified: string | null } | undefined
    await attempt(`feed ${feed.path}`, async () => {
      const response = await get(feed.path)
      await expectStatus(response, 200, feed.path)
      const type = response.headers.get('content-type') ?? ''
      if (!type.startsWith(feed.type)) throw new Error(`Content-Type ${type}, not ${feed.type}`)
      const items = feed.parse(await readText(response))
      const etag = response.headers.get('etag')
      if (!etag) throw new Error('no ETag')
      validators = { etag, lastModified: response.headers.get('last-modified') }
      return `200 ${type}, parsed, ${items ?? 0} items`
    })
    if (validators === undefined) continue
    const { etag, lastModified } = validators
    await attempt(`304 ${feed.path}`, async () => {
      const byTag = await get(feed.path, { 'If-None-Match': etag })
      const body = await readText(byTag)
      if (byTag.status !== 304 || body !== '')
        throw new Error(`If-None-Match: ${byTag.status}, ${body.length} bytes`)
      if (lastModified === null) return 'If-None-Match: 304, no body'
      const byDate = await get(feed.path, { 'If-Modified-Since': lastModified })
      await byDate.body?.cancel()
      if (byDate.status !== 304) throw new Error(`If-Modified-Since: ${byDate.status}`)
      return 'If-None-Match and If-Modified-Since: 304, no body'
    })
  }

  if (options.token === undefined) {
    record('publish', true, 'skipped: no --token')
    return results
  }
  const draftSlug = `smoke-draft-${randomUUID().slice(0, 8)}`
  await attempt('draft round trip', async () => {
    const created = await api('POST', '/articles', {
      slug: draftSlug,
      title: 'Smoke test draft',
      content: '<p>A draft the smoke test writes and deletes at once.</p>',
      status: 'draft',
    })
    await expectStatus(created, 201, 'POST /api/articles')
    await created.body?.cancel()
    try {
      const read = await api('GET', `/articles/${draftSlug}`)
      await expectStatus(read, 200, 'GET the draft')
      await read.body?.cancel()
      const page = await get(`/articles/${draftSlug}`, { Accept: 'application/json' })
      await page.body?.cancel()
      if (page.status !== 404) throw new Error(`the draft's permalink answers ${page.status}, not 404`)
    } finally {
      const deleted = await api('DELETE', `/articles/${draftSlug}`)
      await expectStatus(deleted, 204, 'DELETE the draft')
    }
    const gone = await api('GET', `/articles/${draftSlug}`)
    await gone.body?.cancel()
    if (gone.status !== 404 && gone.status !== 410) {
      throw new Error(`the deleted draft answers ${gone.status}, not 404 or 410`)
    }
    return `created, read, invisible to readers, deleted (${draftSlug})`
  })

  if (options.hub === undefined) {
    record('announcement', true, 'skipped: no --hub')
    return results
  }
  const hubUrl = options.hub
  // The topic hubs hear of: the feed's own URL as the site states it (rel="self"), not the one typed here.
  let topic = `${site}/atom.xml`
  await attempt('hub advertised', async () => {
    const atom = parseAtomFeed(await readText(await get('/atom.xml')))
    const links = atom.links ?? []
    const hubs = links.filter((link) => link.rel === 'hub').map((link) => link.href)
    topic = links.find((link) => link.rel === 'self')?.href ?? topic
    if (!hubs.includes(hubUrl)) {
      throw new Error(`the feeds name ${hubs.join(', ') || 'no hub'}, not ${hubUrl}`)
    }
    return `the feeds name ${hubUrl}`
  })
  const hub =
    options.hubPort !== undefined ? await runHub(options.hubPort, options.hubHost ?? '0.0.0.0') : undefined
  const slug = `smoke-scheduled-${randomUUID().slice(0, 8)}`
  try {
    await attempt('scheduled article announced', async () => {
      const dueMs = Date.now() + (options.leadSeconds ?? 60) * 1000
      const created = await api('POST', '/articles', {
        slug,
        title: 'Smoke test: a scheduled article',
        content: '<p>Published by the smoke test a minute ahead, announced, then deleted.</p>',
        status: 'published',
        publishedAt: new Date(dueMs).toISOString(),
      })
      await expectStatus(created, 201, 'POST the scheduled article')
      const { id } = (await created.json()) as { id?: unknown }
      const deadline = dueMs + (options.announceTimeoutMs ?? 180_000)
      let pingedAt: number | undefined
      let listed = false
      while (Date.now() < deadline && (!listed || (hub !== undefined && pingedAt === undefined))) {
        await new Promise((resolve) => setTimeout(resolve, 1000))
        if (hub !== undefined && pingedAt === undefined && hub.pings.some((urls) => urls.includes(topic))) {
          pingedAt = Date.now()
          if (pingedAt < dueMs) throw new Error('the hub was pinged before the article was due')
        }
        if (!listed && Date.now() >= dueMs) {
          const items = parseJsonFeed(JSON.parse(await readText(await get('/feed.json')))).items ?? []
          listed = items.some((item) => item.id === id)
        }
      }
      if (!listed) throw new Error('the article is not in /feed.json after its due time')
      if (hub === undefined)
        return `in /feed.json after its due time (the hub was named, not run: its ping is not seen here)`
      if (pingedAt === undefined) throw new Error(`no ping naming ${topic} reached the hub`)
      return `pinged ${Math.round((pingedAt - dueMs) / 1000)} s after its due time, and in /feed.json`
    })
  } finally {
    const deleted = await api('DELETE', `/articles/${slug}`)
    await deleted.body?.cancel()
    if (hub !== undefined) await new Promise<void>((resolve) => hub.server.close(() => resolve()))
  }
  return results
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      hub: { type: 'string' },
      'hub-port': { type: 'string' },
      'hub-host': { type: 'string' },
      'lead-seconds': { type: 'string' },
    },
  })
  const url = values.url ?? process.env.NEWSFEED_URL
  if (url === undefined || !/^https?:\/\//.test(url)) {
    process.stderr.write(
      'usage: npm run smoke -- --url https://… [--token …] [--hub URL [--hub-port N] [--hub-host H]] [--lead-seconds 60]\n',
    )
    return 2
  }
  const token = values.token ?? process.env.NEWSFEED_TOKEN
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text))
  const hubPort = number(values['hub-port'])
  const leadSeconds = number(values['lead-seconds'])
  const results = await runSmoke(
    {
      url,
      ...(token ? { token } : {}),
      ...(values.hub ? { hub: values.hub } : {}),
      ...(hubPort !== undefined && Number.isInteger(hubPort) ? { hubPort } : {}),
      ...(values['hub-host'] ? { hubHost: values['hub-host'] } : {}),
      ...(leadSeconds !== undefined && leadSeconds > 0 ? { leadSeconds } : {}),
    },
    (r) => process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check}: ${r.detail}\n`),
  )
  return results.every((r) => r.ok) ? 0 : 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    },
  )
}
