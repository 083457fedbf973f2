import { Agent, request } from 'node:http'
import { gzipSync } from 'node:zlib'
import { type DefaultTreeAdapterTypes, parse } from 'parse5'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { propertyRuns } from '../support/property-runs.ts'
import { type RawResponse, readRawResponse } from '../support/raw-response.ts'
import {
  type FeedFormat,
  feedCursor,
  feedFiles,
  listAllArticles,
  mapConcurrent,
  prng,
  startTestStack,
  type TestStack,
  token,
  walkFeed,
} from '../support/reliability-support.ts'

/** Change the seed to explore; a failure prints the seed and the request so it reproduces. */
const seed = Number(process.env.HOSTILE_SEED ?? 0x5eed_2025)
const random = prng(seed)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
const chance = (p: number) => random() < p
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))

// ---------- generators ----------

const hostilePieces: readonly string[] = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ude00',
  '\ud83d\ude00',
  '\udbff\udfff',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u200b',
  '\u202e',
  '\u2028',
  '\u2029',
  'e\u0301',
  ']]>',
  '<![CDATA[',
  '&',
  '&amp;',
  '&#0;',
  '&#x1;',
  '&#xD800;',
  '&bogus;',
  '<',
  '>',
  '"',
  "'",
  '\\',
  '`',
  '<script>alert(1)</script>',
  '</script>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '&e;',
  'Ünïcödé',
  '中文标题',
  'العربية',
  '\t',
  '\n',
  '\r\n',
  ' ',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, sent as is
  '${7*7}',
  '%s%n%x',
  '__proto__',
  'javascript:alert(1)',
  'onerror=alert(1)',
]

const hostileMarkup: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" ONERROR="alert(1)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" JaVaScRiPt:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="x.swf"></object>',
  '<embed src=x.swf>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href=//evil.example>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<textarea><script>alert(1)</script></textarea>',
  '<title><script>alert(1)</script></title>',
  '<template><script>alert(1)</script></template>',
  '<p title="x" onmouseover="alert(1)">hover</p>',
  '<video src=x onerror=alert(1) poster="javascript:alert(1)">',
  '<img srcset="javascript:alert(1) 1x, x.jpg 2x">',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<xmp><script>alert(1)</script></xmp>',
  '<plaintext><script>',
  '[x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '<a href="x" onfocus=alert(1) autofocus>',
  '<p>Plain paragraph</p>',
  '<h1>Heading</h1>',
  '<code class="language-js onerror">x</code>',
]

function randomAscii(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += String.fromCharCode(int(0x20, 0x7e))
  return out
}

function randomUnicode(length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) {
    const code = chance(0.5) ? int(0, 0xffff) : int(0x10000, 0x10ffff)
    out += String.fromCodePoint(code)
  }
  return out
}

function hostileString(maxPieces = 8): string {
  let out = ''
  for (let i = int(1, maxPieces); i > 0; i--) {
    out += chance(0.6)
      ? pick(hostilePieces)
      : chance(0.5)
        ? randomAscii(int(1, 12))
        : randomUnicode(int(1, 6))
  }
  return out
}

function hostileContent(): string {
  let out = ''
  for (let i = int(1, 10); i > 0; i--) out += chance(0.6) ? pick(hostileMarkup) : hostileString(4)
  return out
}

const categoryPool: readonly unknown[] = [
  'World',
  'Ünïcödé News',
  'a]]>b',
  '<b>Bold</b> & "quoted"',
  'x\u0000y\u0001',
  'lone \ud800 surrogate',
  'emoji \ud83d\ude00 desk',
  'constructor',
  'toString',
  'right\u202eleft',
  { slug: 'nato', name: 'NATO <script>alert(1)</script>' },
  { slug: 'prototype', name: '__proto__' },
]

let counter = 0

