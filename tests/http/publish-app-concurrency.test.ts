import { describe, expect, it } from 'vitest'
import {
  articleBody,
  articleOf,
  problemOf,
  revisionTag,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('concurrent writes', () => {
  it('lets exactly one of 20 parallel PUTs with the same If-Match win; 19 get 412', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'contested', title: 'Original' }))
    const ifMatch = (await api.read('contested')).etag ?? ''
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ title: `Edit number ${i}` }))
    const responses = await Promise.all(
      bodies.map((json) => api.send('PUT', '/api/articles/contested', { ifMatch, json })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 412)).toHaveLength(19)
    const winner = responses.findIndex((r) => r.status === 200)
    const { article, etag } = await api.read('contested')
    expect(article.title).toBe(`Edit number ${winner}`)
    expect(article.version).toBe(2)
    expect(etag).toMatch(revisionTag(2))
    for (const res of responses.filter((r) => r.status === 412)) await problemOf(res, 412)
  })

  it('applies every one of parallel PUTs without If-Match: none lost, one version each', async () => {
    const api = await newApi()
    const base = articleBody({ slug: 'busy', title: 'Base' })
    await api.create(base)
    // Each request changes a different field of the whole document.
    const changes: Record<string, unknown>[] = [
      { title: 'Changed title' },
      { summary: 'Changed summary' },
      { content: '<p>Changed content</p>' },
      { contentFormat: 'text' },
      { authors: [{ name: 'Someone Else' }] },
      { categories: ['Sport'] },
      { image: { url: 'https://img.example.com/new.jpg', alt: 'New' } },
      { status: 'draft' },
      { publishedAt: '2025-03-10T08:00:00Z' },
      { summary: '' },
    ]
    const bodies = changes.map((change) => ({ ...base, ...change }))
    const responses = await Promise.all(bodies.map((json) => api.send('PUT', '/api/articles/busy', { json })))
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 200))
    const written = await Promise.all(responses.map(articleOf))
    // Each write changed the document, so each got its own version: none overwrote another unseen.
    expect(written.map((a) => a.version).sort((a, b) => a - b)).toEqual(bodies.map((_, i) => i + 2))
    const { article } = await api.read('busy')
    expect(article.version).toBe(1 + bodies.length)
    expect(article).toEqual(written.find((a) => a.version === article.version))
  })

  it('deletes without If-Match even while parallel PUTs keep changing the article', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'doomed' }))
    const puts = Array.from({ length: 15 }, (_, i) =>
      api.send('PUT', '/api/articles/doomed', { json: articleBody({ title: `Edit ${i}` }) }),
    )
    const deletion = api.send('DELETE', '/api/articles/doomed')
    const [deleted, ...edits] = await Promise.all([deletion, ...puts])
    expect(deleted?.status).toBe(204)
    // A PUT after the delete creates the article again; none is refused.
    for (const res of edits) expect([200, 201]).toContain(res.status)
  })

  it('lets exactly one of 20 parallel POSTs of a slug create it; 19 get 409', async () => {
    const api = await newApi()
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ slug: 'race', title: `Racer ${i}` }))
    const responses = await Promise.all(bodies.map((json) => api.send('POST', '/api/articles', { json })))
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    const winner = responses.findIndex((r) => r.status === 201)
    const { article } = await api.read('race')
    expect(article.title).toBe(`Racer ${winner}`)
    expect(article.version).toBe(1)
  })

  it('turns 20 parallel PUTs creating one slug into one 201 and 19 replaces, none lost', async () => {
    const api = await newApi()
    const bodies = Array.from({ length: 20 }, (_, i) => articleBody({ title: `Creator ${i}` }))
    const responses = await Promise.all(
      bodies.map((json) => api.send('PUT', '/api/articles/fresh', { json })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 200)).toHaveLength(19)
    const ids = new Set(await Promise.all(responses.map(async (r) => (await articleOf(r)).id)))
    expect(ids.size).toBe(1)
    expect((await api.read('fresh')).article.version).toBe(20)
  })
})
