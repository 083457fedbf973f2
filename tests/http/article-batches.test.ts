import { describe, expect, it } from 'vitest'
import { undeclaredAnswer } from '../support/declared-statuses.ts'
import { bearerSend, start as now, site, usePublishApi } from '../support/publish-api-harness.ts'

interface BatchJson {
  results: {
    index: number
    status: number
    article?: { slug: string; id: string; version: number; title: string }
    id?: string
    slug?: string
    url?: string
    version?: number
    etag?: string
    location?: string
    problem?: { status: number; title: string; detail: string; errors?: { path: string; message: string }[] }
  }[]
  created: number
  refused: number
}

const { newApi: newPublishApi } = usePublishApi()

function articleBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Musk advocates US exit from NATO',
    summary: 'Elon Musk has stirred fresh controversy.',
    content: '<p>Elon Musk, a key advisor, said so.</p>',
    categories: ['World'],
    status: 'published',
    publishedAt: '2025-03-11T09:19:00+06:00',
    ...overrides,
  }
}

/** A publish app on a table of its own; `send` takes the body to JSON-encode, or a string to send as it is. */
async function newApi() {
  const { send, store, doc, app } = await newPublishApi()
  return {
    store,
    doc,
    /** POST a batch with these headers (`Prefer`), the answer checked against the document as `send` does. */
    async postBatch(articles: unknown[], headers: Record<string, string>) {
      const res = await bearerSend(app)('POST', '/api/article-batches', { articles }, headers)
      expect(undeclaredAnswer(doc, 'POST', '/api/article-batches', res)).toBeUndefined()
      return res
    },
    send: (method: string, path: string, body?: unknown, contentType?: string) =>
      send(method, path, {
        ...(typeof body === 'string' ? { raw: body } : { json: body }),
        ...(contentType !== undefined && { contentType }),
      }),
  }
}

