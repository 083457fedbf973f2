import { describe, expect, it } from 'vitest'
import {
  type ArticleJson,
  articleBody,
  invalidField,
  problemOf,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('GET /api/articles/{slug}', () => {
  it('answers 404 for an unknown slug and for one that cannot be a slug', async () => {
    const api = await newApi()
    const missing = await problemOf(await api.send('GET', '/api/articles/nothing-here'), 404)
    expect(missing.detail).toContain('nothing-here')
    await problemOf(await api.send('GET', '/api/articles/Not_A_Slug'), 404)
    await problemOf(await api.send('GET', `/api/articles/${'a'.repeat(241)}`), 404)
  })
})

describe('GET /api/articles', () => {
  async function withArticles(count: number) {
    const api = await newApi()
    const created: ArticleJson[] = []
    for (let i = 0; i < count; i++) {
      api.advance(1)
      created.push(await api.create(articleBody({ status: i % 3 === 0 ? 'draft' : 'published' })))
    }
    return { api, newestFirst: created.reverse() }
  }

  it('lists articles of every status, most recently created first', async () => {
    const { api, newestFirst } = await withArticles(4)
    const page = await api.list()
    expect(page.items).toEqual(newestFirst)
    expect(page.nextCursor).toBeUndefined()
  })

  it('filters by status', async () => {
    const { api, newestFirst } = await withArticles(5)
    expect((await api.list('?status=draft')).items).toEqual(newestFirst.filter((a) => a.status === 'draft'))
    expect((await api.list('?status=published')).items).toEqual(
      newestFirst.filter((a) => a.status === 'published'),
    )
  })

  it('pages with the cursor across three pages, returning every article exactly once', async () => {
    const { api, newestFirst } = await withArticles(7)
    const seen: ArticleJson[] = []
    const sizes: number[] = []
    let query = '?limit=3'
    for (let i = 0; i < 10; i++) {
      const page = await api.list(query)
      seen.push(...page.items)
      sizes.push(page.items.length)
      if (page.nextCursor === undefined) break
      query = `?limit=3&cursor=${encodeURIComponent(page.nextCursor)}`
    }
    expect(sizes).toEqual([3, 3, 1])
    expect(seen).toEqual(newestFirst)
  })

  it('pages one status with the cursor', async () => {
    const { api, newestFirst } = await withArticles(9)
    const published = newestFirst.filter((a) => a.status === 'published')
    const seen: ArticleJson[] = []
    let query = '?status=published&limit=2'
    for (let i = 0; i < 10; i++) {
      const page = await api.list(query)
      seen.push(...page.items)
      if (page.nextCursor === undefined) break
      query = `?status=published&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`
    }
    expect(seen).toEqual(published)
  })

  it.each(['0', '101', 'abc', '1.5', '-1', '', '1e1'])(
    'answers 400 naming limit for limit=%j',
    async (limit) => {
      const api = await newApi()
      await invalidField(await api.send('GET', `/api/articles?limit=${limit}`), 'limit')
    },
  )

  it('accepts the limits 1 and 100', async () => {
    const { api } = await withArticles(2)
    expect((await api.list('?limit=1')).items).toHaveLength(1)
    expect((await api.list('?limit=100')).items).toHaveLength(2)
  })

  it.each(['archived', 'Draft', ''])('answers 400 naming status for status=%j', async (status) => {
    const api = await newApi()
    await invalidField(await api.send('GET', `/api/articles?status=${status}`), 'status')
  })

  it('answers 400 naming cursor for a cursor it did not issue', async () => {
    const api = await newApi()
    await invalidField(await api.send('GET', '/api/articles?cursor=not-a-cursor'), 'cursor')
  })
})
