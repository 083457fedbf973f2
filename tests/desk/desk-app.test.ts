import { describe, expect, it } from 'vitest'
import { createDeskHarness, inputValue, origin, publishToken } from '../support/desk-harness.ts'
import { useDynalite } from '../support/dynalite.ts'

const dynamo = useDynalite()

const article = (overrides: Record<string, string> = {}) => ({
  title: 'Harbour reopens after the storm',
  summary: 'Ships are back.',
  content: 'The harbour **reopened** on Tuesday.',
  contentFormat: 'markdown',
  categories: 'Local, Weather',
  authors: 'Ana Costa',
  imageUrl: '',
  imageAlt: '',
  language: '',
  slug: '',
  publishAt: '',
  ...overrides,
})

/** A signed-in browser on a fresh desk. */
async function signedIn(options: Parameters<typeof createDeskHarness>[1] = {}) {
  const h = await createDeskHarness(dynamo(), options)
  const browser = h.browser()
  expect((await browser.signIn(publishToken)).status).toBe(303)
  const list = await (await browser.get('/desk/')).text()
  return { h, browser, token: inputValue(list, '_token') }
}

/** Saves a new article through the form; returns the editor page it lands on, and its slug. */
async function createThroughForm(
  browser: Awaited<ReturnType<typeof signedIn>>['browser'],
  token: string,
  action: string,
  fields = article(),
) {
  const res = await browser.post('/desk/articles', { _token: token, action, ...fields })
  expect(res.status).toBe(303)
  const location = res.headers.get('location') ?? ''
  const slug = decodeURIComponent(/\/desk\/articles\/([^?]+)/.exec(location)?.[1] ?? '')
  const page = await (await browser.get(location)).text()
  return { slug, page }
}

