import { describe, expect, it } from 'vitest'
import { renderContent } from '../../lib/articles/render-content.ts'
import { createPublishApp } from '../../lib/http/create-publish-app.ts'
import { pageSecurityHeaders } from '../../lib/pages/security-headers.ts'
import { allElements, attr, parsePage } from '../support/html-query.ts'
import { expectProblem, feedFormats, type Harness, site, useHarness } from '../support/public-app-harness.ts'
import { bearerSend } from '../support/publish-api-harness.ts'

/*
 * One test (or a few) per class of defect that an attack on the running site found (issue 9), each
 * through the apps over dynalite as an attacker or a careless publisher would meet them.
 */

const startHarness = useHarness()
const token = 'hostile-classes-token-0123456789'
const feedPaths = feedFormats.map((f) => `/${f.file}`)

/** The harness's public app, and a publish app on the same store and clock. */
async function site2(options: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness(options)
  const api = createPublishApp({ store: h.store, clock: h.now, site, tokens: () => [token] })
  return { h, send: bearerSend(api, token) }
}

async function errorPaths(res: Response, status = 400): Promise<string[]> {
  const problem = (await expectProblem(res, status)) as { errors?: { path: string }[] }
  return (problem.errors ?? []).map((e) => e.path)
}

describe('1. dates out of range once the offset is applied', () => {
  it.each([
    ['9999-12-31T23:00:00-05:00', 'year 10000 in UTC'],
    ['1970-01-01T00:30:00+01:00', 'year 1969 in UTC'],
  ])('refuses publishedAt %s (%s) with a 400 naming publishedAt', async (publishedAt) => {
    const { h, send } = await site2()
    const res = await send('POST', '/api/articles', {
      title: 'From the far future',
      content: '<p>Too soon.</p>',
      status: 'published',
      publishedAt,
    })
    expect(await errorPaths(res)).toEqual(['publishedAt'])
    for (const path of [...feedPaths, '/'])
      expect(await (await h.get(path)).text()).not.toContain('far future')
  })

  it('keeps an article written with a negative offset out of every feed until its UTC time', async () => {
    const { h, send } = await site2({ start: '2025-03-12T12:00:00Z' })
    // 07:30 at -05:00 is 12:30 UTC: half an hour from now, although 07:30 "looks" past.
    const created = await send('POST', '/api/articles', {
      title: 'Scheduled with an offset',
      content: '<p>Later.</p>',
      status: 'published',
      categories: ['World'],
      publishedAt: '2025-03-12T07:30:00-05:00',
    })
    expect(created.status).toBe(201)
    const paths = [...feedPaths, '/', '/categories/world/rss.xml', '/articles/scheduled-with-an-offset.json']
    h.setNow('2025-03-12T12:29:59Z')
    for (const path of paths) expect(await (await h.get(path)).text(), path).not.toContain('with an offset')
    h.setNow('2025-03-12T12:30:00Z')
    for (const path of paths) expect(await (await h.get(path)).text(), path).toContain('with an offset')
  })

  it('accepts the last instant of 9999 and never shows it before then', async () => {
    const { h, send } = await site2()
    const res = await send('POST', '/api/articles', {
      title: 'End of days',
      content: '<p>Far.</p>',
      status: 'published',
      publishedAt: '9999-12-31T23:59:59Z',
    })
    expect(res.status).toBe(201)
    const atom = await h.get('/atom.xml')
    expect(await atom.text()).not.toContain('End of days')
  })
})

