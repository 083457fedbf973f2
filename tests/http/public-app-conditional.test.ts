import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { noneMatch, Representation } from '../../lib/http/representation.ts'
import { cacheDirectives, feedFormats, type Harness, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()
let h: Harness

const strongEtag = /^"[^"\s]+"$/
const feedPaths = feedFormats.flatMap((f) => [`/${f.file}`, `/categories/world/${f.file}`])

async function seed(harness: Harness) {
  await harness.publish({ categories: ['World'], publishedAt: '2025-03-12T09:00:00Z' })
  await harness.publish({ categories: ['World', 'Science'], publishedAt: '2025-03-12T10:00:00Z' })
  return harness.publish({ categories: ['World'], publishedAt: '2025-03-12T11:00:00Z' })
}

describe('conditional GET of feeds', () => {
  it.each(feedPaths)(
    'revalidates %s by ETag and by date, both moving on publish and on delete',
    async (path) => {
      h = await startHarness()
      await seed(h)
      // Last-Modified is only given once the second of the last change is over (see the test below).
      h.advanceSeconds(1)

      const first = await h.get(path)
      expect(first.status).toBe(200)
      const etag = first.headers.get('etag') ?? ''
      const lastModified = first.headers.get('last-modified') ?? ''
      expect(etag).toMatch(strongEtag)
      expect(lastModified).toBe('Wed, 12 Mar 2025 12:00:00 GMT') // the newest change: the last write, at the clock
      const body = await first.text()

      const byTag = await h.get(path, { 'If-None-Match': etag })
      expect(byTag.status).toBe(304)
      expect(await byTag.text()).toBe('')
      expect(byTag.headers.get('etag')).toBe(etag)
      expect(byTag.headers.get('last-modified')).toBe(lastModified)
      expect(byTag.headers.get('cache-control')).toBe(first.headers.get('cache-control'))

      const byDate = await h.get(path, { 'If-Modified-Since': lastModified })
      expect(byDate.status).toBe(304)
      expect(await byDate.text()).toBe('')

      const older = await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 11:59:59 GMT' })
      expect(older.status).toBe(200)
      expect(await older.text()).toBe(body)

      const anyOther = await h.get(path, { 'If-None-Match': '"not-this-one", "nor-this"' })
      expect(anyOther.status).toBe(200)

      // A publish: both validators move, and the old ETag no longer matches.
      h.advanceSeconds(60)
      const fresh = await h.publish({ categories: ['World'] })
      h.advanceSeconds(1)
      const afterPublish = await h.get(path, { 'If-None-Match': etag })
      expect(afterPublish.status).toBe(200)
      expect(await afterPublish.text()).toContain(fresh.id)
      const etag2 = afterPublish.headers.get('etag') ?? ''
      const lastModified2 = afterPublish.headers.get('last-modified') ?? ''
      expect(etag2).toMatch(strongEtag)
      expect(etag2).not.toBe(etag)
      expect(lastModified2).toBe('Wed, 12 Mar 2025 12:01:01 GMT')
      expect((await h.get(path, { 'If-Modified-Since': lastModified })).status).toBe(200)

      // A delete of the newest item makes the newest publication date go backwards; the validators
      // must still move forward, or a client revalidating by date would keep the deleted item.
      h.advanceSeconds(60)
      await h.remove(fresh.slug)
      h.advanceSeconds(1)
      const afterDelete = await h.get(path, { 'If-Modified-Since': lastModified2 })
      expect(afterDelete.status).toBe(200)
      expect(await afterDelete.text()).not.toContain(fresh.id)
      const etag3 = afterDelete.headers.get('etag') ?? ''
      expect(etag3).toMatch(strongEtag)
      // Not compared with `etag`: JSON Feed has no feed-level date, so its body is now byte for byte the
      // first one again, and the same bytes rightly get the same strong ETag.
      expect(etag3).not.toBe(etag2)
      expect(afterDelete.headers.get('last-modified')).toBe('Wed, 12 Mar 2025 12:02:02 GMT')
      expect((await h.get(path, { 'If-None-Match': etag2 })).status).toBe(200)
      expect((await h.get(path, { 'If-None-Match': etag3 })).status).toBe(304)
    },
  )

  it.each([
    ['rescheduled into the future', '2025-03-12T13:00:00Z', 10],
    ['backdated off the first page', '2025-03-12T08:00:00Z', 1],
  ])(
    'moves Last-Modified forward with the ETag when the newest article is %s',
    async (_, publishedAt, pageSize) => {
      h = await startHarness({ start: '2025-03-12T11:00:00Z', feedPageSize: pageSize })
      const older = await h.publish({ categories: ['World'], publishedAt: '2025-03-12T10:00:00Z' })
      h.setNow('2025-03-12T11:30:00Z')
      const fields = {
        title: 'Moving target',
        content: '<p>Soon.</p>',
        status: 'published',
        categories: ['World'],
      }
      const moving = await h.publish({ ...fields, publishedAt: '2025-03-12T11:15:00Z' })
      h.setNow('2025-03-12T11:30:01Z')
      for (const path of feedPaths) {
        const before = await h.get(path)
        const text = await before.text()
        expect(text, path).toContain(moving.id)
        expect(before.headers.get('last-modified'), path).toBe('Wed, 12 Mar 2025 11:30:00 GMT')
      }

      h.setNow('2025-03-12T12:00:00Z')
      await h.replace(moving.slug, { ...fields, publishedAt })
      h.setNow('2025-03-12T12:00:01Z')

      for (const path of feedPaths) {
        const res = await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 11:30:00 GMT' })
        expect(res.status, path).toBe(200)
        const text = await res.text()
        expect(text, path).toContain(older.id)
        expect(text, path).not.toContain(moving.id)
        expect(res.headers.get('last-modified'), path).toBe('Wed, 12 Mar 2025 12:00:00 GMT')
      }
    },
  )

  it('gives no Last-Modified until the second of the last change is over, so that If-Modified-Since cannot miss a second change within it', async () => {
    h = await startHarness({ start: '2025-03-12T12:00:00.200Z' })
    const first = await h.publish({ categories: ['World'] })
    for (const path of feedPaths) {
      const early = await h.get(path)
      expect(await early.text(), path).toContain(first.id)
      // HTTP dates count seconds: "12:00:00" here would also name the feed after a change at .700.
      expect(early.headers.get('last-modified'), path).toBeNull()
      expect(early.headers.get('etag'), path).toMatch(strongEtag)
    }
    h.setNow('2025-03-12T12:00:00.700Z')
    const second = await h.publish({ categories: ['World'] })
    h.setNow('2025-03-12T12:00:01.100Z')
    for (const path of feedPaths) {
      const late = await h.get(path)
      expect(await late.text(), path).toContain(second.id)
      expect(late.headers.get('last-modified'), path).toBe('Wed, 12 Mar 2025 12:00:00 GMT')
      const revalidated = await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 12:00:00 GMT' })
      expect(revalidated.status, path).toBe(304)
    }
  })

  it('answers 304 to If-None-Match naming the gzip or br variant of the same body', async () => {
    h = await startHarness()
    await seed(h)
    for (const path of feedPaths) {
      for (const encoding of ['gzip', 'br']) {
        const compressed = await h.get(path, { 'Accept-Encoding': encoding })
        const tag = compressed.headers.get('etag') ?? ''
        expect(tag).toMatch(new RegExp(`^"[^"\\s]+-${encoding}"$`))
        expect((await h.get(path, { 'If-None-Match': tag })).status).toBe(304)
        expect((await h.get(path, { 'If-None-Match': tag, 'Accept-Encoding': encoding })).status).toBe(304)
      }
    }
  })

  it('matches an ETag whose digest happens to end in "-br", and its coded variants', () => {
    const rep = new Representation('feed body 472847', 'text/plain') // found by search: its digest ends in -br
    expect(rep.etag).toMatch(/-br"$/)
    const base = rep.etag.slice(1, -1)
    expect(noneMatch(rep.etag, rep)).toBe(true)
    expect(noneMatch(`"${base}-br"`, rep)).toBe(true)
    expect(noneMatch(`W/"${base}-gzip"`, rep)).toBe(true)
    expect(noneMatch(`"${base.slice(0, -3)}"`, rep)).toBe(false)
  })

  it('reads If-None-Match lists as the write preconditions do: "*" alone matches, a quoted "*" or a broken list does not', () => {
    const rep = new Representation('feed body', 'text/plain')
    expect(noneMatch(' * ', rep)).toBe(true)
    expect(noneMatch('"*"', rep)).toBe(false)
    expect(noneMatch(`"other", W/${rep.etag}`, rep)).toBe(true)
    expect(noneMatch(`"other",${rep.etag}  `, rep)).toBe(true)
    // Not a list of entity tags: never a match, so the client gets the body rather than a wrong 304.
    expect(noneMatch(`${rep.etag} ${rep.etag}`, rep)).toBe(false)
    expect(noneMatch(`garbage, ${rep.etag}`, rep)).toBe(false)
    expect(noneMatch('', rep)).toBe(false)
  })

  it('answers 304 on later pages by ETag, which carry no Last-Modified', async () => {
    h = await startHarness({ feedPageSize: 1 })
    await seed(h)
    const first = await h.get('/feed.json')
    const next = (JSON.parse(await first.text()) as { next_url: string }).next_url
    const second = await h.app.request(next)
    expect(second.status).toBe(200)
    expect(second.headers.get('last-modified')).toBeNull()
    const etag = second.headers.get('etag') ?? ''
    expect(etag).toMatch(strongEtag)
    expect((await h.app.request(next, { headers: { 'If-None-Match': etag } })).status).toBe(304)
  })

  it.each(feedPaths)('answers HEAD %s with the headers of GET and no body', async (path) => {
    h = await startHarness()
    await seed(h)
    h.advanceSeconds(1)
    const get = await h.get(path)
    const head = await h.get(path, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'vary']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name))
      expect(head.headers.get(name), name).not.toBeNull()
    }
    expect(Number(get.headers.get('content-length'))).toBe((await get.arrayBuffer()).byteLength)
    const headRevalidation = await h.get(path, { 'If-None-Match': get.headers.get('etag') ?? '' }, 'HEAD')
    expect(headRevalidation.status).toBe(304)
  })
})