/** A valid article whose every text field is hostile. */
function hostileArticle(): Record<string, unknown> {
  counter += 1
  const article: Record<string, unknown> = {
    title: chance(0.9) ? `Hostile ${counter} ${hostileString(6)}` : hostileString(6),
    content: hostileContent(),
    contentFormat: pick(['html', 'html', 'markdown', 'text']),
    status: chance(0.85) ? 'published' : 'draft',
  }
  if (chance(0.6)) article.summary = hostileString(5)
  if (chance(0.6)) {
    article.authors = Array.from({ length: int(1, 3) }, () => ({
      name: `A ${hostileString(3)}`,
      ...(chance(0.5)
        ? { url: pick(['https://example.com/a', 'javascript:alert(1)', 'https://x/"><b>']) }
        : {}),
    }))
  }
  if (chance(0.8)) {
    article.categories = Array.from({ length: int(1, 3) }, () =>
      chance(0.9) ? pick(categoryPool) : hostileString(3),
    )
  }
  if (chance(0.4)) {
    article.image = {
      url: pick(['https://example.com/i.jpg', 'https://example.com/"><script>', 'https://ex ample.com/']),
      alt: hostileString(4),
      ...(chance(0.5) ? { type: pick(['image/jpeg', 'image/svg+xml', 'text/html', '"><x']) } : {}),
    }
  }
  if (chance(0.7)) {
    article.publishedAt = chance(0.9)
      ? new Date(Date.parse('2020-01-01T00:00:00Z') + int(0, 5 * 365 * 86_400) * 1000).toISOString()
      : pick(['2031-01-01T00:00:00Z', '2025-02-30T00:00:00Z', 'yesterday', '1969-12-31T23:59:59Z'])
  }
  return article
}

const wrongValue = (): unknown =>
  pick<() => unknown>([
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => '',
    () => ' \t\n',
    () => [],
    () => ({}),
    () => [null],
    () => ({ a: 1 }),
    () => [hostileString()],
    () => ({ name: 1, slug: [] }),
    () => hostileString(),
    () => 'x'.repeat(int(1000, 20_000)),
    () => '2025-13-45T99:99:99Z',
    () => ({ toString: 'x', valueOf: 1 }),
  ])()

const fields = [
  'slug',
  'title',
  'summary',
  'content',
  'contentFormat',
  'authors',
  'categories',
  'image',
  'status',
  'publishedAt',
  'unknownField',
] as const

/** Defines `key` as an own, enumerable property, `__proto__` included, so JSON.stringify sends it. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function withPrototypeKeys(article: Record<string, unknown>): Record<string, unknown> {
  const targets: Record<string, unknown>[] = [article]
  const authors = [{ name: 'Proto author' }]
  article.authors = authors
  targets.push(authors[0] as Record<string, unknown>)
  const image = { url: 'https://example.com/i.jpg', alt: 'x' }
  article.image = image
  targets.push(image)
  const category = { name: 'Proto category' }
  article.categories = [category]
  targets.push(category)
  for (const target of targets) {
    if (chance(0.7)) defineOwn(target, '__proto__', { polluted: 'yes', status: 'published' })
    if (chance(0.5)) defineOwn(target, 'constructor', { prototype: { polluted: 'yes' } })
    if (chance(0.5)) defineOwn(target, 'prototype', { polluted: 'yes' })
  }
  return article
}

function nested(depth: number, open: string, close: string, inner = '0'): string {
  return open.repeat(depth) + inner + close.repeat(depth)
}

function wideObject(keys: number): string {
  const parts: string[] = []
  for (let i = 0; i < keys; i++) parts.push(`"${i.toString(36)}":0`)
  return `{${parts.join(',')}}`
}

const contentTypes: readonly (string | undefined)[] = [
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON; Charset="UTF-8"',
  'text/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/json;;;',
  'application/json; charset',
  'application/jsonx',
  'application/json; boundary=x',
  '*/*',
  ';',
  '',
  undefined,
]

const hostileSlugs: readonly string[] = [
  '..',
  '../',
  '../../etc/passwd',
  '..%2f',
  '%2e%2e%2f',
  '%2e%2e/%2e%2e/etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%252e%252e%252f',
  '....//',
  '..%5c..%5cwindows',
  '%5c..%5c',
  '%c0%ae%c0%ae%c0%af',
  '%00',
  'a%00b',
  'valid-slug%00',
  '%ff',
  '%',
  '%zz',
  'a'.repeat(81),
  'a'.repeat(6000),
  `${'ab-'.repeat(30)}x`,
  '-a',
  'a--b',
  'A',
  '%41',
  'a.json',
  '.json',
  'a.json.json',
  '%F0%9F%92%A9',
  'ARTICLE%23x',
  'x%23y',
  'x%3Fy',
  'x;y',
  '%0d%0aSet-Cookie:%20x=1',
  '%20',
  '+',
  '*',
  '~',
  '%7B%7D',
  '{}',
  'caf%C3%A9',
  'constructor',
  '__proto__',
  'prototype',
  'hasOwnProperty',
  'a/b',
  'a//b',
  '.',
  '',
]