describe('2. the public article JSON carries what the page shows and nothing more', () => {
  it('leaves out the raw input and the editorial record, and says nosniff on JSON and feeds', async () => {
    const { h, send } = await site2()
    const raw =
      '<!-- secret-comment --><script>steal("secret-script")</script><p data-x="secret-attribute" style="display:none" hidden>Shown</p>'
    expect(
      (await send('PUT', '/api/articles/leaky', { title: 'Leaky', content: raw, status: 'published' }))
        .status,
    ).toBe(201)
    const res = await h.get('/articles/leaky.json')
    expect(res.status).toBe(200)
    const text = await res.text()
    for (const secret of ['secret-comment', 'secret-script', 'secret-attribute', '<script', 'hidden']) {
      expect(text).not.toContain(secret)
    }
    const body = JSON.parse(text) as Record<string, unknown>
    for (const key of ['content', 'contentFormat', 'createdAt', 'version', 'status', 'wasPublic']) {
      expect(body, key).not.toHaveProperty(key)
    }
    expect(body).toMatchObject({
      title: 'Leaky',
      contentHtml: '<p>Shown</p>',
      url: `${site.url}/articles/leaky`,
    })
    for (const path of ['/articles/leaky.json', ...feedPaths, '/categories/nope/rss.xml', '/healthz']) {
      expect((await h.get(path)).headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })
})

describe('3. entity tags name one article, never a later one at the same slug', () => {
  it('refuses the ETag of a deleted article on the article created again at its slug', async () => {
    const { send } = await site2()
    const body = { title: 'Recycled', content: '<p>One.</p>', status: 'published' }
    const first = await send('PUT', '/api/articles/recycled', body)
    const oldTag = first.headers.get('etag') ?? ''
    expect((await send('DELETE', '/api/articles/recycled')).status).toBe(204)
    const again = await send('PUT', '/api/articles/recycled', { ...body, content: '<p>Two.</p>' })
    expect(again.status).toBe(201)
    expect(again.headers.get('etag')).not.toBe(oldTag)
    await expectProblem(await send('PUT', '/api/articles/recycled', body, { 'If-Match': oldTag }), 412)
    await expectProblem(
      await send('DELETE', '/api/articles/recycled', undefined, { 'If-Match': oldTag }),
      412,
    )
    const current = (await (await send('GET', '/api/articles/recycled')).json()) as { contentHtml: string }
    expect(current.contentHtml).toBe('<p>Two.</p>')
  })

  it('takes If-None-Match: * on PUT as create-only: 412 when the slug is live, 201 when absent or deleted', async () => {
    const { send } = await site2()
    const body = { title: 'Only once', content: '<p>One.</p>' }
    const createOnly = { 'If-None-Match': '*' }
    expect((await send('PUT', '/api/articles/only-once', body, createOnly)).status).toBe(201)
    await expectProblem(
      await send('PUT', '/api/articles/only-once', { ...body, title: 'Twice' }, createOnly),
      412,
    )
    expect(((await (await send('GET', '/api/articles/only-once')).json()) as { title: string }).title).toBe(
      'Only once',
    )
    expect((await send('DELETE', '/api/articles/only-once')).status).toBe(204)
    expect((await send('PUT', '/api/articles/only-once', body, createOnly)).status).toBe(201)
  })

  it('answers 412 to If-None-Match naming the current ETag, and replaces when it names another', async () => {
    const { send } = await site2()
    const created = await send('PUT', '/api/articles/tagged', { title: 'Tagged', content: '<p>A.</p>' })
    const tag = created.headers.get('etag') ?? ''
    await expectProblem(
      await send(
        'PUT',
        '/api/articles/tagged',
        { title: 'B', content: '<p>B.</p>' },
        { 'If-None-Match': tag },
      ),
      412,
    )
    const other = await send(
      'PUT',
      '/api/articles/tagged',
      { title: 'C', content: '<p>C.</p>' },
      { 'If-None-Match': '"1-other"' },
    )
    expect(other.status).toBe(200)
  })
})

describe('5. Markdown and HTML that nest or backtrack', () => {
  it.each([
    ['3,000 nested blockquotes', '>'.repeat(3000), 'markdown'],
    ['50,000 alternating emphasis markers', '*a'.repeat(50_000), 'markdown'],
    ['50,000 underscores between letters', '_a'.repeat(50_000), 'markdown'],
    [
      'a list nested 200 deep',
      Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'),
      'markdown',
    ],
    ['20,000 nested elements', '<b><i>'.repeat(10_000), 'html'],
    ['20,000 nested elements inside Markdown', '<div>'.repeat(20_000), 'markdown'],
  ])('answers %s with a 400 naming content, storing nothing', async (_, content, contentFormat) => {
    const { send } = await site2()
    const res = await send('PUT', '/api/articles/deep', {
      title: 'Deep',
      content,
      contentFormat,
      status: 'published',
    })
    expect(await errorPaths(res)).toEqual(['content'])
    await expectProblem(await send('GET', '/api/articles/deep'), 404)
  })

  it('still takes a long, richly formatted Markdown article', async () => {
    const { send } = await site2()
    const paragraph =
      'Some **bold** and _italic_ text, a [link](https://example.com/a_b_c) and `code_with_underscores`.'
    const list = ['- one', '  - two', '    - three', '      - four *deep*'].join('\n')
    const content = Array.from({ length: 300 }, (_, i) =>
      i % 10 === 0 ? `> quoted ${paragraph}\n\n${list}` : paragraph,
    ).join('\n\n')
    const res = await send('PUT', '/api/articles/rich', {
      title: 'Rich',
      content,
      contentFormat: 'markdown',
      status: 'published',
    })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { contentHtml: string }).contentHtml).toContain('<strong>bold</strong>')
  })
})

