import * as fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { propertyRuns } from '../support/property-runs.ts'
import { type Harness, site, useHarness } from '../support/public-app-harness.ts'

/*
 * Issue 19, point 4: one URL per resource. Generated variants of every public path (case, Unicode
 * form, percent-encoding of any character in either hex case, dot segments plain and encoded,
 * double slashes, parameters a path does not take) answer 200 only in the one canonical form, a
 * 301 to a URL that answers without another redirect, or a 4xx; never a 5xx. 3,000 variants, a
 * tenth of them in `npm test` (tests/support/property-runs.ts; `.ci/run` runs them all).
 */

const startHarness = useHarness()
let h: Harness
const canonical = new Map<string, string>() // path -> body
const enc = encodeURIComponent
const categories: string[] = []

beforeAll(async () => {
  h = await startHarness({ start: '2025-03-12T12:00:00Z' })
  await h.publish({
    slug: 'café-crème',
    categories: ['Économie', 'World'],
    publishedAt: '2025-03-10T08:00:00Z',
  })
  await h.publish({ slug: 'ঢাকা-খবর', categories: ['World'], publishedAt: '2025-02-10T08:00:00Z' })
  await h.publish({ slug: 'plain-news', categories: ['Science'], publishedAt: '2025-03-11T08:00:00Z' })
  h.advanceSeconds(5)
  const paths = ['/', '/rss.xml', '/atom.xml', '/feed.json', '/categories/', '/feeds.opml', '/sitemap.xml']
  paths.push('/sitemaps/pages.xml', '/sitemaps/2025-03.xml', '/sitemaps/2025-02.xml', '/news-sitemap.xml')
  paths.push('/robots.txt', '/healthz')
  for (const slug of categories)
    paths.push(
      `/categories/${enc(slug)}/`,
      `/categories/${enc(slug)}/rss.xml`,
      `/categories/${enc(slug)}/feed.json`,
    )
  for (const slug of ['café-crème', 'ঢাকা-খবর', 'plain-news'])
    paths.push(`/articles/${enc(slug)}`, `/articles/${enc(slug)}.json`)
  for (const path of paths) {
    const res = await h.app.request(path)
    expect(res.status, path).toBe(200)
    canonical.set(path, await res.text())
  }
}, 120_000)

/**
 * A GET of `target` as a Function URL event (and `npm start`) hands it over: the Request's URL
 * parsed (dot segments resolved), the path as sent beside it (`rawPath`, `rawQueryString`).
 */
function sent(target: string): Promise<Response> {
  const at = target.indexOf('?')
  const event = {
    rawPath: at === -1 ? target : target.slice(0, at),
    rawQueryString: at === -1 ? '' : target.slice(at + 1),
  }
  return Promise.resolve(h.app.request(target, {}, { event }))
}

/** A percent-escape of one UTF-8 byte, in either hex case. */
const escapeByte = (byte: number, lower: boolean) => {
  const hex = byte.toString(16).toUpperCase().padStart(2, '0')
  return `%${lower ? hex.toLowerCase() : hex}`
}

/** `path` with the character at `index` (of its decoded form) percent-encoded, byte by byte. */
function encodeCharAt(path: string, index: number, lower: boolean): string {
  const chars = [...decodeURI(path)]
  const i = index % Math.max(1, chars.length)
  const char = chars[i] ?? ''
  if (char === '/' || char === '') return path
  chars[i] = [...new TextEncoder().encode(char)].map((b) => escapeByte(b, lower)).join('')
  return chars.map((c, j) => (j === i ? c : c.length === 1 && c.charCodeAt(0) < 128 ? c : enc(c))).join('')
}