const feedCursorKeys: readonly string[] = [
  '9999-12-31T23:59:59.999Z#a',
  '0000-00-00T00:00:00.000Z#x',
  `2025-01-01T00:00:00.000Z#${'a'.repeat(80)}`,
  '2025-01-01T00:00:00.000Z#../../x',
  '2025-01-01T00:00:00.000Z#a\n',
  '2025-01-01T00:00:00.000Z',
  '',
]

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD's bytes). */
function percentEncode(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte)
    out += /[A-Za-z0-9._~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function randomCursor(): string {
  return pick<() => string>([
    () => Buffer.from(pick(feedCursorKeys)).toString('base64url'),
    () => Buffer.from(randomUnicode(int(1, 40))).toString('base64url'),
    () => percentEncode(hostileString(3)),
    () => 'A'.repeat(int(150, 400)),
    () => '',
    () => '%00',
    () => '%ff%fe',
    () => '__proto__',
  ])()
}

function randomIfMatch(): string {
  return pick([
    '"1"',
    '"2"',
    '*',
    'W/"1"',
    '"abc"',
    '"-1"',
    '""',
    ',,,',
    '"99999999999999999999"',
    'x'.repeat(3000),
  ])
}

function randomQueryNoise(): string {
  return pick([
    '',
    '&__proto__[polluted]=yes',
    '&constructor[prototype][polluted]=yes',
    '&__proto__.polluted=yes',
    `&x=${percentEncode(hostileString(2))}`,
  ])
}

// ---------- sending ----------

interface Sent {
  readonly method: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Buffer
  /** Send the body in chunks without Content-Length. */
  readonly chunked?: boolean
  readonly label: string
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 })

/** Raw HTTP, so paths go out exactly as written (no URL normalisation) and bodies byte for byte. */
function send(port: number, sent: Sent): Promise<RawResponse> {
  return sendWith(agent, port, sent)
}

function sendWith(agent: Agent, port: number, sent: Sent): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...sent.headers }
    if (sent.body !== undefined && !sent.chunked) headers['content-length'] = String(sent.body.length)
    const req = request(
      { host: '127.0.0.1', port, method: sent.method, path: sent.path, headers, agent },
      (res) => {
        readRawResponse(res).then(resolve, reject)
      },
    )
    req.on('error', reject)
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')))
    if (sent.body !== undefined && sent.chunked) {
      for (let offset = 0; offset < sent.body.length; offset += 64 * 1024) {
        req.write(sent.body.subarray(offset, offset + 64 * 1024))
      }
      req.end()
    } else {
      req.end(sent.body)
    }
  })
}

const auth = { authorization: `Bearer ${token}` }
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8')

function postJson(label: string, body: Buffer, contentType: string | undefined = 'application/json'): Sent {
  return {
    method: 'POST',
    path: '/api/articles',
    headers: { ...auth, ...(contentType !== undefined ? { 'content-type': contentType } : {}) },
    body,
    label,
  }
}

function invalidUtf8(article: Record<string, unknown>): Buffer {
  const text = JSON.stringify({ ...article, title: `${String(article.title)} MARK` })
  const at = text.indexOf('MARK')
  const bad = pick([
    [0xff],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0xf4, 0x90, 0x80, 0x80],
    [0x80, 0x80],
    [0xfe, 0xfe, 0xff],
  ])
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bad), Buffer.from(text.slice(at + 4))])
}

