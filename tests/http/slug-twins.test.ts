import { describe, expect, it } from 'vitest'
import type { Article } from '../../lib/articles/article.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { makeArticle } from '../support/make-article.ts'
import { type Harness, site as publicSite, useHarness } from '../support/public-app-harness.ts'
import { token, usePublishApi } from '../support/publish-api-harness.ts'

/*
 * Issue 19 point 7: slugs people can tell apart, through the real publish API on dynalite and the
 * real public app. A compatibility twin of a taken slug is the same slug (409); a word mixing scripts
 * is refused naming `slug`; a compatibility form of a permalink is a 301 to the folded one.
 */

const ascii = /^[\x21-\x7e]+$/

const publishApis = usePublishApi()

let sequence = 0
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1
  return {
    title: `Dispatch ${sequence}`,
    content: '<p>Report.</p>',
    status: 'published',
    publishedAt: '2025-03-11T09:19:00Z',
    ...overrides,
  }
}

/** POSTs to a publish app of its own table (tests/support/publish-api-harness.ts). */
async function newApi() {
  const { send } = await publishApis.newApi()
  return (json: unknown) => send('POST', '/api/articles', { json })
}

interface Problem {
  status: number
  errors?: { path: string; message: string }[]
}

describe('explicit slugs are folded and stored folded', () => {
  it.each([
    ['ﬁnance', 'finance'],
    ['ｆｉｎａｎｃｅ', 'finance'],
    ['𝐟𝐢𝐧𝐚𝐧𝐜𝐞', 'finance'],
    ['𝖿𝗂𝗇𝖺𝗇𝖼𝖾', 'finance'],
  ])('stores %s as %s, and a second create of either answers 409', async (twin, folded) => {
    const post = await newApi()
    const created = await post(body({ slug: twin }))
    expect(created.status).toBe(201)
    expect(((await created.json()) as { slug: string }).slug).toBe(folded)
    for (const again of [folded, twin]) {
      const res = await post(body({ slug: again }))
      expect(res.status).toBe(409)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
  })

  it('folds a category slug the same way', async () => {
    const post = await newApi()
    const created = await post(body({ categories: [{ slug: 'ﬁnance', name: 'Finance' }] }))
    expect(created.status).toBe(201)
    const article = (await created.json()) as { categories: { slug: string }[] }
    expect(article.categories.map((c) => c.slug)).toEqual(['finance'])
  })

  it('takes sigma by position, not punctuation: οδοσ and οδος are one slug', async () => {
    const post = await newApi()
    const created = await post(body({ slug: 'οδοσ-α' }))
    expect(((await created.json()) as { slug: string }).slug).toBe('οδος-α')
    expect((await post(body({ slug: 'οδος-α' }))).status).toBe(409)
    // Titles: "ΟΔΟΣ.Α" and "ΟΔΟΣ Α" used to give οδοσ-α and οδος-α, two slugs.
    expect(((await (await post(body({ title: 'ΟΔΟΣ Β' }))).json()) as { slug: string }).slug).toBe('οδος-β')
    expect((await post(body({ title: 'ΟΔΟΣ.Β' }))).status).toBe(409)
  })

  it.each([
    ['pоlice', 'Cyrillic о in a Latin word'],
    ['аpple', 'Latin p among Cyrillic'],
    ['news-rеport', 'Cyrillic е in the second word'],
    ['ঢাকাx', 'Latin x after Bengali'],
  ])('refuses %s (%s) with a 400 naming slug', async (slug) => {
    const post = await newApi()
    const res = await post(body({ slug }))
    expect(res.status).toBe(400)
    const problem = (await res.json()) as Problem
    expect(problem.errors).toEqual([
      { path: 'slug', message: expect.stringMatching(/^slug must not mix scripts/) },
    ])
  })

  it('refuses a category slug mixing scripts, naming it', async () => {
    const post = await newApi()
    const res = await post(body({ categories: [{ slug: 'pоlice', name: 'Police' }] }))
    expect(res.status).toBe(400)
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(['categories.0.slug'])
  })

  it.each(['東京タワー', 'ঢাকায়-ভোট', 'covid-19', '2026-election', '서울-한국어'])(
    'still takes %s',
    async (slug) => {
      const post = await newApi()
      expect((await post(body({ slug }))).status).toBe(201)
    },
  )

  it('derives a slug from the following words when the first grapheme alone is over 240 bytes', async () => {
    const post = await newApi()
    const res = await post(body({ title: `ক${'\u09bf'.repeat(150)} world news` }))
    expect(res.status).toBe(201)
    expect(((await res.json()) as { slug: string }).slug).toBe('world-news')
  })

  it('answers an accurate 400 naming slug when that grapheme is all the title has', async () => {
    const post = await newApi()
    const res = await post(body({ title: `ক${'\u09bf'.repeat(150)}` }))
    expect(res.status).toBe(400)
    const problem = (await res.json()) as Problem
    expect(problem.errors?.map((e) => e.path)).toEqual(['slug'])
    expect(problem.errors?.[0]?.message).toMatch(/too long/)
  })
})

describe('the public app sends a compatibility form of a slug to the folded one', () => {
  const newHarness = useHarness()

  it('answers 301 to the folded permalink, as for NFD', async () => {
    const h = await newHarness()
    await h.publish({ title: 'Finance', slug: 'finance', categories: ['Finance'] })
    const canonical = `${publicSite.url}/articles/finance`
    for (const [path, location] of [
      [`/articles/${encodeURIComponent('ﬁnance')}`, canonical],
      [`/articles/${encodeURIComponent('ｆｉｎａｎｃｅ')}.json`, `${canonical}.json`],
      [`/categories/${encodeURIComponent('ﬁnance')}/rss.xml`, `${publicSite.url}/categories/finance/rss.xml`],
    ] as const) {
      const res = await h.get(path)
      expect(res.status, path).toBe(301)
      expect(res.headers.get('location')).toBe(location)
      expect(res.headers.get('location')).toMatch(ascii)
    }
    expect((await h.get('/articles/finance')).status).toBe(200)
  })

  it('answers 301 from the other sigma to the folded one, and 404 for a mixed-script twin', async () => {
    const h = await newHarness()
    await h.publish({ title: 'ΟΔΟΣ Α' })
    const res = await h.get(`/articles/${encodeURIComponent('οδοσ-α')}`)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${publicSite.url}/articles/${encodeURIComponent('οδος-α')}`)
    expect((await h.get(`/articles/${encodeURIComponent('fіnance')}`)).status).toBe(404) // Cyrillic і
  })

  it('keeps 404 for an uppercase path, as before', async () => {
    const h = await newHarness()
    await h.publish({ title: 'Finance', slug: 'finance' })
    expect((await h.get('/articles/Finance')).status).toBe(404)
  })
})

describe('an article stored before slugs were folded stays reachable at the slug it was stored at', () => {
  const newHarness = useHarness()
  // Each holds a slug's shape by the rule before folding, and folds (or is refused) now.
  const oldSlugs = ['ﬁnance-report', 'οδοσ-α', 'fіnance'] // ﬁ ligature, medial sigma at the end, Cyrillic і

  /** The item as the store wrote it before, through the real store (which takes any key). */
  async function storeOld(h: Harness, slug: string): Promise<Article> {
    const article = makeArticle({ slug, title: `Old ${slug}`, publishedAt: '2025-03-11T09:19:00Z' })
    await h.store.create(article)
    return article
  }

  function publishApi(h: Harness) {
    const app = createPublishApp({
      store: h.store,
      clock: h.now,
      site: publicSite,
      tokens: () => [token],
      logger: { request: () => {}, error: (error) => expect.fail(String(error)) },
    })
    return (slug: string, method: string, headers: Record<string, string> = {}, json?: unknown) =>
      app.request(`/api/articles/${encodeURIComponent(slug)}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      })
  }

  it('serves its permalink and JSON instead of a 301 to a folded slug that holds nothing', async () => {
    const h = await newHarness()
    for (const slug of oldSlugs) {
      const article = await storeOld(h, slug)
      const page = await h.get(`/articles/${encodeURIComponent(slug)}`)
      expect(page.status, slug).toBe(200)
      expect(await page.text()).toContain(article.title)
      const json = await h.get(`/articles/${encodeURIComponent(slug)}.json`)
      expect(json.status, slug).toBe(200)
      expect(await json.text()).toContain(article.id)
    }
    // A folded twin with nothing stored under the old form still goes to the folded permalink.
    const res = await h.get(`/articles/${encodeURIComponent('ﬁnance-news')}`)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${publicSite.url}/articles/finance-news`)
  })

  it('answers GET, PUT and DELETE /api/articles/{slug} for it, never creating a folded twin', async () => {
    const h = await newHarness()
    const api = publishApi(h)
    for (const slug of oldSlugs.slice(0, 2)) {
      await storeOld(h, slug)
      const got = await api(slug, 'GET')
      expect(got.status, slug).toBe(200)
      expect((await got.json()) as unknown).toMatchObject({ slug })
      const etag = got.headers.get('etag') ?? ''
      const put = await api(
        slug,
        'PUT',
        { 'If-Match': etag },
        {
          title: 'Corrected',
          content: '<p>Corrected.</p>',
          status: 'published',
          publishedAt: '2025-03-11T09:19:00Z',
        },
      )
      expect(put.status, slug).toBe(200)
      expect((await put.json()) as unknown).toMatchObject({ slug, title: 'Corrected' })
      const folded = await h.store.findBySlug(slug === 'οδοσ-α' ? 'οδος-α' : 'finance-report')
      expect(folded).toBeUndefined()
      expect((await api(slug, 'DELETE', { 'If-Match': put.headers.get('etag') ?? '' })).status).toBe(204)
      expect((await api(slug, 'GET')).status).toBe(410)
    }
  })
})
