import { describe, expect, it } from 'vitest'
import {
  articleBody,
  invalidField,
  problemOf,
  type Send,
  usePublishApi,
} from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('invalid requests leave what was stored untouched', () => {
  const cases: {
    name: string
    send: (body: Record<string, unknown>) => Send
    status: number
    path?: string
    title?: RegExp
  }[] = [
    {
      name: 'a missing title',
      send: ({ title: _title, ...body }) => ({ json: body }),
      status: 400,
      path: 'title',
    },
    {
      name: 'a 2 MB body',
      send: (body) => ({ json: { ...body, content: `<p>${'x'.repeat(2 * 1024 * 1024)}</p>` } }),
      status: 413,
    },
    {
      name: 'a number where a string belongs',
      send: (body) => ({ json: { ...body, title: 42 } }),
      status: 400,
      path: 'title',
    },
    {
      name: 'an impossible date',
      send: (body) => ({ json: { ...body, publishedAt: '2025-02-30T10:00:00Z' } }),
      status: 400,
      path: 'publishedAt',
    },
    {
      name: 'a date without an offset',
      send: (body) => ({ json: { ...body, publishedAt: '2025-03-11T09:19:00' } }),
      status: 400,
      path: 'publishedAt',
    },
    {
      name: 'an unknown status',
      send: (body) => ({ json: { ...body, status: 'archived' } }),
      status: 400,
      path: 'status',
    },
    {
      name: 'an unknown field',
      send: (body) => ({ json: { ...body, colour: 'red' } }),
      status: 400,
      path: 'colour',
    },
    {
      name: 'an http image',
      send: (body) => ({ json: { ...body, image: { url: 'http://img.example.com/a.jpg', alt: 'A' } } }),
      status: 400,
      path: 'image.url',
    },
    {
      name: 'eleven categories',
      send: (body) => ({ json: { ...body, categories: Array.from({ length: 11 }, (_, i) => `Cat ${i}`) } }),
      status: 400,
      path: 'categories',
    },
    { name: 'a JSON array', send: () => ({ raw: '[]' }), status: 400, path: '' },
    { name: 'JSON null', send: () => ({ raw: 'null' }), status: 400, path: '' },
    { name: 'malformed JSON', send: () => ({ raw: '{"title": "Unfinished' }), status: 400, path: '' },
    { name: 'an empty body', send: () => ({ raw: '' }), status: 400, path: '' },
    {
      name: 'a text/plain body',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'text/plain' }),
      status: 415,
    },
    {
      name: 'a form-encoded body',
      send: () => ({ raw: 'title=Hello&content=World', contentType: 'application/x-www-form-urlencoded' }),
      status: 415,
    },
    {
      name: 'JSON with malformed media-type parameters',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'application/json;;;' }),
      status: 415,
    },
    {
      name: 'JSON in another charset',
      send: (body) => ({ raw: JSON.stringify(body), contentType: 'application/json; charset=iso-8859-1' }),
      status: 415,
    },
  ]

  it.each(cases)('$name: $status on POST and PUT', async ({ send, status, path }) => {
    const api = await newApi()
    const existing = await api.create(articleBody({ slug: 'existing' }))
    const body = articleBody({ slug: 'existing', title: 'A changed title' })
    for (const [method, url] of [
      ['POST', '/api/articles'],
      ['PUT', '/api/articles/existing'],
      ['PUT', '/api/articles/brand-new'],
    ] as const) {
      const res = await api.send(method, url, send(method === 'PUT' ? body : { ...body, slug: 'brand-new' }))
      const problem = await problemOf(res, status)
      if (path !== undefined)
        expect(
          problem.errors?.map((e) => e.path),
          `${method} ${url}`,
        ).toContain(path)
    }
    expect((await api.read('existing')).article).toEqual(existing)
    expect((await api.list()).items).toEqual([existing])
  })

  it('says which date is impossible', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ publishedAt: '2025-02-30T10:00:00Z' }),
    })
    const problem = await invalidField(res, 'publishedAt')
    expect(problem.errors?.[0]?.message).toContain('2025-02-30T10:00:00Z')
  })

  it('names every invalid field at once', async () => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', {
      json: { title: '', content: 7, status: 'live', authors: [{ name: '' }] },
    })
    const problem = await problemOf(res, 400)
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([
      'authors.0.name',
      'content',
      'status',
      'title',
    ])
  })

  it('answers 413 saying it does not fit when the rendered article is over the item limit, storing nothing', async () => {
    const api = await newApi()
    const existing = await api.create(articleBody({ slug: 'existing' }))
    // 340 000 ampersands are within the input limit, but each escapes to `&amp;` in the rendered HTML.
    const huge = articleBody({ content: '&'.repeat(340_000) })
    const created = await problemOf(
      await api.send('POST', '/api/articles', { json: { ...huge, slug: 'huge' } }),
      413,
    )
    expect(created.detail).toMatch(/KB/)
    expect(created.detail).toMatch(/DynamoDB item|shorten/)
    const replaced = await problemOf(await api.send('PUT', '/api/articles/existing', { json: huge }), 413)
    expect(replaced.detail).toMatch(/KB/)
    await problemOf(await api.send('GET', '/api/articles/huge'), 404)
    expect((await api.read('existing')).article).toEqual(existing)
    expect((await api.list()).items).toEqual([existing])
  })

  it('answers 413 for Markdown that expands past the item limit', async () => {
    const api = await newApi()
    // A bare URL becomes a link: the address appears three times in the stored article.
    const markdown = 'https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\n'.repeat(4800)
    expect(markdown.length).toBeLessThan(350_000)
    const res = await api.send('POST', '/api/articles', {
      json: articleBody({ slug: 'links', content: markdown, contentFormat: 'markdown' }),
    })
    await problemOf(res, 413)
    await problemOf(await api.send('GET', '/api/articles/links'), 404)
  })
})