describe('6. what was never public looks unknown', () => {
  async function publicAnswer(h: Harness, path: string) {
    const res = await h.get(path)
    const body = (await res.json()) as Record<string, unknown>
    return { status: res.status, cache: res.headers.get('cache-control'), title: body.title, type: body.type }
  }

  it('answers a deleted draft and a deleted never-due article exactly like a slug that never existed', async () => {
    const { h, send } = await site2({ start: '2025-03-12T12:00:00Z' })
    await send('PUT', '/api/articles/a-draft', { title: 'A draft', content: '<p>Draft.</p>' })
    await send('PUT', '/api/articles/not-yet', {
      title: 'Not yet',
      content: '<p>Later.</p>',
      status: 'published',
      publishedAt: '2025-03-13T00:00:00Z',
    })
    await send('PUT', '/api/articles/was-read', {
      title: 'Was read',
      content: '<p>Seen.</p>',
      status: 'published',
    })
    for (const slug of ['a-draft', 'not-yet', 'was-read'])
      expect((await send('DELETE', `/api/articles/${slug}`)).status).toBe(204)
    h.setNow('2025-03-14T00:00:00Z') // the scheduled one would be due by now: still never seen
    const unknown = await publicAnswer(h, '/articles/never-existed')
    expect(unknown.status).toBe(404)
    for (const slug of ['a-draft', 'not-yet']) {
      for (const suffix of ['', '.json']) {
        const res = await h.get(`/articles/${slug}${suffix}`)
        const body = (await res.json()) as { detail: string }
        expect(res.status).toBe(404)
        expect(body.detail).toBe(`no article "${slug}"`)
        expect(await publicAnswer(h, `/articles/${slug}${suffix}`)).toEqual(unknown)
      }
    }
    expect((await h.get('/articles/was-read')).status).toBe(410)
  })

  it('answers 410 for a scheduled article deleted after it fell due', async () => {
    const { h, send } = await site2({ start: '2025-03-12T12:00:00Z' })
    await send('PUT', '/api/articles/fell-due', {
      title: 'Fell due',
      content: '<p>Now.</p>',
      status: 'published',
      publishedAt: '2025-03-12T13:00:00Z',
    })
    h.setNow('2025-03-12T14:00:00Z')
    expect((await send('DELETE', '/api/articles/fell-due')).status).toBe(204)
    expect((await h.get('/articles/fell-due')).status).toBe(410)
  })

  it('answers a category named only by a scheduled article like an unknown category, until the article is due', async () => {
    const { h, send } = await site2({ start: '2025-03-12T12:00:00Z' })
    await send('PUT', '/api/articles/embargoed', {
      title: 'Embargoed',
      content: '<p>Later.</p>',
      status: 'published',
      categories: ['Secret Merger'],
      publishedAt: '2025-03-12T13:00:00Z',
    })
    for (const format of feedFormats) {
      const hidden = await h.get(`/categories/secret-merger/${format.file}`)
      const unknown = await h.get(`/categories/no-such-topic/${format.file}`)
      expect(hidden.status).toBe(404)
      expect(hidden.headers.get('cache-control')).toBe(unknown.headers.get('cache-control'))
      const [a, b] = [
        (await hidden.json()) as { detail: string },
        (await unknown.json()) as { detail: string },
      ]
      expect(a.detail.replace('secret-merger', 'x')).toBe(b.detail.replace('no-such-topic', 'x'))
    }
    h.setNow('2025-03-12T13:00:00Z')
    const due = await h.get('/categories/secret-merger/rss.xml')
    expect(due.status).toBe(200)
    expect(await due.text()).toContain('Embargoed')
  })
})