type Mutation = (path: string) => string
const mutations: fc.Arbitrary<Mutation>[] = [
  fc.nat().map((i) => (p: string) => {
    // Flip the case of one ASCII letter.
    const letters = [...p].flatMap((c, j) => (/[a-z]/i.test(c) ? [j] : []))
    const at = letters[i % Math.max(1, letters.length)]
    if (at === undefined) return p
    const c = p[at] ?? ''
    return `${p.slice(0, at)}${c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()}${p.slice(at + 1)}`
  }),
  fc.constant((p: string) => encodeURI(decodeURI(p).normalize('NFD'))),
  fc.tuple(fc.nat(), fc.boolean()).map(
    ([i, lower]) =>
      (p: string) =>
        encodeCharAt(p, i, lower),
  ),
  fc.constant((p: string) => p.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('/.', '/..', '/%2E', '/%2e%2E', '/%2E%2E', '/x/..', '/x/%2E%2E', '/', '//'),
    )
    .map(([i, insert]) => (p: string) => {
      const slashes = [...p].flatMap((c, j) => (c === '/' ? [j] : []))
      const at = slashes[i % slashes.length] ?? 0
      return `${p.slice(0, at)}${insert}${p.slice(at)}`
    }),
  fc
    .constantFrom(
      '?before=x',
      '?after=x',
      '?utm_source=feed',
      '?',
      '?before',
      '?x=1&x=2',
      '?%62efore=x',
      '?content=',
    )
    .map((q) => (p: string) => `${p}${q}`),
]

describe('one URL per resource', () => {
  it('answers every generated variant of a public path with 200 only in its canonical form, else 301 or 4xx', async () => {
    const paths = [...canonical.keys()]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.oneof(...mutations), { minLength: 1, maxLength: 3 }),
        async (path, chosen) => {
          const variant = chosen.reduce((p, m) => m(p), path)
          const res = await sent(variant)
          // A Function URL event cannot tell `/x?` from `/x` (an empty rawQueryString either way).
          const asSent = variant.endsWith('?') ? variant.slice(0, -1) : variant
          expect(res.status, variant).toBeLessThan(500)
          if (res.status === 200) {
            // Served as 200: it must be a canonical URL (as the URL parser leaves it), with its body.
            expect(canonical.has(asSent), `${variant} answered 200 as ${asSent}`).toBe(true)
            expect(await res.text(), variant).toBe(canonical.get(asSent))
          } else if (res.status === 301) {
            const location = res.headers.get('location') ?? ''
            expect(location.startsWith(site.url), variant).toBe(true)
            const next = await sent(location.slice(site.url.length))
            // One redirect, to a URL that answers for itself.
            expect([200, 400, 404, 410], `${variant} -> ${location}`).toContain(next.status)
            if (next.status === 200) expect(canonical.has(location.slice(site.url.length))).toBe(true)
          } else {
            expect(res.status, variant).toBeGreaterThanOrEqual(400)
          }
        },
      ),
      { numRuns: propertyRuns(3000) },
    )
  }, 600_000)

  it('redirects the NFD form of a topic page to its NFC URL, as feeds and articles', async () => {
    for (const [nfd, nfc] of [
      [`/categories/${enc('économie'.normalize('NFD'))}/`, `/categories/${enc('économie')}/`],
      [`/categories/${enc('économie'.normalize('NFD'))}/rss.xml`, `/categories/${enc('économie')}/rss.xml`],
      [`/articles/${enc('café-crème'.normalize('NFD'))}`, `/articles/${enc('café-crème')}`],
    ]) {
      const res = await sent(nfd ?? '')
      expect(res.status, nfd).toBe(301)
      expect(res.headers.get('location')).toBe(`${site.url}${nfc}`)
    }
  })

  it('answers 404 to encoded dot segments and to a month with no article', async () => {
    for (const path of [
      '/categories/%2E%2E/rss.xml',
      '/articles/x/%2E%2E/plain-news',
      '/sitemaps/0000-01.xml',
      '/sitemaps/2025-01.xml',
    ])
      expect((await sent(path)).status, path).toBe(404)
  })

  it('answers 400 naming a parameter the path does not take', async () => {
    for (const [path, param] of [
      ['/articles/plain-news?before=x', 'before'],
      ['/sitemap.xml?before=x', 'before'],
      ['/rss.xml?utm_source=feed', 'utm_source'],
      ['/categories/?before=x', 'before'],
    ] as const) {
      const res = await sent(path)
      expect(res.status, path).toBe(400)
      const problem = (await res.json()) as { errors?: { path: string }[] }
      expect(
        problem.errors?.map((e) => e.path),
        path,
      ).toEqual([param])
    }
  })
})