describe('Cache-Control of feeds', () => {
  it('sends public, max-age, s-maxage, stale-while-revalidate and stale-if-error at their defaults', async () => {
    h = await startHarness()
    await seed(h)
    // Past the second of the last change (within it, a feed is not cached past that second).
    h.advanceSeconds(1)
    for (const path of [...feedPaths, '/']) {
      const directives = cacheDirectives((await h.get(path)).headers.get('cache-control'))
      expect(Object.fromEntries(directives), path).toEqual({
        public: true,
        'max-age': 60,
        's-maxage': 300,
        'stale-while-revalidate': 60,
        'stale-if-error': 86_400,
      })
    }
  })

  it('never lets a cache keep a feed past the moment the next scheduled article falls due', async () => {
    h = await startHarness({ start: '2025-03-12T12:00:00Z' })
    await seed(h)
    await h.publish({ categories: ['World'], publishedAt: '2025-03-12T12:01:30Z' }) // due in 90 s
    const expectCapped = async (untilDue: number) => {
      for (const path of [...feedPaths, '/']) {
        const directives = cacheDirectives((await h.get(path)).headers.get('cache-control'))
        expect(directives.get('public'), path).toBe(true)
        const maxAge = Number(directives.get('max-age'))
        const sMaxAge = Number(directives.get('s-maxage'))
        const swr = Number(directives.get('stale-while-revalidate'))
        expect(Number(directives.get('stale-if-error')), path).toBeGreaterThan(0)
        expect(maxAge, path).toBeLessThanOrEqual(untilDue)
        expect(sMaxAge + swr, path).toBeLessThanOrEqual(untilDue)
        expect(maxAge, path).toBeGreaterThanOrEqual(0)
        expect(swr, path).toBeGreaterThanOrEqual(0)
      }
    }
    await expectCapped(90)
    h.advanceSeconds(60) // the cached entries are still valid, but now only 30 s remain
    await expectCapped(30)
    h.advanceSeconds(31) // due: caching is back to normal (nothing else is scheduled)
    const directives = cacheDirectives((await h.get('/rss.xml')).headers.get('cache-control'))
    expect(directives.get('s-maxage')).toBe(300)
  })
})