describe('7. HTTP semantics', () => {
  it.each([
    ['POST', '/rss.xml', 'GET, HEAD, OPTIONS'],
    ['PUT', '/articles/anything', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/categories/world/atom.xml', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/', 'GET, HEAD, OPTIONS'],
  ])('answers %s %s with 405, Allow and no-store', async (method, path, allow) => {
    const { h } = await site2()
    const res = await h.app.request(path, { method })
    await expectProblem(res, 405)
    expect(res.headers.get('allow')).toBe(allow)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers wrong methods on the API with 405 and Allow, and nothing under /api is publicly cacheable', async () => {
    const { send } = await site2()
    const collection = await send('DELETE', '/api/articles')
    await expectProblem(collection, 405)
    expect(collection.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS')
    const item = await send('POST', '/api/articles/some-slug', { title: 'x', content: 'y' })
    await expectProblem(item, 405)
    expect(item.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE, OPTIONS')
    for (const [method, path] of [
      ['GET', '/api/openapi.json'],
      ['GET', '/api/articles'],
      ['GET', '/api/nothing-here'],
      ['DELETE', '/api/articles'],
    ] as const) {
      const cacheControl = (await send(method, path)).headers.get('cache-control') ?? ''
      expect(cacheControl, `${method} ${path}`).not.toMatch(/public|s-maxage|max-age=[1-9]/)
    }
  })

  it('refuses page cursors the feed did not issue, and keeps honouring the ones it did, on any instance', async () => {
    const { h } = await site2({ feedPageSize: 2 })
    for (let i = 0; i < 5; i++) await h.publish({ publishedAt: `2025-03-0${i + 1}T12:00:00Z` })
    const first = JSON.parse(await (await h.get('/feed.json')).text()) as { next_url: string }
    const issued = new URL(first.next_url).searchParams.get('before') ?? ''
    const [storeCursor = ''] = issued.split('.')
    for (const forged of [
      storeCursor,
      `${storeCursor}.${'A'.repeat(22)}`,
      Buffer.from('2025-03-02T12:00:00.000Z#dispatch-number-1').toString('base64url'),
      `${Buffer.from('2025-03-01T00:00:00.000Z#x').toString('base64url')}.${issued.split('.')[1]}`,
    ]) {
      const res = await h.get(`/feed.json?before=${forged}`)
      const problem = (await expectProblem(res, 400)) as { errors: { path: string }[] }
      expect(problem.errors.map((e) => e.path)).toEqual(['before'])
    }
    // A category's cursor is not the site's.
    await expectProblem(await h.get(`/categories/world/feed.json?before=${issued}`), 400)
    const fresh = h.newApp()
    const second = await fresh.request(`/feed.json?before=${issued}`)
    expect(second.status).toBe(200)
    expect(((await second.json()) as { items: unknown[] }).items).toHaveLength(2)
  })
})

describe('8. input that only looks like something', () => {
  it.each([
    ['title', { title: '\u200b\u3164\u2800\u00ad \u2060' }],
    ['authors.0.name', { authors: [{ name: '\u200d\u200c\ufeff' }] }],
    ['categories.0.name', { categories: [{ slug: 'blank', name: '\u115f\u1160' }] }],
  ])('refuses %s made only of invisible characters', async (path, fields) => {
    const { send } = await site2()
    const res = await send('POST', '/api/articles', { title: 'Visible', content: '<p>Body.</p>', ...fields })
    expect(await errorPaths(res)).toEqual([path])
  })

  it.each([
    '<script>alert(1)</script>',
    '<!-- only a comment -->',
    '<p>\u200b</p><div>&nbsp;</div><style>p{}</style>',
    '<iframe src="https://evil.example"></iframe>',
  ])('refuses published content that sanitises to nothing: %j', async (content) => {
    const { send } = await site2()
    const res = await send('POST', '/api/articles', { title: 'Empty inside', content, status: 'published' })
    expect(await errorPaths(res)).toEqual(['content'])
    // A draft may hold it while the writer works on it.
    expect((await send('POST', '/api/articles', { title: 'Draft inside', content })).status).toBe(201)
  })

  it('takes published content that is only an image', async () => {
    const { send } = await site2()
    const res = await send('POST', '/api/articles', {
      title: 'Picture',
      content: '<img src="https://img.example.com/a.jpg" alt="">',
      status: 'published',
    })
    expect(res.status).toBe(201)
  })
})

describe('9. the page CSP lets in every medium the sanitiser keeps', () => {
  it('allows each kept image, video, audio, source and poster URL under its fetch directive', () => {
    const html = renderContent(
      [
        '<img src="https://img.example.com/a.jpg" srcset="https://img.example.com/b.jpg 2x">',
        '<picture><source srcset="https://img.example.com/c.webp" type="image/webp"><img src="https://img.example.com/c.jpg"></picture>',
        '<video src="https://media.example.com/v.mp4" poster="https://img.example.com/p.jpg" controls></video>',
        '<video controls><source src="https://media.example.com/w.webm" type="video/webm"></video>',
        '<audio src="http://media.example.com/a.mp3" controls></audio>',
      ].join(''),
      'html',
      `${site.url}/articles/x`,
    )
    const csp = new Map(
      (pageSecurityHeaders['Content-Security-Policy'] ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    const allows = (directive: string, url: string) => {
      const sources = csp.get(directive) ?? csp.get('default-src') ?? []
      return sources.includes(new URL(url).protocol)
    }
    let checked = 0
    for (const element of allElements(parsePage(`<!DOCTYPE html><title>x</title>${html}`).document)) {
      const parent = element.parentNode && 'tagName' in element.parentNode ? element.parentNode.tagName : ''
      const media =
        element.tagName === 'video' ||
        element.tagName === 'audio' ||
        (element.tagName === 'source' && parent !== 'picture')
      for (const name of ['src', 'srcset', 'poster']) {
        const value = attr(element, name)
        if (value === undefined) continue
        const directive = name === 'poster' || !media ? 'img-src' : 'media-src'
        for (const url of value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '')) {
          expect(allows(directive, url), `${element.tagName} ${name}=${url} under ${directive}`).toBe(true)
          checked++
        }
      }
    }
    expect(checked).toBe(8)
  })
})
