import { describe, expect, it } from 'vitest'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { createDynamoArticleStore } from '../../lib/store/dynamo-article-store.ts'
import { useDynalite } from '../support/dynalite.ts'
import { site } from '../support/public-app-harness.ts'
import { bearerSend, token } from '../support/publish-api-harness.ts'

const dynamo = useDynalite()

async function newApi() {
  const store = createDynamoArticleStore({ client: dynamo().client, tableName: await dynamo().createTable() })
  const app = createPublishApp({
    store,
    clock: () => new Date('2025-03-12T12:00:00Z'),
    site,
    tokens: () => [token],
  })
  return bearerSend(app, token)
}

interface Answer {
  id?: string
  version?: number
  errors?: { path: string; message: string }[]
}

const article = { title: 'Imported post', content: '<p>Text.</p>', status: 'published' }

describe('the publish API with an article id', () => {
  it('creates an article with the id sent, on POST and on PUT', async () => {
    const send = await newApi()
    const posted = await send('POST', '/api/articles', { ...article, id: 'https://old.example.com/?p=1' })
    expect(posted.status).toBe(201)
    expect(((await posted.json()) as Answer).id).toBe('https://old.example.com/?p=1')
    const put = await send('PUT', '/api/articles/other', { ...article, id: 'tag:old.example.com,2024:2' })
    expect(put.status).toBe(201)
    const read = await send('GET', '/api/articles/other')
    expect(((await read.json()) as Answer).id).toBe('tag:old.example.com,2024:2')
  })

  it('replaces when the id sent equals the stored one', async () => {
    const send = await newApi()
    await send('PUT', '/api/articles/post', { ...article, id: 'tag:x,2024:1' })
    const replaced = await send('PUT', '/api/articles/post', { ...article, title: 'New', id: 'tag:x,2024:1' })
    expect(replaced.status).toBe(200)
    expect(await replaced.json()).toMatchObject({ id: 'tag:x,2024:1', version: 2 })
  })

  it('answers 400 naming id when a replace sends another id, and keeps the article', async () => {
    const send = await newApi()
    const created = (await (await send('PUT', '/api/articles/post', article)).json()) as Answer
    const res = await send('PUT', '/api/articles/post', { ...article, title: 'New', id: 'tag:x,2024:9' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(((await res.json()) as Answer).errors).toEqual([
      { path: 'id', message: `is immutable: this article's id is "${created.id}"` },
    ])
    expect(await (await send('GET', '/api/articles/post')).json()).toMatchObject({
      id: created.id,
      version: 1,
    })
  })

  it('answers 400 naming id when it is not an absolute IRI', async () => {
    const send = await newApi()
    const res = await send('POST', '/api/articles', { ...article, id: '5d420f3abfe6c20008d5eaad' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Answer).errors?.map((e) => e.path)).toEqual(['id'])
  })
})
