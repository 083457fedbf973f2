import { describe, expect, it } from 'vitest'
import { articleBody, problemOf, usePublishApi } from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('DELETE /api/articles/{slug}', () => {
  it('answers 204, then the article is gone: GET 410, out of the list', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'short-lived' }))
    const kept = await api.create(articleBody({ slug: 'kept' }))
    const res = await api.send('DELETE', '/api/articles/short-lived')
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    const gone = await problemOf(await api.send('GET', '/api/articles/short-lived'), 410)
    expect(gone.detail).toContain('short-lived')
    expect((await api.list()).items).toEqual([kept])
  })

  it('answers 410 to a second delete and 404 to an unknown slug', async () => {
    const api = await newApi()
    await api.create(articleBody({ slug: 'twice' }))
    expect((await api.send('DELETE', '/api/articles/twice')).status).toBe(204)
    await problemOf(await api.send('DELETE', '/api/articles/twice'), 410)
    await problemOf(await api.send('DELETE', '/api/articles/never-was'), 404)
  })
})
