import { describe, expect, it } from 'vitest'
import {
  articleBody,
  articleOf,
  invalidField,
  problemOf,
  revisionTag,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('If-Match', () => {
  async function withVersion2() {
    const api = await newApi()
    await api.create(articleBody({ slug: 'guarded', title: 'Version one' }))
    const etag1 = (await api.read('guarded')).etag ?? ''
    await api.send('PUT', '/api/articles/guarded', {
      json: articleBody({ slug: 'guarded', title: 'Version two' }),
    })
    const { article, etag } = await api.read('guarded')
    expect(article.version).toBe(2)
    return { api, v2: article, etag1, etag2: etag ?? '' }
  }

  it('replaces when it names the current version', async () => {
    const { api, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: etag2,
      json: articleBody({ title: 'Version three' }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(revisionTag(3))
  })

  it('answers 412 for a stale version and changes nothing', async () => {
    const { api, v2, etag1, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: etag1,
      json: articleBody({ title: 'Lost update' }),
    })
    const problem = await problemOf(res, 412)
    expect(problem.detail).toContain(etag2.slice(1, -1))
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it('never takes a bare version number for the ETag: 412', async () => {
    const { api, v2 } = await withVersion2()
    await problemOf(
      await api.send('PUT', '/api/articles/guarded', { ifMatch: '"2"', json: articleBody() }),
      412,
    )
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it('accepts a list that holds the current version', async () => {
    const { api, etag1, etag2 } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: `${etag1}, ${etag2}`,
      json: articleBody(),
    })
    expect(res.status).toBe(200)
  })

  it('takes * as any existing version', async () => {
    const { api } = await withVersion2()
    const res = await api.send('PUT', '/api/articles/guarded', {
      ifMatch: '*',
      json: articleBody({ title: 'Any' }),
    })
    expect(res.status).toBe(200)
    expect((await articleOf(res)).version).toBe(3)
  })

  it('answers 412 for * or a version when the article does not exist, creating nothing', async () => {
    const api = await newApi()
    await problemOf(await api.send('PUT', '/api/articles/absent', { ifMatch: '*', json: articleBody() }), 412)
    await problemOf(
      await api.send('PUT', '/api/articles/absent', { ifMatch: '"1"', json: articleBody() }),
      412,
    )
    await problemOf(await api.send('GET', '/api/articles/absent'), 404)
  })

  it('never matches a weak tag (strong comparison): 412', async () => {
    const { api, v2, etag2 } = await withVersion2()
    await problemOf(
      await api.send('PUT', '/api/articles/guarded', { ifMatch: `W/${etag2}`, json: articleBody() }),
      412,
    )
    await problemOf(await api.send('DELETE', '/api/articles/guarded', { ifMatch: `W/${etag2}` }), 412)
    expect((await api.read('guarded')).article).toEqual(v2)
  })

  it.each(['2', '"2', 'two', '"2" junk', ''])(
    'answers 400 naming If-Match for the malformed %j',
    async (header) => {
      const { api, v2 } = await withVersion2()
      await invalidField(
        await api.send('PUT', '/api/articles/guarded', { ifMatch: header, json: articleBody() }),
        'If-Match',
      )
      await invalidField(await api.send('DELETE', '/api/articles/guarded', { ifMatch: header }), 'If-Match')
      expect((await api.read('guarded')).article).toEqual(v2)
    },
  )

  it('guards DELETE too: 412 when stale, 204 when current', async () => {
    const { api, v2, etag1, etag2 } = await withVersion2()
    await problemOf(await api.send('DELETE', '/api/articles/guarded', { ifMatch: etag1 }), 412)
    expect((await api.read('guarded')).article).toEqual(v2)
    expect((await api.send('DELETE', '/api/articles/guarded', { ifMatch: etag2 })).status).toBe(204)
  })
})
