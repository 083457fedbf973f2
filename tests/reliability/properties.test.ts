import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseArticleInput } from '../../lib/articles/article-input.ts'
import { ValidationError } from '../../lib/articles/errors.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { propertyRuns } from '../support/property-runs.ts'
import { readAtom, readJsonFeed, readRss, site, useHarness } from '../support/public-app-harness.ts'
import { bearerSend } from '../support/publish-api-harness.ts'

/*
 * Generated input by the thousand at both apps over dynalite (issue 9): articles, dates, slugs,
 * cursors and headers. Whatever arrives, the answer is never a 5xx, every feed is well-formed XML
 * or JSON, no article shows before its time, and nothing a publisher sent that the sanitiser
 * removes ever reaches a public response. The seed is printed on failure, so a run can be replayed.
 */

const startHarness = useHarness()
const token = 'property-suite-token-0123456789ab'

/** Text inside markup the sanitiser must drop; no public response may ever contain it. */
const hidden = 'zqxhidden'

// ---- arbitraries ----

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    ']]>',
    '<![CDATA[',
    '&amp;&#0;&#xD800;&#x1F600;',
    '\u202e\u2066',
    '\u0000\u0008\u000b\u001f\u007f\u0085\ufffe\uffff',
    'বাংলাদেশ ঢাকা',
    'العربية',
    '👩‍👩‍👧‍👦',
    '\ud800',
    '<b>bold</b>',
    '"quotes" & \'apos\'',
  ),
)

/** A fragment whose text the sanitiser must remove with its markup. */
const hiddenFragment = fc.constantFrom(
  `<script>${hidden}()</script>`,
  `<!-- ${hidden} -->`,
  `<p onclick="${hidden}()">click</p>`,
  `<a href="javascript:${hidden}()">link</a>`,
  `<style>.${hidden}{}</style>`,
  `<iframe src="https://evil.example/${hidden}"></iframe>`,
  `<div data-${hidden}="1" style="${hidden}">x</div>`,
  `<img src="data:image/png;base64,${hidden}" alt="">`,
  `<svg><script>${hidden}</script></svg>`,
  `<template>${hidden}</template>`,
  `<textarea>${hidden}</textarea>`,
  `<object data="https://evil.example/${hidden}"></object>`,
)

