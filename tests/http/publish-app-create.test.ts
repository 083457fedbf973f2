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

describe('POST /api/articles', () => {
  it('creates the article: 201 with Location, an ETag of version 1, an id, url, times and version', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ title: 'Musk advocates US exit from NATO', slug: 'musk-nato' }),
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe('https://news.example.com/api/articles/musk-nato')
    expect(res.headers.get('etag')).toMatch(revisionTag(1))
    const article = await articleOf(res)
    expect(article).toMatchObject({
      slug: 'musk-nato',
      url: 'https://news.example.com/articles/musk-nato',
      title: 'Musk advocates US exit from NATO',
      authors: [{ name: 'Desk Report' }],
      categories: [
        { slug: 'world', name: 'World' },
        { slug: 'nato', name: 'NATO' },
      ],
      status: 'published',
      publishedAt: '2025-03-11T09:19:00+06:00',
      createdAt: start.toISOString(),
      updatedAt: start.toISOString(),
      version: 1,
    })
    expect(article.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(article.contentHtml).toBe(
      '<p>Elon Musk, a key advisor, has publicly called for the United States to leave NATO.</p>',
    )
  })

  it('returns through GET what it created, with the same ETag', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', { json: articleBody({ slug: 'round-trip' }) })
    const created = await articleOf(res)
    const { article, etag } = await api.read('round-trip')
    expect(article).toEqual(created)
    expect(etag).toMatch(revisionTag(1))
    expect(etag).toBe(res.headers.get('etag'))
  })

  it('fills in the defaults: draft, the site author, no publication time', async () => {
    const api = await newApi()
    const created = await api.create({ title: 'Just a draft', content: 'Two words' })
    expect(created).toMatchObject({
      slug: 'just-a-draft',
      status: 'draft',
      authors: [{ name: 'Newsroom Desk' }],
      categories: [],
      contentFormat: 'html',
    })
    expect(created.publishedAt).toBeUndefined()
  })

  it('stamps a published article without publishedAt with the time of publication', async () => {
    const api = await newApi()
    const { publishedAt: _none, ...body } = articleBody()
    const created = await api.create(body)
    expect(created.publishedAt).toBe(start.toISOString())
  })

  it('answers 409 when the slug is taken, and keeps the first article', async () => {
    const api = await newApi()
    const first = await api.create(articleBody({ slug: 'taken' }))
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ slug: 'taken', title: 'Other' }),
    })
    const problem = await problemOf(res, 409)
    expect(problem.detail).toContain('taken')
    expect((await api.read('taken')).article).toEqual(first)
  })

  it('answers 409 when a title gives the slug of an existing article', async () => {
    const api = await newApi()
    await api.create(articleBody({ title: 'Café à Paris' }))
    const res = await api.send('POST', '/api/articles', { json: articleBody({ title: 'Cafe a Paris' }) })
    await problemOf(res, 409)
  })

  it('derives the slug from the title, transliterating accents', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ title: 'Café à Paris: Straße, Øresund & “quotes”' }))
    expect(created.slug).toBe('cafe-a-paris-strasse-oresund-quotes')
    expect(created.url).toBe('https://news.example.com/articles/cafe-a-paris-strasse-oresund-quotes')
  })

  it('answers 400 naming slug when the title has nothing to make a slug from', async () => {
    const api = await newApi()
    await invalidField(
      await api.send('POST', '/api/articles', { json: articleBody({ title: '🎉🏏🔥' }) }),
      'slug',
    )
    expect((await api.list()).items).toEqual([])
  })

  it('creates over a deleted article’s slug with a new id', async () => {
    const api = await newApi()
    const old = await api.create(articleBody({ slug: 'phoenix' }))
    expect((await api.send('DELETE', '/api/articles/phoenix')).status).toBe(204)
    const reborn = await api.create(articleBody({ slug: 'phoenix' }))
    expect(reborn.id).not.toBe(old.id)
    expect(reborn.version).toBe(1)
  })
})
