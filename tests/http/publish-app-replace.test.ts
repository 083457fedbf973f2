import { describe, expect, it } from 'vitest'
import {
  articleBody,
  articleOf,
  invalidField,
  problemOf,
  revisionTag,
  start,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('PUT /api/articles/{slug}', () => {
  it('creates with 201, then replaces with 200 at version 2, keeping id and createdAt', async () => {
    const api = await newApi()
    const res1 = await api.send('PUT', '/api/articles/put-me', { json: articleBody({ title: 'First take' }) })
    expect(res1.status).toBe(201)
    expect(res1.headers.get('location')).toBe('https://news.example.com/api/articles/put-me')
    expect(res1.headers.get('etag')).toMatch(revisionTag(1))
    const created = await articleOf(res1)
    expect(created).toMatchObject({ slug: 'put-me', title: 'First take', version: 1 })

    api.advance(5)
    const res2 = await api.send('PUT', '/api/articles/put-me', {
      json: articleBody({ title: 'Second take' }),
    })
    expect(res2.status).toBe(200)
    expect(res2.headers.get('etag')).toMatch(revisionTag(2))
    // The same article: only the version part of its tag moved.
    expect(res2.headers.get('etag')?.slice(2)).toBe(res1.headers.get('etag')?.slice(2))
    expect(res2.headers.get('location')).toBeNull()
    const replaced = await articleOf(res2)
    expect(replaced).toMatchObject({
      id: created.id,
      slug: 'put-me',
      title: 'Second take',
      createdAt: created.createdAt,
      updatedAt: api.now().toISOString(),
      version: 2,
    })
    expect(replaced.updatedAt).not.toBe(created.updatedAt)
    expect((await api.read('put-me')).article).toEqual(replaced)
  })

  it('replaces the whole document: a field left out goes back to its default', async () => {
    const api = await newApi()
    await api.create(
      articleBody({ slug: 'whole', image: { url: 'https://img.example.com/a.jpg', alt: 'A' } }),
    )
    const { image: _image, categories: _categories, ...rest } = articleBody({ slug: 'whole' })
    const res = await api.send('PUT', '/api/articles/whole', { json: rest })
    const replaced = await articleOf(res)
    expect(replaced.image).toBeUndefined()
    expect(replaced.categories).toEqual([])
  })

  it('keeps the first publication time when a replace leaves publishedAt out', async () => {
    const api = await newApi()
    const { publishedAt: _none, ...body } = articleBody({ slug: 'first-published' })
    await api.send('PUT', '/api/articles/first-published', { json: body })
    api.advance(60)
    const replaced = await articleOf(
      await api.send('PUT', '/api/articles/first-published', { json: { ...body, title: 'Updated' } }),
    )
    expect(replaced.publishedAt).toBe(start.toISOString())
  })

  it('answers 200 and keeps the version when the content is identical', async () => {
    const api = await newApi()
    const body = articleBody({ slug: 'same-again' })
    const created = await api.create(body)
    const { etag } = await api.read('same-again')
    api.advance(5)
    const res = await api.send('PUT', '/api/articles/same-again', { json: body })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe(etag)
    expect(await articleOf(res)).toEqual(created)
    expect((await api.read('same-again')).article).toEqual(created)
  })

  it('keeps the slug immutable: a body naming another slug is a 400 naming slug', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ slug: 'fixed' }))
    const res = await api.send('PUT', '/api/articles/fixed', {
      json: articleBody({ slug: 'moved', title: 'Moved' }),
    })
    const problem = await invalidField(res, 'slug')
    expect(problem.errors?.find((e) => e.path === 'slug')?.message).toContain('immutable')
    expect((await api.read('fixed')).article).toEqual(created)
    await problemOf(await api.send('GET', '/api/articles/moved'), 404)
  })

  it('accepts a body that repeats the slug of the URL', async () => {
    const api = await newApi()
    const res = await api.send('PUT', '/api/articles/echo', { json: articleBody({ slug: 'echo' }) })
    expect(res.status).toBe(201)
  })

  it('answers 400 naming slug when the URL is not a slug', async () => {
    const api = await newApi()
    await invalidField(await api.send('PUT', '/api/articles/Bad_Slug', { json: articleBody() }), 'slug')
    await invalidField(
      await api.send('PUT', `/api/articles/${'a'.repeat(241)}`, { json: articleBody() }),
      'slug',
    )
    expect((await api.list()).items).toEqual([])
  })
})