describe('POST /api/article-batches', () => {
  it('creates each article as POST /api/articles would, answering 201 per item in order', async () => {
    const { send, store } = await newApi()
    const res = await send('POST', '/api/article-batches', {
      articles: [
        articleBody({ slug: 'first' }),
        articleBody({ title: 'A slug from the title' }),
        articleBody({ slug: 'draft-one', status: 'draft', publishedAt: undefined }),
      ],
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as BatchJson
    expect(body.created).toBe(3)
    expect(body.refused).toBe(0)
    expect(body.results.map((r) => [r.index, r.status, r.article?.slug])).toEqual([
      [0, 201, 'first'],
      [1, 201, 'a-slug-from-the-title'],
      [2, 201, 'draft-one'],
    ])
    const one = await send('GET', '/api/articles/first')
    expect(one.status).toBe(200)
    expect(((await one.json()) as { id: string }).id).toBe(body.results[0]?.article?.id)
    expect((await store.listPublished({ now, limit: 10 })).items.map((a) => a.slug).sort()).toEqual([
      'a-slug-from-the-title',
      'first',
    ])
    expect(await store.listCategories(now)).toEqual([{ slug: 'world', name: 'World' }])
  })

  it('refuses an invalid item with 400 naming its index and field, a taken slug with 409, and stores the rest', async () => {
    const { send, store } = await newApi()
    expect((await send('POST', '/api/articles', articleBody({ slug: 'taken' }))).status).toBe(201)
    const res = await send('POST', '/api/article-batches', {
      articles: [
        articleBody({ slug: 'taken', title: 'Overwrite?' }),
        articleBody({ slug: 'fine' }),
        articleBody({ slug: 'bad', title: 42 }),
        articleBody({ slug: 'fine', title: 'Same slug again' }),
        'not an article',
      ],
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as BatchJson
    expect(body.results.map((r) => r.status)).toEqual([409, 201, 400, 409, 400])
    expect(body).toMatchObject({ created: 1, refused: 4 })
    expect(body.results[0]?.problem).toMatchObject({ status: 409, title: 'Conflict' })
    expect(body.results[2]?.problem?.errors?.map((e) => e.path)).toEqual(['articles.2.title'])
    expect(body.results[4]?.problem?.errors?.map((e) => e.path)).toEqual(['articles.4'])
    expect((await store.findBySlug('taken')) ?? {}).toMatchObject({
      title: 'Musk advocates US exit from NATO',
    })
    expect(await store.findBySlug('bad')).toBeUndefined()
    expect((await store.findBySlug('fine')) ?? {}).toMatchObject({
      title: 'Musk advocates US exit from NATO',
    })
  })

  it('answers each created article by id, slug, url, version, ETag and Location with Prefer: return=minimal', async () => {
    const { send, postBatch } = await newApi()
    await send('POST', '/api/articles', articleBody({ slug: 'taken' }))
    const res = await postBatch(
      [
        articleBody({ slug: 'first' }),
        articleBody({ slug: 'taken' }),
        articleBody({ slug: 'bad', title: 42 }),
      ],
      { Prefer: 'respond-async, RETURN = "minimal"; extra' },
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('preference-applied')).toBe('return=minimal')
    const body = (await res.json()) as BatchJson
    expect([body.created, body.refused]).toEqual([1, 2])
    const [created, taken, bad] = body.results
    // What a POST of the article alone answers, in its headers and body, and nothing more.
    const single = await send('GET', '/api/articles/first')
    const stored = (await single.json()) as { id: string; url: string; version: number }
    expect(created).toEqual({
      index: 0,
      status: 201,
      id: stored.id,
      slug: 'first',
      url: stored.url,
      version: stored.version,
      etag: single.headers.get('etag'),
      location: `${site.url}/api/articles/first`,
    })
    expect((await send('GET', new URL(created?.location ?? '').pathname)).status).toBe(200)
    // Refusals are answered in full, as without the preference.
    expect(taken).toMatchObject({ index: 1, status: 409, problem: { status: 409 } })
    expect(bad?.problem?.errors?.map((e) => e.path)).toEqual(['articles.2.title'])
  })

  it('answers in full without a return=minimal preference, and says no preference was applied', async () => {
    const { postBatch } = await newApi()
    for (const [n, prefer] of [undefined, 'return=representation', 'return=smallest', 'wait=5'].entries()) {
      const res = await postBatch(
        [articleBody({ slug: `full-${n}` })],
        prefer === undefined ? {} : { Prefer: prefer },
      )
      expect(res.headers.get('preference-applied')).toBeNull()
      const [result] = ((await res.json()) as BatchJson).results
      expect(result?.article?.slug).toBe(`full-${n}`)
      expect(result).not.toHaveProperty('etag')
    }
  })

  it('never takes a deleted article’s slug, which POST would', async () => {
    const { send } = await newApi()
    await send('POST', '/api/articles', articleBody({ slug: 'gone' }))
    expect((await send('DELETE', '/api/articles/gone')).status).toBe(204)
    const body = (await (
      await send('POST', '/api/article-batches', { articles: [articleBody({ slug: 'gone' })] })
    ).json()) as BatchJson
    expect(body.results[0]?.status).toBe(409)
    expect((await send('GET', '/api/articles/gone')).status).toBe(410)
  })

  it('answers 400 for a body that is not a batch: no articles, too many, not JSON, and 415 for another type', async () => {
    const { send, store } = await newApi()
    const empty = await send('POST', '/api/article-batches', { articles: [] })
    expect(empty.status).toBe(400)
    expect(((await empty.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'articles',
    ])
    const tooMany = await send('POST', '/api/article-batches', {
      articles: Array.from({ length: 101 }, (_, i) => articleBody({ slug: `n-${i}` })),
    })
    expect(tooMany.status).toBe(400)
    expect(await store.findBySlug('n-0')).toBeUndefined()
    expect((await send('POST', '/api/article-batches', '{"articles": [')).status).toBe(400)
    expect((await send('POST', '/api/article-batches', 'articles', 'text/plain')).status).toBe(415)
    expect((await send('POST', '/api/article-batches', [articleBody()])).status).toBe(400)
  })

  it('is declared in the OpenAPI document, and GET /api/articles/batch is still an article slug', async () => {
    const { send, doc } = await newApi()
    expect(Object.keys(doc.paths as object)).toContain('/api/article-batches')
    const post = JSON.stringify(
      (doc.paths as Record<string, { post?: unknown }>)['/api/article-batches']?.post,
    )
    const operation = JSON.parse(post) as {
      parameters: { name: string; in: string }[]
      responses: { 200: { headers: Record<string, unknown> } }
    }
    expect(operation.parameters).toContainEqual(expect.objectContaining({ name: 'Prefer', in: 'header' }))
    expect(Object.keys(operation.responses[200].headers)).toContain('Preference-Applied')
    await send('POST', '/api/articles', articleBody({ slug: 'batch' }))
    expect((await send('GET', '/api/articles/batch')).status).toBe(200)
  })
})