describe('the desk: signing in', () => {
  it('shows a sign-in form, never cached, never indexed, under a CSP that allows only its own script', async () => {
    const h = await createDeskHarness(dynamo())
    const res = await h.browser().get('/desk/')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('<label for="token">')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-robots-tag')).toContain('noindex')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect((await h.browser().get('/desk')).status).toBe(308)
  })

  it('opens a signed, HttpOnly, Secure, SameSite=Strict __Host- session with the publish token', async () => {
    const h = await createDeskHarness(dynamo())
    const browser = h.browser()
    const res = await browser.signIn(publishToken)
    expect(res.status).toBe(303)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^__Host-newsfeed-desk=/)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; SameSite=Strict/)
    expect(cookie).toMatch(/; Max-Age=\d+/)
    expect(cookie).not.toContain(publishToken)
    const list = await (await browser.get('/desk/')).text()
    expect(list).toContain('<h1>Articles</h1>')
    expect(list).toContain('publish token')
  })

  it('refuses a wrong token with 401, then rate-limits the client with 429 and Retry-After', async () => {
    const h = await createDeskHarness(dynamo(), {
      limits: { perClient: 3, total: 100, windowMs: 60_000, maxClients: 10 },
    })
    const browser = h.browser()
    for (let i = 0; i < 3; i++) expect((await browser.signIn('wrong-token-wrong-token')).status).toBe(401)
    const limited = await browser.signIn(publishToken)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    h.advance(1.5)
    expect((await browser.signIn(publishToken)).status).toBe(303)
  })

  it('signs a named editor in with their token, and refuses it at once when the editor is removed', async () => {
    const h = await createDeskHarness(dynamo())
    const token = await h.addEditor('Ana Costa')
    expect(token).toMatch(/^ned\./)
    const browser = h.browser()
    expect((await browser.signIn(token)).status).toBe(303)
    expect(await (await browser.get('/desk/')).text()).toContain('Ana Costa')
    expect(await h.removeEditor('ana costa')).toBe(204)
    // The session cookie is still valid by its signature: the store has the last word.
    const after = await (await browser.get('/desk/')).text()
    expect(after).toContain('<label for="token">')
    expect(after).not.toContain('<h1>Articles</h1>')
    expect((await h.browser().signIn(token)).status).toBe(401)
    expect(await h.removeEditor('Ana Costa')).toBe(404)
  })

  it('keeps only the hash of an editor token, and refuses a second editor of the same name', async () => {
    const h = await createDeskHarness(dynamo())
    const token = await h.addEditor('Rahim')
    const again = await h.publish.request('/api/editors', {
      method: 'POST',
      headers: { Authorization: `Bearer ${publishToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'RAHIM' }),
    })
    expect(again.status).toBe(409)
    const noAuth = await h.publish.request('/api/editors', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Mallory' }),
    })
    expect(noAuth.status).toBe(401)
    // An editor token opens the desk, not the API.
    const withEditorToken = await h.publish.request('/api/articles', {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(withEditorToken.status).toBe(401)
  })

  it('ignores a tampered cookie and an expired session', async () => {
    const { h, browser } = await signedIn()
    const good = browser.cookie
    browser.cookie = good.replace('publish.-.', 'editor.-.')
    expect(await (await browser.get('/desk/')).text()).toContain('<label for="token">')
    browser.cookie = good
    expect(await (await browser.get('/desk/')).text()).toContain('<h1>Articles</h1>')
    h.advance(13 * 60)
    expect(await (await browser.get('/desk/')).text()).toContain('<label for="token">')
  })

  it('refuses a form posted from another site, or without the form token, and changes nothing', async () => {
    const { h, browser, token } = await signedIn()
    const crossSite = await browser.post(
      '/desk/articles',
      { _token: token, action: 'publish', ...article() },
      { Origin: 'https://evil.example' },
    )
    expect(crossSite.status).toBe(403)
    const fetchMeta = await browser.post(
      '/desk/articles',
      { _token: token, action: 'publish', ...article() },
      { 'Sec-Fetch-Site': 'cross-site' },
    )
    expect(fetchMeta.status).toBe(403)
    const noToken = await browser.post('/desk/articles', { action: 'publish', ...article() })
    expect(noToken.status).toBe(403)
    const otherToken = await browser.post('/desk/articles', {
      _token: 'x'.repeat(43),
      action: 'publish',
      ...article(),
    })
    expect(otherToken.status).toBe(403)
    expect((await h.store.listByStatus({ limit: 10 })).items).toEqual([])
  })

  it('signs out: the cookie is cleared', async () => {
    const { browser, token } = await signedIn()
    const res = await browser.post('/desk/sign-out', { _token: token })
    expect(res.status).toBe(303)
    expect(browser.cookie).toBe('')
    expect(await (await browser.get('/desk/')).text()).toContain('<label for="token">')
  })
})

describe('the desk: writing', () => {
  it('saves a draft that readers cannot see, recording who saved it', async () => {
    const { h, browser, token } = await signedIn()
    const { slug, page } = await createThroughForm(browser, token, 'draft')
    expect(slug).toBe('harbour-reopens-after-the-storm')
    expect(page).toContain('Draft saved.')
    expect(page).toContain('<strong>draft</strong>')
    expect(page).toContain('by publish token')
    expect((await h.publicApp.request(`/articles/${slug}`)).status).toBe(404)
    const list = await (await browser.get('/desk/?status=draft')).text()
    expect(list).toContain('Harbour reopens after the storm')
  })

  it('shows the API’s problems next to their fields, keeping what was typed', async () => {
    const { browser, token } = await signedIn()
    const res = await browser.post('/desk/articles', {
      _token: token,
      action: 'publish',
      ...article({ title: '', imageUrl: 'not a url', imageAlt: 'A ship' }),
    })
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toMatch(/id="title-error">title must not be empty</)
    expect(page).toMatch(/id="imageUrl-error">image.url must be an absolute https? URL/)
    expect(page).toMatch(/<input id="title" name="title" aria-describedby="title-error" aria-invalid="true"/)
    expect(inputValue(page, 'imageAlt')).toBe('A ship')
  })

  it('publishes, and the public page, JSON and feeds never carry who changed it', async () => {
    const h = await createDeskHarness(dynamo())
    const editorToken = await h.addEditor('Ana Costa-Editor')
    const browser = h.browser()
    await browser.signIn(editorToken)
    const token = inputValue(await (await browser.get('/desk/')).text(), '_token')
    const { slug, page } = await createThroughForm(browser, token, 'publish')
    expect(page).toContain('by Ana Costa-Editor')
    expect((await h.store.findBySlug(slug)) as { updatedBy?: string }).toMatchObject({
      updatedBy: 'Ana Costa-Editor',
    })
    for (const path of [
      `/articles/${slug}`,
      `/articles/${slug}.json`,
      '/rss.xml',
      '/atom.xml',
      '/feed.json',
    ]) {
      const res = await h.publicApp.request(path)
      expect(res.status, path).toBe(200)
      const body = await res.text()
      expect(body, path).toContain('Harbour reopens')
      expect(body, path).not.toContain('Ana Costa-Editor')
      expect(body, path).not.toContain('updatedBy')
    }
    const api = await h.publish.request(`/api/articles/${slug}`, {
      headers: { Authorization: `Bearer ${publishToken}` },
    })
    expect(await api.text()).not.toContain('Ana Costa-Editor')
  })

  it('schedules in the newsroom’s time zone; the article reaches the feed when due', async () => {
    const { h, browser, token } = await signedIn({ timeZone: 'Asia/Dhaka' })
    // 12:00 UTC is 18:00 in Dhaka: schedule for 18:01 there.
    const { slug, page } = await createThroughForm(
      browser,
      token,
      'schedule',
      article({ publishAt: '2025-03-12T18:01' }),
    )
    expect(page).toContain('<strong>scheduled</strong>')
    expect(page).toContain('2025-03-12 18:01 (Asia/Dhaka)')
    expect(await h.store.findBySlug(slug)).toMatchObject({ publishedAt: '2025-03-12T18:01:00+06:00' })
    expect(await (await h.publicApp.request('/feed.json')).text()).not.toContain(slug)
    const scheduled = await (await browser.get('/desk/?status=scheduled')).text()
    expect(scheduled).toContain('2025-03-12 18:01')
    h.advance(2)
    expect(await (await h.publicApp.request('/feed.json')).text()).toContain(slug)
    expect(await (await browser.get('/desk/?status=published')).text()).toContain('Harbour reopens')
  })

  it('refuses to schedule in the past, next to the time field', async () => {
    const { browser, token } = await signedIn()
    const res = await browser.post('/desk/articles', {
      _token: token,
      action: 'schedule',
      ...article({ publishAt: '2020-01-01T10:00' }),
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/id="publishAt-error">publishedAt must be in the future/)
  })

  it('shows both versions on a conflict instead of overwriting the other editor’s save', async () => {
    const { h, browser, token } = await signedIn()
    const { slug, page } = await createThroughForm(browser, token, 'draft')
    const revision = inputValue(page, 'revision')
    const other = h.browser()
    await other.signIn(publishToken)
    const otherPage = await (await other.get(`/desk/articles/${slug}`)).text()
    const theirs = await other.post(`/desk/articles/${slug}`, {
      _token: inputValue(otherPage, '_token'),
      revision: inputValue(otherPage, 'revision'),
      action: 'draft',
      ...article({ title: 'Harbour reopens: their headline' }),
    })
    expect(theirs.status).toBe(303)
    const mine = await browser.post(`/desk/articles/${slug}`, {
      _token: token,
      revision,
      action: 'draft',
      ...article({ title: 'Harbour reopens: my headline' }),
    })
    expect(mine.status).toBe(200)
    const conflict = await mine.text()
    expect(conflict).toContain('Someone else saved this article meanwhile')
    expect(conflict).toContain('Harbour reopens: their headline')
    expect(inputValue(conflict, 'title')).toBe('Harbour reopens: my headline')
    expect(await h.store.findBySlug(slug)).toMatchObject({ title: 'Harbour reopens: their headline' })
    // Saving again, from the conflict page, is a deliberate overwrite.
    const again = await browser.post(`/desk/articles/${slug}`, {
      _token: token,
      revision: inputValue(conflict, 'revision'),
      action: 'draft',
      ...article({ title: 'Harbour reopens: my headline' }),
    })
    expect(again.status).toBe(303)
    expect(await h.store.findBySlug(slug)).toMatchObject({ title: 'Harbour reopens: my headline' })
  })

  it('lets a never-published draft change its slug, and fixes it once published', async () => {
    const { h, browser, token } = await signedIn()
    const { slug, page } = await createThroughForm(browser, token, 'draft')
    const moved = await browser.post(`/desk/articles/${slug}`, {
      _token: token,
      revision: inputValue(page, 'revision'),
      action: 'publish',
      ...article({ slug: 'harbour-reopens' }),
    })
    expect(moved.status).toBe(303)
    expect(moved.headers.get('location')).toContain('/desk/articles/harbour-reopens')
    expect(await h.store.findBySlug(slug)).toMatchObject({ deletedAt: expect.any(String), wasPublic: false })
    const published = await (await browser.get('/desk/articles/harbour-reopens')).text()
    expect(published).toMatch(/<input id="slug" name="slug"[^>]*value="harbour-reopens" readonly>/)
  })

  it('unpublishes and deletes: the article leaves the feeds and its page answers 410', async () => {
    const { h, browser, token } = await signedIn()
    const { slug, page } = await createThroughForm(browser, token, 'publish')
    expect(await (await h.publicApp.request('/feed.json')).text()).toContain(slug)
    const unpublished = await browser.post(`/desk/articles/${slug}`, {
      _token: token,
      revision: inputValue(page, 'revision'),
      action: 'unpublish',
      ...article(),
    })
    expect(unpublished.status).toBe(303)
    const draftPage = await (await browser.get(unpublished.headers.get('location') ?? '')).text()
    expect(draftPage).toContain('<strong>draft</strong>')
    expect(await (await h.publicApp.request('/feed.json')).text()).not.toContain(slug)
    const deleted = await browser.post(`/desk/articles/${slug}`, {
      _token: token,
      revision: inputValue(draftPage, 'revision'),
      action: 'delete',
      ...article(),
    })
    expect(deleted.status).toBe(303)
    expect((await h.publicApp.request(`/articles/${slug}`)).status).toBe(410)
    const list = await (await browser.get('/desk/?status=deleted')).text()
    expect(list).toContain(slug)
    expect(list).toContain('status-deleted')
  })
})

describe('the desk: preview', () => {
  it('shows the public page’s own bytes under the public page’s CSP, framed only by the desk', async () => {
    const { h, browser, token } = await signedIn()
    const { slug, page } = await createThroughForm(browser, token, 'publish')
    const preview = await browser.post('/desk/preview', {
      _token: token,
      editing: slug,
      revision: inputValue(page, 'revision'),
      ...article(),
    })
    expect(preview.status).toBe(200)
    const publicPage = await h.publicApp.request(`/articles/${slug}`)
    const csp = publicPage.headers.get('content-security-policy') ?? ''
    expect(preview.headers.get('content-security-policy')).toBe(
      csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
    )
    expect(preview.headers.get('cache-control')).toBe('no-store')
    const previewBody = await preview.text()
    const publicBody = await publicPage.text()
    // Only the modification time differs: the preview is the article as it would be saved now.
    const withoutModified = (text: string) =>
      text.replace(/article:modified_time" content="[^"]+"/, '').replace(/"dateModified":"[^"]+"/, '')
    expect(withoutModified(previewBody)).toBe(withoutModified(publicBody))
  })

  it('gives drafts a shareable preview link: noindex, no-store, no session needed; tampered or expired, 404', async () => {
    const { h, browser, token } = await signedIn()
    const { page } = await createThroughForm(browser, token, 'draft')
    const link =
      /href="https:\/\/news\.example\.com(\/desk\/preview\/[^"]+)" id="share-link"/.exec(page)?.[1] ?? ''
    expect(link).not.toBe('')
    const stranger = h.browser()
    const res = await stranger.get(link)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-robots-tag')).toContain('noindex')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.text()).toContain('Harbour reopens after the storm')
    const tampered = link.replace(/.(?=\.[^.]+$)/, (c) => (c === 'A' ? 'B' : 'A'))
    expect((await stranger.get(tampered)).status).toBe(404)
    const [payload, signature] = link.slice('/desk/preview/'.length).split('.')
    const forged = Buffer.from(JSON.stringify(['harbour-reopens-after-the-storm', 9e15])).toString(
      'base64url',
    )
    expect((await stranger.get(`/desk/preview/${forged}.${signature}`)).status).toBe(404)
    expect(payload).toBeTruthy()
    h.advance(8 * 24 * 60)
    expect((await stranger.get(link)).status).toBe(404)
  })
})

describe('the desk: the list', () => {
  it('filters by status, category, author and title words, and pages newest first', async () => {
    const { browser, token } = await signedIn()
    await createThroughForm(
      browser,
      token,
      'publish',
      article({ title: 'Election results are in', categories: 'Politics', authors: 'Rahim Uddin' }),
    )
    await createThroughForm(
      browser,
      token,
      'draft',
      article({ title: 'Electric buses arrive', categories: 'Transport', authors: 'Ana Costa' }),
    )
    await createThroughForm(
      browser,
      token,
      'draft',
      article({ title: 'Harbour news', categories: 'Local', authors: 'Desk Reporter' }),
    )
    const titles = async (query: string) =>
      [
        ...(await (await browser.get(`/desk/${query}`)).text()).matchAll(
          /<a href="\/desk\/articles\/[^"]+">([^<]+)<\/a>/g,
        ),
      ].map((m) => m[1])
    expect(await titles('')).toEqual(['Harbour news', 'Electric buses arrive', 'Election results are in'])
    expect(await titles('?q=elec')).toEqual(
      expect.arrayContaining(['Electric buses arrive', 'Election results are in']),
    )
    expect(await titles('?q=elec')).toHaveLength(2)
    expect(await titles('?q=results+elec')).toEqual(['Election results are in'])
    expect(await titles('?category=politics')).toEqual(['Election results are in'])
    expect(await titles('?author=ana+costa')).toEqual(['Electric buses arrive'])
    expect(await titles('?status=published')).toEqual(['Election results are in'])
    expect(await titles('?status=draft&category=local')).toEqual(['Harbour news'])
  })

  it('forgets the words, categories and authors an article lost, and removing an editor needs no DeleteItem', async () => {
    const { h, browser } = await signedIn()
    const put = (title: string, category: string) =>
      h.publish.request('/api/articles/renamed-story', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${publishToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title, content: 'Text.', categories: [category], status: 'draft' }),
      })
    expect((await put('Election results are in', 'Politics')).status).toBe(201)
    expect((await put('Budget talks stall', 'Economy')).status).toBe(200)
    const rows = async (query: string) =>
      (await (await browser.get(`/desk/${query}`)).text()).match(/renamed-story/g)?.length ?? 0
    expect(await rows('?q=elec')).toBe(0)
    expect(await rows('?category=politics')).toBe(0)
    expect(await rows('?q=budg')).toBeGreaterThan(0)
    expect(await rows('?category=economy')).toBeGreaterThan(0)
    // Back again: the term marked gone is put back.
    expect((await put('Election results are in', 'Politics')).status).toBe(200)
    expect(await rows('?q=elec')).toBeGreaterThan(0)
    await h.addEditor('Rahim')
    expect(await h.removeEditor('Rahim')).toBe(204)
    expect(await h.removeEditor('Rahim')).toBe(404)
    expect(await h.addEditor('Rahim')).toMatch(/^ned\./)
  })

  it('pages through every article exactly once', async () => {
    const { h, browser } = await signedIn()
    for (let i = 0; i < 28; i++) {
      h.advance(1)
      const res = await h.publish.request('/api/articles', {
        method: 'POST',
        headers: { Authorization: `Bearer ${publishToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: `Item ${i}`, content: 'Text.', status: i % 2 ? 'draft' : 'published' }),
      })
      expect(res.status).toBe(201)
    }
    const seen: string[] = []
    let path = '/desk/'
    for (let pages = 0; pages < 5 && path; pages++) {
      const page = await (await browser.get(path)).text()
      seen.push(...[...page.matchAll(/>Item (\d+)</g)].map((m) => m[1] ?? ''))
      path = (/href="(\/desk\/\?[^"]+)" rel="next"/.exec(page)?.[1] ?? '').replace(/&amp;/g, '&')
    }
    expect(seen).toEqual(Array.from({ length: 28 }, (_, i) => String(27 - i)))
  })

  it('answers a cursor it did not issue with an empty list, not an error', async () => {
    const { browser } = await signedIn()
    const res = await browser.get('/desk/?cursor=not-a-cursor')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('No articles match.')
    expect(origin).toBe('https://news.example.com')
  })
})
