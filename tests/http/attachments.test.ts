import { parseFeed } from '@rowanmanning/feed-parser'
import Parser from 'rss-parser'
import { describe, expect, it } from 'vitest'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import { start as now, site, token, usePublishApi } from '../support/publish-api-harness.ts'

const audio = {
  url: 'https://media.example.com/ep12.mp3',
  type: 'audio/mpeg',
  length: 24_000_000,
  duration: 1500,
  title: 'Episode 12',
}
const video = { url: 'https://media.example.com/ep12.webm', type: 'video/webm', length: 5000 }

const { newApi } = usePublishApi()

async function newApps() {
  const { app: publish, store } = await newApi()
  const pub = createPublicApp({ store, clock: () => now, site, feedPageSize: 20, cursorKey: 'k'.repeat(32) })
  const post = (body: unknown) =>
    publish.request('/api/articles', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  return { publish, pub, post }
}

const article = {
  slug: 'episode-12',
  title: 'Episode 12',
  content: '<p>The show notes.</p>',
  status: 'published',
  publishedAt: '2025-03-12T10:00:00Z',
  attachments: [audio, video],
}

describe('attachments through the publish API', () => {
  it('stores them and answers them back, in the API, the public JSON, the page and all three feeds', async () => {
    const { publish, pub, post } = await newApps()
    const created = await post(article)
    expect(created.status).toBe(201)
    expect(((await created.json()) as { attachments: unknown }).attachments).toEqual([audio, video])

    const read = await publish.request('/api/articles/episode-12', {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(((await read.json()) as { attachments: unknown }).attachments).toEqual([audio, video])

    const json = (await (await pub.request('/articles/episode-12.json')).json()) as { attachments: unknown }
    expect(json.attachments).toEqual([audio, video])

    const page = await (await pub.request('/articles/episode-12')).text()
    expect(page).toContain(`<audio controls preload="metadata"><source src="${audio.url}" type="audio/mpeg">`)
    expect(page).toContain(`<video controls preload="metadata"><source src="${video.url}" type="video/webm">`)
    expect(page).toContain('<figcaption>Episode 12</figcaption>')

    const rss = await new Parser().parseString(await (await pub.request('/rss.xml')).text())
    expect(rss.items[0]?.enclosure).toEqual({ url: audio.url, length: '24000000', type: 'audio/mpeg' })
    const atom = parseFeed(await (await pub.request('/atom.xml')).text())
    expect(atom.items[0]?.media.map((m) => [m.url, m.mimeType])).toEqual([
      [audio.url, 'audio/mpeg'],
      [video.url, 'video/webm'],
    ])
    const feed = (await (await pub.request('/feed.json')).json()) as {
      items: { attachments: unknown }[]
    }
    expect(feed.items[0]?.attachments).toEqual([
      {
        url: audio.url,
        mime_type: 'audio/mpeg',
        title: 'Episode 12',
        size_in_bytes: 24_000_000,
        duration_in_seconds: 1500,
      },
      { url: video.url, mime_type: 'video/webm', size_in_bytes: 5000 },
    ])
  })

  it.each([
    [{ ...audio, type: 'mp3' }, 'attachments.0.type'],
    [{ ...audio, type: undefined }, 'attachments.0.type'],
    [{ ...audio, url: 'http://media.example.com/ep12.mp3' }, 'attachments.0.url'],
    [{ ...audio, length: -1 }, 'attachments.0.length'],
    [{ ...audio, length: 1.5 }, 'attachments.0.length'],
    [{ ...audio, duration: 0 }, 'attachments.0.duration'],
    [{ ...audio, bitrate: 128 }, 'attachments.0.bitrate'],
  ])('refuses %j with a 400 naming %s', async (attachment, path) => {
    const { post } = await newApps()
    const res = await post({ ...article, attachments: [video, attachment].reverse() })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const problem = (await res.json()) as { errors: { path: string; message: string }[] }
    expect(problem.errors.map((e) => e.path)).toContain(path)
  })

  it('refuses more than 10 attachments', async () => {
    const { post } = await newApps()
    const res = await post({ ...article, attachments: Array.from({ length: 11 }, () => audio) })
    expect(res.status).toBe(400)
    const problem = (await res.json()) as { errors: { path: string }[] }
    expect(problem.errors.map((e) => e.path)).toEqual(['attachments'])
  })

  it('takes the type as declared, whatever the extension says', async () => {
    const { pub, post } = await newApps()
    const odd = { url: 'https://media.example.com/download.php?id=7', type: 'audio/ogg' }
    expect((await post({ ...article, attachments: [odd] })).status).toBe(201)
    const page = await (await pub.request('/articles/episode-12')).text()
    expect(page).toContain(
      `<audio controls preload="metadata"><source src="${odd.url.replace('&', '&amp;')}" type="audio/ogg">`,
    )
  })

  it('describes attachments in the OpenAPI document', async () => {
    const { publish } = await newApps()
    const doc = (await (await publish.request('/api/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> }
    }
    const input = doc.components.schemas.ArticleInput?.properties.attachments
    expect(JSON.stringify(input)).toContain('"required":["url","type"]')
    expect(doc.components.schemas.Article?.properties.attachments).toBeDefined()
  })

  it('shows where an article was first published: the page, Atom rel="via", JSON Feed external_url, the public JSON', async () => {
    const { pub, post } = await newApps()
    const source = 'https://www.example.com/news/the-story?id=1&x=2'
    expect((await post({ ...article, attachments: undefined, source })).status).toBe(201)
    const page = await (await pub.request('/articles/episode-12')).text()
    expect(page).toContain(
      '<p class="source">Originally published at <a href="https://www.example.com/news/the-story?id=1&amp;x=2">www.example.com</a></p>',
    )
    const atom = await (await pub.request('/atom.xml')).text()
    expect(atom).toContain(
      '<link rel="via" type="text/html" href="https://www.example.com/news/the-story?id=1&amp;x=2"/>',
    )
    const feed = (await (await pub.request('/feed.json')).json()) as { items: { external_url?: string }[] }
    expect(feed.items[0]?.external_url).toBe(source)
    const json = (await (await pub.request('/articles/episode-12.json')).json()) as { source?: string }
    expect(json.source).toBe(source)
    const bad = await post({ ...article, slug: 'other', source: 'javascript:alert(1)' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'source',
    ])
  })
})
