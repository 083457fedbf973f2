import { describe, expect, it } from 'vitest'
import { articleBody, site, usePublishApi } from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()

describe('sanitising through the API', () => {
  it('drops script and event handlers and keeps the paragraph', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({ slug: 'xss', content: '<script>alert(1)</script><p onclick=x>hi</p>' }),
    )
    expect(created.contentHtml).toBe('<p>hi</p>')
    expect((await api.read('xss')).article.contentHtml).toBe('<p>hi</p>')
  })

  it.each([
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<img src="javascript:alert(1)" alt="click">',
    '<iframe src="https://evil.example.com"></iframe><p>click</p>',
    '<svg onload="alert(1)"><a href="javascript:alert(1)">click</a></svg><p>click</p>',
    '<form action="https://evil.example.com"><input name="x"></form><p>click</p>',
    '<p style="background:url(javascript:alert(1))">click</p>',
  ])('stores %s without anything executable (201, made safe)', async (content) => {
    const api = await newApi()
    const res = await api.send('POST', '/api/articles', { json: articleBody({ slug: 'vector', content }) })
    expect(res.status).toBe(201)
    const stored = (await api.read('vector')).article.contentHtml
    expect(stored).not.toMatch(/javascript:|data:|<script|<iframe|<svg|<form|<input|\son\w+=|style=/i)
    expect(stored).toMatch(/click/)
  })

  it('drops a javascript: link in Markdown', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        content: '# Heading\n\n[click](javascript:alert(1)) and <script>x</script>',
        contentFormat: 'markdown',
      }),
    )
    expect(created.contentHtml).not.toMatch(/javascript:|<script/i)
    expect(created.contentHtml).toContain('<h2>Heading</h2>')
    expect(created.contentHtml).toContain('click')
  })

  it('removes the characters XML forbids from title, summary and content', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        slug: 'forbidden',
        title: 'Nul\u0000l and \ufffe non\uffffchar and lone \ud800 high',
        summary: 'Bell\u0007 and \udc00 low',
        content: '<p>Body\u0000 with \ufffe and \ud800 and \u001b</p>',
        authors: [{ name: 'Desk\u0000 Report' }],
        categories: ['Wor\u0000ld'],
      }),
    )
    const stored = (await api.read('forbidden')).article
    expect(stored).toEqual(created)
    const texts = [
      stored.title,
      stored.summary,
      stored.content,
      stored.contentHtml,
      stored.authors[0]?.name ?? '',
      stored.categories[0]?.name ?? '',
    ]
    for (const text of texts) {
      for (const char of ['\u0000', '\u0007', '\u001b', '\ufffe', '\uffff']) expect(text).not.toContain(char)
      // A lone surrogate does not survive a round trip through UTF-8.
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text)
    }
    expect(stored.title).toBe('Null and nonchar and lone high')
    expect(stored.contentHtml).toBe('<p>Body with  and  and </p>')
  })

  it('keeps emoji and other valid astral characters', async () => {
    const api = await newApi()
    const created = await api.create(articleBody({ title: 'Flags 🇧🇩 and 𝄞', content: '<p>😀</p>' }))
    expect(created.title).toBe('Flags 🇧🇩 and 𝄞')
    expect(created.contentHtml).toBe('<p>😀</p>')
  })

  it('makes relative links absolute against the article permalink', async () => {
    const api = await newApi()
    const created = await api.create(
      articleBody({
        slug: 'links',
        content: '<p><a href="/x">root</a> <a href="y">sibling</a> <img src="/i.jpg" alt="i"></p>',
      }),
    )
    expect(created.contentHtml).toContain(`<a href="${site.url}/x">root</a>`)
    expect(created.contentHtml).toContain(`<a href="${site.url}/articles/y">sibling</a>`)
    expect(created.contentHtml).toContain(`src="${site.url}/i.jpg"`)
  })
})