describe('compression', () => {
  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)(
    'sends %s when asked, decompressing to exactly the identity body',
    async (encoding, inflate) => {
      h = await startHarness()
      await seed(h)
      for (const path of [...feedPaths, '/']) {
        const identity = await h.get(path, { 'Accept-Encoding': 'identity' })
        expect(identity.headers.get('content-encoding')).toBeNull()
        expect(identity.headers.get('vary')).toBe('Accept-Encoding')
        const plain = Buffer.from(await identity.arrayBuffer())

        const res = await h.get(path, { 'Accept-Encoding': encoding })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-encoding'), path).toBe(encoding)
        expect(res.headers.get('vary')).toBe('Accept-Encoding')
        expect(res.headers.get('content-type')).toBe(identity.headers.get('content-type'))
        const wire = Buffer.from(await res.arrayBuffer())
        expect(Number(res.headers.get('content-length'))).toBe(wire.length)
        expect(inflate(wire).equals(plain), path).toBe(true)
        expect(res.headers.get('etag')).not.toBe(identity.headers.get('etag'))
      }
    },
  )

  it('prefers br, honours q=0, and says Vary: Accept-Encoding on every feed response, 304 included', async () => {
    h = await startHarness()
    await seed(h)
    const encodingFor = async (acceptEncoding: string) =>
      (await h.get('/rss.xml', { 'Accept-Encoding': acceptEncoding })).headers.get('content-encoding')
    expect(await encodingFor('gzip, deflate, br')).toBe('br')
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip')
    expect(await encodingFor('gzip;q=0')).toBeNull()
    expect(await encodingFor('*')).toBe('br')
    for (const path of feedPaths) {
      const res = await h.get(path)
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
      const notModified = await h.get(path, { 'If-None-Match': res.headers.get('etag') ?? '' })
      expect(notModified.status).toBe(304)
      expect(notModified.headers.get('vary')).toBe('Accept-Encoding')
      const head = await h.get(path, { 'Accept-Encoding': 'gzip' }, 'HEAD')
      expect(head.headers.get('vary')).toBe('Accept-Encoding')
    }
  })
})