function multipart(article: Record<string, unknown>): Sent {
  const boundary = 'reliability-boundary'
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="article"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(article)}\r\n--${boundary}--\r\n`,
  )
  return postJson('multipart body', body, `multipart/form-data; boundary=${boundary}`)
}

const brokenJson: readonly string[] = [
  '',
  '{',
  '{"title": "x",}',
  "{'title': 'x'}",
  '{"title": NaN}',
  '{"title": "x" /* comment */}',
  '\ufeff{"title":"bom","content":"x"}',
  'null',
  '[]',
  '"a string"',
  '1',
  '{"title": "\\ud800", "content": "\\udfff", "status": "published"}',
  '{"title": "unterminated',
  '{"title": 1e999, "content": -1e999}',
  '{"a":1,"a":2,"title":"dup","title":"dup2","content":"x"}',
  '\u0000',
]

/**
 * About 2,000 requests across every route (`PROPERTY_RUNS=full`; a tenth of the generated ones in
 * `npm test`, the big and broken ones all), hostile in every way listed in the suite's brief.
 */
function generateRequests(liveSlugs: readonly string[]): Sent[] {
  const out: Sent[] = []
  // A live slug may hold letters of any script: as a client sends it, percent-encoded (raw or not).
  const anySlug = () =>
    chance(0.4) && liveSlugs.length > 0 ? encodeURIComponent(pick(liveSlugs)) : pick(hostileSlugs)

  // The big ones, once each.
  const big = hostileArticle()
  out.push(postJson('400 KB title', json({ ...big, title: 'T'.repeat(400 * 1024) })))
  out.push(postJson('400 KB summary', json({ ...hostileArticle(), summary: '\u00e9'.repeat(200 * 1024) })))
  out.push(
    postJson('349 KB content', json({ ...hostileArticle(), content: `<p>${'<'.repeat(349_000)}</p>` })),
  )
  out.push(
    postJson(
      '349 KB markdown',
      json({ ...hostileArticle(), contentFormat: 'markdown', content: '*'.repeat(349_000) }),
    ),
  )
  out.push(postJson('2 MB body', json({ ...hostileArticle(), content: 'x'.repeat(2 * 1024 * 1024) })))
  out.push({
    ...postJson('2 MB chunked body', json({ ...hostileArticle(), content: 'y'.repeat(2 * 1024 * 1024) })),
    chunked: true,
  })
  out.push(
    postJson(
      '1,000 categories',
      json({ ...hostileArticle(), categories: Array.from({ length: 1000 }, (_, i) => `c${i}`) }),
    ),
  )
  out.push(
    postJson(
      '10,000 authors',
      json({ ...hostileArticle(), authors: Array.from({ length: 10_000 }, () => ({ name: 'a' })) }),
    ),
  )
  out.push(postJson('10,000 nested arrays as the body', Buffer.from(nested(10_000, '[', ']'))))
  out.push(postJson('10,000 nested objects as the body', Buffer.from(nested(10_000, '{"a":', '}'))))
  const deepTitle = JSON.stringify({ ...hostileArticle(), title: 'PLACEHOLDER' }).replace(
    '"PLACEHOLDER"',
    nested(10_000, '[', ']'),
  )
  out.push(postJson('10,000 nested arrays as the title', Buffer.from(deepTitle)))
  const deepCategories = JSON.stringify({ ...hostileArticle(), categories: 'PLACEHOLDER' }).replace(
    '"PLACEHOLDER"',
    nested(10_000, '[', ']'),
  )
  out.push(postJson('10,000 nested arrays as categories', Buffer.from(deepCategories)))
  out.push(postJson('100,000 keys as the body', Buffer.from(wideObject(100_000))))
  const wideImage = JSON.stringify({ ...hostileArticle(), image: 'PLACEHOLDER' }).replace(
    '"PLACEHOLDER"',
    wideObject(100_000),
  )
  out.push(postJson('100,000 keys in image', Buffer.from(wideImage)))
  out.push({
    ...postJson('gzip-encoded body', gzipSync(json(hostileArticle()))),
    headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
  })
  for (const text of brokenJson)
    out.push(postJson(`broken JSON ${JSON.stringify(text.slice(0, 30))}`, Buffer.from(text)))

  // POST /api/articles, by the hundred.
  for (let i = 0; i < propertyRuns(700); i++) {
    const kind = random()
    const article = hostileArticle()
    if (kind < 0.4) {
      out.push(
        postJson(
          'hostile article',
          json(article),
          pick(['application/json', 'application/json; charset=utf-8']),
        ),
      )
    } else if (kind < 0.6) {
      const field = pick(fields)
      const target =
        chance(0.5) || !(field in article)
          ? article
          : ((Array.isArray(article[field]) ? (article[field] as unknown[])[0] : article[field]) ?? article)
      if (typeof target === 'object' && target !== null)
        (target as Record<string, unknown>)[pick(['name', 'url', 'slug', 'alt', 'type', 'length', field])] =
          wrongValue()
      else article[field] = wrongValue()
      out.push(postJson(`wrong type near ${field}`, json(article)))
    } else if (kind < 0.72) {
      out.push(postJson('prototype keys', json(withPrototypeKeys(article))))
    } else if (kind < 0.8) {
      const contentType = pick(contentTypes)
      out.push(postJson(`content type ${JSON.stringify(contentType)}`, json(article), contentType))
    } else if (kind < 0.85) {
      out.push(multipart(article))
    } else if (kind < 0.92) {
      out.push(postJson('invalid UTF-8 bytes', invalidUtf8(article)))
    } else {
      out.push(postJson('broken JSON', Buffer.from(pick(brokenJson))))
    }
  }

  // PUT, DELETE and GET /api/articles/{slug}.
  for (let i = 0; i < propertyRuns(300); i++) {
    const slug = chance(0.3) ? `put-${i}` : anySlug()
    const body = chance(0.15) ? withPrototypeKeys(hostileArticle()) : hostileArticle()
    out.push({
      method: 'PUT',
      path: `/api/articles/${slug}`,
      headers: {
        ...auth,
        'content-type': pick(['application/json', 'application/json', 'text/json']),
        ...(chance(0.5) ? { 'if-match': randomIfMatch() } : {}),
      },
      body: chance(0.1) ? invalidUtf8(body) : json(body),
      label: 'PUT',
    })
  }
  for (let i = 0; i < propertyRuns(120); i++) {
    out.push({
      method: 'DELETE',
      path: `/api/articles/${anySlug()}`,
      headers: { ...auth, ...(chance(0.3) ? { 'if-match': randomIfMatch() } : {}) },
      label: 'DELETE',
    })
  }
  for (let i = 0; i < propertyRuns(180); i++) {
    if (chance(0.5)) {
      out.push({
        method: 'GET',
        path: `/api/articles/${anySlug()}${randomQueryNoise().replace('&', '?')}`,
        headers: auth,
        label: 'GET one',
      })
    } else {
      const query = [
        chance(0.5)
          ? `status=${pick(['published', 'draft', 'deleted', '', 'PUBLISHED', '__proto__', '%00'])}`
          : '',
        chance(0.5)
          ? `limit=${pick(['1', '100', '0', '-1', '101', '1.5', '1e2', 'abc', '%205', '99999999999999999999'])}`
          : '',
        chance(0.6) ? `cursor=${randomCursor()}` : '',
      ]
        .filter((p) => p !== '')
        .join('&')
      out.push({
        method: 'GET',
        path: `/api/articles?${query}${randomQueryNoise()}`,
        headers: auth,
        label: 'GET list',
      })
    }
  }

  // Public routes.
  const categorySlugs = ['world', 'nato', 'constructor', 'prototype', 'unicode-news', 'a-b']
  for (let i = 0; i < propertyRuns(620); i++) {
    const file = pick(Object.values(feedFiles))
    const path = pick<() => string>([
      () => `/articles/${anySlug()}`,
      () => `/articles/${anySlug()}.json`,
      () => `/categories/${chance(0.5) ? pick(categorySlugs) : pick(hostileSlugs)}/${file}`,
      () => `/${file}?before=${randomCursor()}`,
      () => `/categories/${pick(categorySlugs)}/${file}?before=${randomCursor()}`,
      () => `/?before=${randomCursor()}`,
      () => `/${file}${randomQueryNoise().replace('&', '?')}`,
      () => `/${pick(hostileSlugs)}`,
    ])()
    const headers: Record<string, string> = {}
    if (chance(0.3))
      headers['accept-encoding'] = pick([
        'br;q=abc',
        'gzip;q=-1',
        '*;q=0',
        'identity',
        'gzip, br',
        'x'.repeat(2000),
      ])
    if (chance(0.2)) headers['if-none-match'] = pick(['*', '"', 'W/"x"', '"a"-gzip', randomAscii(40)])
    if (chance(0.2))
      headers['if-modified-since'] = pick([
        'yesterday',
        'Thu, 01 Jan 1970 00:00:00 GMT',
        randomAscii(30),
        '9'.repeat(400),
      ])
    out.push({ method: chance(0.1) ? 'HEAD' : 'GET', path, headers, label: 'public' })
  }
  return out
}

// ---------- checking pages ----------

type Node = DefaultTreeAdapterTypes.Node
type Element = DefaultTreeAdapterTypes.Element

function elements(root: Node): Element[] {
  const found: Element[] = []
  const visit = (node: Node) => {
    if ('tagName' in node) found.push(node)
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
    if ('content' in node && node.nodeName === 'template') visit(node.content)
  }
  visit(root)
  return found
}

const urlAttributeNames = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'cite',
  'data',
  'srcset',
  'xlink:href',
])
const scriptingSchemes = /^(javascript|vbscript|data):/i
const forbiddenInContent = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'form',
  'base',
  'meta',
  'link',
  'style',
  'svg',
  'math',
  'template',
  'frame',
  'frameset',
  'noscript',
  'textarea',
  'xmp',
  'plaintext',
])

/** What in an HTML page could run a script that came from an article; empty when nothing. */
function scriptingProblems(source: string): string[] {
  const problems: string[] = []
  const document = parse(source)
  const all = elements(document)
  const scripts = all.filter((e) => e.tagName === 'script')
  for (const script of scripts) {
    const type = script.attrs.find((a) => a.name === 'type')?.value
    if (type !== 'application/ld+json') problems.push(`a <script type=${String(type)}> element`)
  }
  const rawScripts = source.match(/<script\b/gi)?.length ?? 0
  if (rawScripts !== scripts.length)
    problems.push(`${rawScripts} "<script" in the source for ${scripts.length} elements`)
  for (const element of all) {
    for (const attribute of element.attrs) {
      if (/^on[a-z]+$/i.test(attribute.name)) problems.push(`<${element.tagName} ${attribute.name}=…>`)
      // Browsers drop tabs and newlines inside a scheme, and ignore leading spaces and controls.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      const bare = attribute.value.replace(/[\u0000-\u0020]/g, '')
      if (urlAttributeNames.has(attribute.name) && scriptingSchemes.test(bare))
        problems.push(`<${element.tagName} ${attribute.name}="${attribute.value.slice(0, 60)}">`)
    }
  }
  const content = all.find((e) =>
    e.attrs.some((a) => a.name === 'class' && a.value.split(/\s+/).includes('content')),
  )
  if (content) {
    for (const element of elements(content)) {
      if (forbiddenInContent.has(element.tagName)) problems.push(`<${element.tagName}> in the article body`)
    }
  }
  return problems
}

// ---------- the suite ----------

interface Outcome {
  readonly sent: Sent
  readonly received?: RawResponse
  readonly error?: string
}

function describeOutcome({ sent, received, error }: Outcome): string {
  const path = sent.path.length > 120 ? `${sent.path.slice(0, 120)}…(${sent.path.length})` : sent.path
  const answer = received
    ? `${received.status} ${received.headers['content-type'] ?? '-'} ${received.body.subarray(0, 300).toString('utf8')}`
    : `transport error: ${error}`
  return `[seed ${seed}] ${sent.label}: ${sent.method} ${path} -> ${answer}`
}

describe('hostile input, generated by the thousand', () => {
  let stack: TestStack
  const outcomes: Outcome[] = []
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort()

  beforeAll(async () => {
    stack = await startTestStack({ env: { FEED_PAGE_SIZE: '50' } })
    const port = Number(new URL(stack.url).port)
    // A few articles first, so PUT, DELETE and the pages also meet slugs that exist.
    const seeded: string[] = []
    for (let i = 0; i < 20; i++) {
      const result = await send(port, postJson('seed', json({ ...hostileArticle(), status: 'published' })))
      const body: unknown = JSON.parse(result.body.toString('utf8'))
      if (
        result.status === 201 &&
        typeof body === 'object' &&
        body !== null &&
        'slug' in body &&
        typeof body.slug === 'string'
      )
        seeded.push(body.slug)
    }
    const requests = generateRequests(seeded)
    await mapConcurrent(requests, 6, async (sent) => {
      try {
        outcomes.push({ sent, received: await send(port, sent) })
      } catch (error) {
        outcomes.push({ sent, error: error instanceof Error ? error.message : String(error) })
      }
    })
  }, 150_000)

  afterAll(async () => {
    agent.destroy()
    await stack?.close()
  })

  it(`sends about ${propertyRuns(2000).toLocaleString('en')} requests`, () => {
    expect(outcomes.length).toBeGreaterThan(propertyRuns(1900))
    // The barrage must also have stored articles, or the checks below prove nothing.
    expect(outcomes.filter((o) => o.received?.status === 201).length).toBeGreaterThan(propertyRuns(100))
  })

  it('never answers 5xx, and every request gets an answer', () => {
    const failures = outcomes.filter((o) => o.received === undefined || o.received.status >= 500)
    if (failures.length > 0)
      console.error(failures.map(describeOutcome).join('\n'), '\n', stack.loggedErrors.join('\n'))
    expect(failures.map(describeOutcome)).toEqual([])
    expect(stack.loggedErrors).toEqual([])
  })

  it('answers only 2xx, 3xx (304, or a 301 to the canonical URL) or 4xx', () => {
    // One URL per resource (issue 19): another spelling of a public path is a 301 to the one the
    // site writes, an absolute URL of percent-encoded ASCII.
    const canonicalRedirect = (r: RawResponse) =>
      r.status === 301 && /^https?:\/\/[\x21-\x7e]+$/.test(String(r.headers.location ?? ''))
    const odd = outcomes.filter(
      (o) =>
        o.received &&
        !(
          o.received.status < 300 ||
          o.received.status === 304 ||
          canonicalRedirect(o.received) ||
          (o.received.status >= 400 && o.received.status < 500)
        ),
    )
    expect(odd.map(describeOutcome)).toEqual([])
  })

  it('answers every 4xx from /api with problem JSON that names its status and tells no internals', () => {
    const failures: string[] = []
    for (const outcome of outcomes) {
      const { sent, received } = outcome
      if (!received || received.status < 400 || !sent.path.startsWith('/api')) continue
      const type = received.headers['content-type'] ?? ''
      let body: unknown
      try {
        body = JSON.parse(received.body.toString('utf8'))
      } catch {
        body = undefined
      }
      if (!type.startsWith('application/problem+json'))
        failures.push(`content type ${type}: ${describeOutcome(outcome)}`)
      else if (
        typeof body !== 'object' ||
        body === null ||
        !('status' in body) ||
        body.status !== received.status
      )
        failures.push(`body status: ${describeOutcome(outcome)}`)
      else if (/\n\s+at .+:\d+:\d+/.test(received.body.toString('utf8')))
        failures.push(`stack trace: ${describeOutcome(outcome)}`)
    }
    if (failures.length > 0) console.error(failures.join('\n'))
    expect(failures).toEqual([])
  })

  it('keeps every feed well-formed and complete: the site and every category touched', async () => {
    const articles = await listAllArticles(stack)
    const nowMs = Date.now()
    const published = articles.filter(
      (a) => a.status === 'published' && a.publishedAt !== undefined && Date.parse(a.publishedAt) <= nowMs,
    )
    expect(published.length).toBeGreaterThan(propertyRuns(50))
    const categories = new Set(published.flatMap((a) => a.categories.map((c) => c.slug)))
    expect(categories.size).toBeGreaterThan(3)
    const formats: readonly FeedFormat[] = ['rss', 'atom', 'json']
    const failures: string[] = []
    for (const format of formats) {
      const scopes = [undefined, ...categories]
      await mapConcurrent(scopes, 4, async (category) => {
        const path =
          category === undefined
            ? `/${feedFiles[format]}`
            : `/categories/${encodeURIComponent(category)}/${feedFiles[format]}`
        try {
          const { ids } = await walkFeed(stack, format, path)
          const expected = published.filter(
            (a) => category === undefined || a.categories.some((c) => c.slug === category),
          )
          if (ids.length !== new Set(ids).size) failures.push(`${path}: an item appears twice`)
          const want = new Set(expected.map((a) => a.id))
          if (ids.length !== want.size || ids.some((id) => !want.has(id)))
            failures.push(`${path}: ${ids.length} items, expected ${want.size}`)
        } catch (error) {
          failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`)
        }
      })
    }
    if (failures.length > 0) console.error(failures.join('\n'))
    expect(failures).toEqual([])
  })

  it('puts no script from content on any article page, nor on the front page', async () => {
    const articles = await listAllArticles(stack)
    const failures: string[] = []
    let checked = 0
    await mapConcurrent(articles, 6, async (article) => {
      const response = await fetch(`${stack.url}/articles/${encodeURIComponent(article.slug)}`)
      const source = await response.text()
      const due = article.publishedAt !== undefined && Date.parse(article.publishedAt) <= Date.now()
      if (response.status === 404 && (article.status === 'draft' || !due)) return // not public
      if (response.status !== 200) {
        failures.push(`/articles/${article.slug} answered ${response.status}`)
        return
      }
      checked += 1
      for (const problem of scriptingProblems(source)) failures.push(`/articles/${article.slug}: ${problem}`)
      const asJson = await fetch(`${stack.url}/articles/${encodeURIComponent(article.slug)}.json`)
      try {
        JSON.parse(await asJson.text())
      } catch (error) {
        failures.push(`/articles/${article.slug}.json does not parse: ${String(error)}`)
      }
    })
    for (const path of [
      '/',
      `/?before=${feedCursor(Buffer.from('2023-01-01T00:00:00.000Z#x').toString('base64url'))}`,
    ]) {
      const response = await fetch(`${stack.url}${path}`)
      expect(response.status).toBe(200)
      for (const problem of scriptingProblems(await response.text())) failures.push(`${path}: ${problem}`)
    }
    if (failures.length > 0) console.error(failures.join('\n'))
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(propertyRuns(50))
  })

  it('leaves a keep-alive connection usable, or says it closes it, after refusing a body unread', async () => {
    const port = Number(new URL(stack.url).port)
    const oneSocket = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const refusals: Sent[] = [
        postJson('2 MB body', json({ title: 'x', content: 'x'.repeat(2 * 1024 * 1024) })),
        postJson('900 KB body as text/plain', Buffer.alloc(900 * 1024, 'a'), 'text/plain'),
        {
          ...postJson('bad slug', Buffer.alloc(900 * 1024, 'a')),
          method: 'PUT',
          path: '/api/articles/Bad_Slug',
        },
      ]
      for (const refusal of refusals) {
        const refused = await sendWith(oneSocket, port, refusal)
        expect(refused.status, refusal.label).toBeGreaterThanOrEqual(400)
        const next = await sendWith(oneSocket, port, {
          method: 'GET',
          path: '/api/articles?limit=1',
          headers: auth,
          label: 'next',
        })
        expect(next.status, `the request after ${refusal.label}`).toBe(200)
      }
    } finally {
      oneSocket.destroy()
    }
  })

  it('has a page check that does catch scripts, handlers and script URLs', () => {
    const page = (body: string) =>
      `<!DOCTYPE html><html><head><script type="application/ld+json">{}</script></head><body><div class="content">${body}</div></body></html>`
    expect(scriptingProblems(page('<p>fine</p>'))).toEqual([])
    expect(scriptingProblems(page('<p>onerror=alert(1) &lt;script&gt;</p>'))).toEqual([])
    expect(scriptingProblems(page('<script>alert(1)</script>'))).not.toEqual([])
    expect(scriptingProblems(page('<img src=x onerror=alert(1)>'))).not.toEqual([])
    expect(scriptingProblems(page('<a href=" java\tscript:alert(1)">x</a>'))).not.toEqual([])
    expect(scriptingProblems(page('<iframe src="https://x"></iframe>'))).not.toEqual([])
  })

  it('pollutes no prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore)
  })
})
