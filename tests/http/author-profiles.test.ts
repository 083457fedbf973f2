import { parseFeed } from '@rowanmanning/feed-parser'
import { parseAtomFeed, parseJsonFeed } from 'feedsmith'
import { describe, expect, it } from 'vitest'
import { createPublicApp } from '../../lib/http/create-public-app.ts'
import { attr, byClass, byTag, parsePage, visibleText } from '../support/html-query.ts'
import { articleBody, invalidField, problemOf, site, usePublishApi } from '../support/publish-api-harness.ts'

const { newApi } = usePublishApi()
const profile = {
  bio: 'Covers ports and shipping.\n\nBefore that, <b>ten</b> years at sea.',
  url: 'https://zoe.example.org/',
  avatar: 'https://images.example.org/zoe.jpg',
}

/** A publish API with an article by Zoë, and the public app over the same store. */
async function withZoe() {
  const api = await newApi()
  await api.create(articleBody({ authors: [{ name: 'Zoë Ångström' }], status: 'published' }))
  const pub = createPublicApp({
    store: api.store,
    clock: api.now,
    site,
    feedPageSize: 20,
    cursorKey: 'test-cursor-key-of-at-least-32-characters',
  })
  return { api, pub }
}

describe('PUT and GET /api/authors/{slug}', () => {
  it('creates (201), reads with its ETag, replaces with If-Match (200) and refuses a stale one (412)', async () => {
    const { api } = await withZoe()
    const created = await api.send('PUT', '/api/authors/zoe-angstrom', { json: profile })
    expect(created.status).toBe(201)
    const etag1 = created.headers.get('etag') ?? ''
    expect(await created.json()).toMatchObject({ slug: 'zoe-angstrom', ...profile, version: 1 })
    const read = await api.send('GET', '/api/authors/zoe-angstrom')
    expect(read.status).toBe(200)
    expect(read.headers.get('etag')).toBe(etag1)
    const replaced = await api.send('PUT', '/api/authors/zoe-angstrom', {
      ifMatch: etag1,
      json: { bio: 'Shorter.' },
    })
    expect(replaced.status).toBe(200)
    const body = (await replaced.json()) as Record<string, unknown>
    expect(body).toMatchObject({ bio: 'Shorter.', version: 2 })
    expect(body.url).toBeUndefined()
    await problemOf(
      await api.send('PUT', '/api/authors/zoe-angstrom', { ifMatch: etag1, json: profile }),
      412,
    )
    expect(((await (await api.send('GET', '/api/authors/zoe-angstrom')).json()) as { bio: string }).bio).toBe(
      'Shorter.',
    )
  })

  it('answers 404 for an author with no profile, and names each bad field in problem JSON', async () => {
    const { api } = await withZoe()
    await problemOf(await api.send('GET', '/api/authors/nobody'), 404)
    const put = (json: unknown) => api.send('PUT', '/api/authors/zoe-angstrom', { json })
    await invalidField(await put({ url: 'http://zoe.example.org/' }), 'url')
    await invalidField(await put({ avatar: 'javascript:alert(1)' }), 'avatar')
    await invalidField(await put({ bio: 'x'.repeat(1001) }), 'bio')
    await invalidField(await put({ bio: 42 }), 'bio')
    await problemOf(await put({ email: 'zoe@example.org' }), 400)
    await invalidField(await api.send('PUT', '/api/authors/Not%20A%20Slug', { json: profile }), 'slug')
    await problemOf(await api.send('GET', '/api/authors/zoe-angstrom', { auth: null }), 401)
  })

  it('is declared in the OpenAPI document', async () => {
    const { api } = await withZoe()
    const paths = (api.doc as { paths: Record<string, Record<string, unknown>> }).paths
    expect(Object.keys(paths['/api/authors/{slug}'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']))
  })
})

describe('the profile on the author page and in the author feeds', () => {
  it('shows the bio as text, the link and the avatar with alt text', async () => {
    const { api, pub } = await withZoe()
    const before = await (await pub.request('/authors/zoe-angstrom/')).text()
    expect(byClass(parsePage(before).document, 'author-profile')).toEqual([])
    await api.send('PUT', '/api/authors/zoe-angstrom', { json: profile })
    const res = await pub.request('/authors/zoe-angstrom/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/img-src https:/)
    const { document } = parsePage(await res.text())
    const block = byClass(document, 'author-profile')[0]
    if (block === undefined) throw new Error('no profile block')
    const img = byTag(block, 'img')[0]
    expect(img && attr(img, 'src')).toBe(profile.avatar)
    expect(img && attr(img, 'alt')).toBe('Portrait of Zoë Ångström')
    expect(byClass(block, 'bio').map(visibleText)).toEqual([
      'Covers ports and shipping.',
      'Before that, <b>ten</b> years at sea.',
    ])
    expect(byTag(block, 'b')).toEqual([])
    expect(byTag(block, 'a').map((a) => attr(a, 'href'))).toEqual([profile.url])
  })

  it('names the author with their URL in the Atom feed, and with URL and avatar in the JSON Feed', async () => {
    const { api, pub } = await withZoe()
    const plainAtom = await (await pub.request('/authors/zoe-angstrom/atom.xml')).text()
    expect(parseAtomFeed(plainAtom).authors?.[0]?.name).toBe(site.author)
    await api.send('PUT', '/api/authors/zoe-angstrom', { json: profile })
    const atom = await (await pub.request('/authors/zoe-angstrom/atom.xml')).text()
    expect(parseAtomFeed(atom).authors?.[0]).toMatchObject({ name: 'Zoë Ångström', uri: profile.url })
    expect(parseFeed(atom).title).toBe(`${site.title} — Zoë Ångström`)
    const json = parseJsonFeed(
      JSON.parse(await (await pub.request('/authors/zoe-angstrom/feed.json')).text()),
    )
    expect(json.authors?.[0]).toEqual({ name: 'Zoë Ångström', url: profile.url, avatar: profile.avatar })
  })
})