describe('Last-Modified once the second of a change is over (issue 19, point 9)', () => {
  it('gives the date on the first answer after the change’s second, from a body built within it', async () => {
    const h = await startHarness({ start: '2025-03-12T12:00:00.200Z' })
    const article = await h.publish({ categories: ['World'] })
    const paths = feedPaths
    const early = new Map<string, string>()
    for (const path of paths) {
      const res = await h.get(path)
      expect(await res.text(), path).toContain(article.id)
      expect(res.headers.get('last-modified'), path).toBeNull()
      // Not kept by any cache past the second that withholds the date.
      const directives = cacheDirectives(res.headers.get('cache-control'))
      expect(directives.get('max-age'), path).toBe(0)
      expect(directives.get('s-maxage'), path).toBe(0)
      early.set(path, res.headers.get('etag') ?? '')
    }
    h.setNow('2025-03-12T12:00:01.000Z')
    for (const path of paths) {
      const res = await h.get(path)
      expect(res.headers.get('last-modified'), path).toBe('Wed, 12 Mar 2025 12:00:00 GMT')
      expect(res.headers.get('etag'), path).toBe(early.get(path))
      expect(cacheDirectives(res.headers.get('cache-control')).get('s-maxage'), path).toBe(300)
      const revalidated = await h.get(path, { 'If-Modified-Since': 'Wed, 12 Mar 2025 12:00:00 GMT' })
      expect(revalidated.status, path).toBe(304)
    }
  })
})