/** Prose for Markdown that cannot turn a following fragment into a code block or span. */
const safeMarkdown = fc
  .string({ unit: 'grapheme', maxLength: 60 })
  .map((s) => s.replace(/[`~\\<>]/g, '').replace(/^\s+/gm, ''))

const content = fc.oneof(
  fc
    .array(fc.oneof(hostileText, hiddenFragment, fc.constant('<p>Some <em>real</em> text.</p>')), {
      maxLength: 6,
    })
    .map((parts) => ({ content: parts.join(''), contentFormat: 'html' })),
  fc
    .array(fc.oneof(safeMarkdown, hiddenFragment, fc.constant('Some **real** text.')), { maxLength: 6 })
    .map((parts) => ({ content: parts.join('\n\n'), contentFormat: 'markdown' })),
  hostileText.map((text) => ({ content: text, contentFormat: 'text' })),
)

const offset = fc.oneof(
  fc.constant('Z'),
  fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
    .map(([sign, h, m]) => `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
)

/** RFC 3339-ish date-times, most of them valid, around the edges of the accepted range and around now. */
const dateTime = fc.oneof(
  // The first and last local days of the range, where an offset carries the instant out of it.
  fc
    .tuple(
      fc.constantFrom('1970-01-01', '9999-12-31'),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      offset,
    )
    .map(([day, h, m, off]) => `${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00${off}`),
  fc
    .tuple(
      fc.oneof(
        fc.integer({ min: 1969, max: 1970 }),
        fc.integer({ min: 2024, max: 2026 }),
        fc.integer({ min: 9998, max: 9999 }),
      ),
      fc.integer({ min: 1, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.option(fc.integer({ min: 0, max: 999_999_999 }), { nil: undefined }),
      offset,
    )
    .map(([y, mo, d, h, mi, s, frac, off]) => {
      const p = (n: number) => String(n).padStart(2, '0')
      return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${frac === undefined ? '' : `.${frac}`}${off}`
    }),
  fc.string({ maxLength: 30 }),
)

const slug = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}$/),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('a'.repeat(81), '..', 'a/b', 'constructor', '__proto__', 'UPPER', '-x-', ''),
)

const category = fc.oneof(
  fc.constantFrom('World', 'NATO', 'বাংলা', 'Science & Tech', '\u200b'),
  hostileText,
  fc.record({ slug, name: hostileText }),
)

/** Mostly `valid`, now and then `hostile`: enough articles get stored for the feeds to have something to show. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostile, weight: 1 })

const visible = hostileText.map((text) => `Seen ${text}`)

const articleBody = fc
  .record(
    {
      title: mostly(visible, hostileText),
      summary: hostileText,
      content: content.map((c) => ({ ...c, content: `Some visible text. ${c.content}` })),
      authors: fc.array(fc.record({ name: mostly(visible, hostileText) }), { maxLength: 3 }),
      categories: fc.array(mostly(fc.constantFrom('World', 'NATO', 'Science & Tech'), category), {
        maxLength: 4,
      }),
      image: fc.record({
        url: mostly(
          fc.webUrl({ validSchemes: ['https'] }),
          fc.constantFrom('javascript:alert(1)', 'https://img.example.com/a b.jpg', 'http://x'),
        ),
        alt: hostileText,
      }),
      status: mostly(fc.constant('published'), fc.constantFrom('draft', 'unknown')),
      publishedAt: mostly(
        fc
          .integer({ min: Date.parse('2025-05-01T00:00:00Z'), max: Date.parse('2025-08-01T00:00:00Z') })
          .chain((ms) => offset.map((off) => isoWithOffset(ms, off))),
        dateTime,
      ),
      slug: mostly(fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}$/), slug),
    },
    { requiredKeys: ['title', 'content'] },
  )
  .map((body) => ({ ...body, content: body.content.content, contentFormat: body.content.contentFormat }))

/** The instant `ms` written in the offset `off` (an invalid offset stays invalid). */
function isoWithOffset(ms: number, off: string): string {
  const match = /^([+-])(\d\d):(\d\d)$/.exec(off)
  if (!match) return new Date(ms).toISOString()
  const minutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${off}`
}

// ---- the site under test ----

interface Known {
  readonly id: string
  readonly slug: string
  /** When it shows in feeds (UTC ms), if published. */
  readonly dueMs?: number
  deleted: boolean
}

async function openSite() {
  const h = await startHarness({ start: '2025-06-01T12:00:00Z', feedPageSize: 5 })
  const api = createPublishApp({ store: h.store, clock: h.now, site, tokens: () => [token] })
  const known = new Map<string, Known>()
  return { h, send: bearerSend(api, token), known }
}

type Site = Awaited<ReturnType<typeof openSite>>

function expectNoServerError(res: Response, what: string): void {
  expect(res.status, what).toBeLessThan(500)
}

/** Parses a 200 feed strictly and checks each item against what the site knows. */
function checkFeed(s: Site, path: string, body: string): string | undefined {
  const file = new URL(path, site.url).pathname.split('/').at(-1)
  const view = file === 'rss.xml' ? readRss(body) : file === 'atom.xml' ? readAtom(body) : readJsonFeed(body)
  const nowMs = s.h.now().getTime()
  for (const [i, id] of view.ids.entries()) {
    const article = [...s.known.values()].find((k) => k.id === id)
    expect(article, `${path}: an item nobody published (${id})`).toBeDefined()
    expect(article?.deleted, `${path}: deleted ${id} still listed`).toBe(false)
    expect(article?.dueMs, `${path}: ${id} is not published`).toBeDefined()
    expect(
      article?.dueMs ?? Number.POSITIVE_INFINITY,
      `${path}: ${id} shown before its time`,
    ).toBeLessThanOrEqual(nowMs)
    // The date the feed shows is the one it was published with (RSS keeps whole seconds).
    expect(Math.floor((view.published[i] ?? 0) / 1000)).toBe(Math.floor((article?.dueMs ?? 0) / 1000))
  }
  return view.next
}

describe('generated hostile input against both apps over dynalite', () => {
  it('checks every generated date the way the feeds sort it: a four-digit UTC year or a 400', () => {
    fc.assert(
      fc.property(dateTime, (publishedAt) => {
        try {
          const input = parseArticleInput({ title: 'x', content: 'y', publishedAt })
          const utc = new Date(input.publishedAt ?? '').toISOString()
          expect(utc).toMatch(/^(19[7-9]\d|[2-9]\d{3})-\d\d-\d\dT/)
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError)
          expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['publishedAt'])
        }
      }),
      { numRuns: propertyRuns(2500) },
    )
  })

  it('takes thousands of generated articles and requests with no 5xx, well-formed feeds, nothing early and nothing hidden', async () => {
    const s = await openSite()
    // Articles through the API: POST, or PUT at a generated slug, now and then with a precondition.
    await fc.assert(
      fc.asyncProperty(
        articleBody,
        fc.constantFrom('POST', 'PUT'),
        fc.option(fc.constantFrom('*', '"1-x"', 'W/"x"', 'garbage', ''), { nil: undefined }),
        fc.integer({ min: 0, max: 600 }),
        async (body, method, precondition, advance) => {
          s.h.advanceSeconds(advance)
          const path =
            method === 'POST'
              ? '/api/articles'
              : `/api/articles/${encodeURIComponent(String(body.slug ?? 'x'))}`
          const headers: Record<string, string> = {}
          if (precondition !== undefined)
            headers[Math.random() < 0.5 ? 'If-Match' : 'If-None-Match'] = precondition
          const res = await s.send(method, path, JSON.stringify(body), headers)
          expectNoServerError(res, `${method} ${path}`)
          if (res.status === 200 || res.status === 201) {
            const article = (await res.json()) as {
              id: string
              slug: string
              status: string
              publishedAt?: string
            }
            s.known.set(article.slug, {
              id: article.id,
              slug: article.slug,
              ...(article.status === 'published' && article.publishedAt !== undefined
                ? { dueMs: Date.parse(article.publishedAt) }
                : {}),
              deleted: false,
            })
          }
        },
      ),
      { numRuns: propertyRuns(2500) },
    )
    // About a quarter of generated articles are stored (691 of 2,500 in one run): more than 8 % of them.
    expect(s.known.size).toBeGreaterThan(propertyRuns(2500) * 0.08)
    // Some deletions, so that gone articles are in the mix.
    for (const [i, k] of [...s.known.values()].entries()) {
      if (i % 7 !== 0) continue
      expectNoServerError(await s.send('DELETE', `/api/articles/${encodeURIComponent(k.slug)}`), 'DELETE')
      k.deleted = true
    }

    const slugs = [...s.known.keys()]
    const issuedCursors: string[] = []
    const publicPath = fc.oneof(
      fc.constantFrom('/', '/rss.xml', '/atom.xml', '/feed.json', '/healthz'),
      fc
        .tuple(
          fc.constantFrom('world', 'nato', 'science-tech', 'bangla', 'nope'),
          fc.constantFrom('rss.xml', 'atom.xml', 'feed.json'),
        )
        .map(([c, f]) => `/categories/${c}/${f}`),
      fc.constantFrom(...slugs).map((slug) => `/articles/${encodeURIComponent(slug)}`),
      fc.constantFrom(...slugs).map((slug) => `/articles/${encodeURIComponent(slug)}.json`),
      fc
        .tuple(
          fc.constantFrom('/rss.xml', '/feed.json', '/'),
          fc.oneof(fc.string({ maxLength: 60 }), fc.base64String()),
        )
        .map(([p, cursor]) => `${p}?before=${encodeURIComponent(cursor)}`),
      fc.constantFrom(0, 1, 2, 3).map((i) => issuedCursors[i] ?? '/feed.json'),
      fc.webPath().map((p) => p || '/'),
    )
    const header = fc.record(
      {
        'If-None-Match': fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constant('*'),
          fc.constant('"abc", W/"def"'),
        ),
        'If-Modified-Since': fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.string({ maxLength: 30 }),
        ),
        'Accept-Encoding': fc.constantFrom('br', 'gzip', 'gzip;q=0, br;q=0', '*', 'identity', 'x;q=abc'),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(
        publicPath,
        header,
        fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE'),
        fc.integer({ min: 0, max: 900 }),
        async (path, headers, method, advance) => {
          s.h.advanceSeconds(advance)
          const res = await s.h.app.request(path, {
            method,
            headers: { ...headers, 'Accept-Encoding': 'identity' },
          })
          expectNoServerError(res, `${method} ${path}`)
          const text = await res.text()
          expect(text, `${method} ${path}`).not.toContain(hidden)
          if (res.status !== 200 || method !== 'GET') return
          const pathname = new URL(path, site.url).pathname
          if (/\/(rss\.xml|atom\.xml|feed\.json)$/.test(pathname)) {
            const next = checkFeed(s, path, text)
            if (next !== undefined && issuedCursors.length < 4) issuedCursors.push(next.replace(site.url, ''))
          } else if (pathname.startsWith('/articles/')) {
            const slug = decodeURIComponent(pathname.slice('/articles/'.length).replace(/\.json$/, ''))
            const k = s.known.get(slug)
            expect(k?.deleted, `${path} answered 200 after its delete`).toBe(false)
            expect(k?.dueMs ?? Number.POSITIVE_INFINITY, `${path} before its time`).toBeLessThanOrEqual(
              s.h.now().getTime(),
            )
            if (pathname.endsWith('.json'))
              expect(Object.keys(JSON.parse(text) as object)).not.toContain('content')
          }
        },
      ),
      { numRuns: propertyRuns(5000) },
    )

    // Finally, every page of every site feed, walked through its own next links, at a late hour.
    s.h.setNow('2030-01-01T00:00:00Z')
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      let path: string | undefined = `/${file}`
      const seen = new Set<string>()
      while (path !== undefined) {
        const res = await s.h.app.request(path)
        expect(res.status, path).toBe(200)
        const text = await res.text()
        expect(text).not.toContain(hidden)
        const next = checkFeed(s, path, text)
        for (const id of (file === 'rss.xml' ? readRss : file === 'atom.xml' ? readAtom : readJsonFeed)(text)
          .ids) {
          expect(seen.has(id), `${file}: ${id} twice`).toBe(false)
          seen.add(id)
        }
        path = next?.replace(site.url, '')
      }
      const due = [...s.known.values()].filter(
        (k) => !k.deleted && (k.dueMs ?? Number.POSITIVE_INFINITY) <= s.h.now().getTime(),
      )
      expect(seen.size, file).toBe(due.length)
    }
  }, 600_000)
})
