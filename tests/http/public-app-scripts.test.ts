import { afterEach, describe, expect, it } from 'vitest'
import { type LocalStack, startLocalStack } from '../../bin/local-stack.ts'
import { toLambdaHandler } from '../../functions/lambda-adapter.ts'
import { readConfig } from '../../lib/config.ts'
import { functionUrlEvent } from '../support/function-url-event.ts'
import { parseXml } from '../support/parse-xml.ts'
import { site, useHarness } from '../support/public-app-harness.ts'

/*
 * Slugs in any script, through each way a request reaches the public app: Hono's own `request`
 * (the raw UTF-8 path, which the URL parser percent-encodes), a Function URL event as CloudFront
 * forwards it (rawPath percent-encoded), and real HTTP through `npm start`'s combined app.
 */

const newHarness = useHarness()
const bengali = 'বাংলাদেশের নির্বাচন'
const bengaliSlug = 'বাংলাদেশের-নির্বাচন'
const ascii = /^[\x21-\x7e]+$/

describe('articles in any script on the public app', () => {
  it('serves the page and the JSON by the raw UTF-8 path and by the percent-encoded one', async () => {
    const h = await newHarness()
    const article = await h.publish({ title: bengali, categories: ['বাংলাদেশ'] })
    expect(article.slug).toBe(bengaliSlug)
    const encoded = encodeURIComponent(bengaliSlug)
    for (const path of [`/articles/${bengaliSlug}`, `/articles/${encoded}`]) {
      const page = await h.get(path)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(`<h1>${bengali}</h1>`)
      const json = await h.get(`${path}.json`)
      expect(json.status).toBe(200)
      const body = (await json.json()) as { slug: string; url: string }
      expect(body.slug).toBe(bengaliSlug)
      expect(body.url).toBe(`${site.url}/articles/${encoded}`)
      expect(body.url).toMatch(ascii)
    }
  })

  it('finds the article through the Lambda adapter when CloudFront forwards the path percent-encoded', async () => {
    const h = await newHarness()
    await h.publish({ title: 'الانتخابات في بنغلاديش', categories: ['العالم'] })
    const handler = toLambdaHandler(h.app)
    const encoded = encodeURIComponent('الانتخابات-في-بنغلاديش')
    const page = await handler(functionUrlEvent(`/articles/${encoded}`))
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1>الانتخابات في بنغلاديش</h1>')
    const json = await handler(functionUrlEvent(`/articles/${encoded}.json`))
    expect(JSON.parse(json.body)).toMatchObject({ slug: 'الانتخابات-في-بنغلاديش' })
    const feed = await handler(functionUrlEvent(`/categories/${encodeURIComponent('العالم')}/atom.xml`))
    expect(feed.statusCode).toBe(200)
    expect(parseXml(feed.body).name).toBe('feed')
    // A raw UTF-8 rawPath (no CDN in front) reaches the same article.
    expect((await handler(functionUrlEvent('/articles/الانتخابات-في-بنغلاديش'))).statusCode).toBe(200)
  })

  it('answers an NFD path with a 301 to the NFC article’s percent-encoded URL', async () => {
    const h = await newHarness()
    await h.publish({ title: 'ঢাকায় ভোট', categories: ['ভোট'] })
    const slug = 'ঢাকায়-ভোট' // ো (U+09CB) is two code points in NFD
    const nfd = slug.normalize('NFD')
    expect(nfd).not.toBe(slug)
    const canonical = `${site.url}/articles/${encodeURIComponent(slug)}`
    for (const [path, location] of [
      [`/articles/${encodeURIComponent(nfd)}`, canonical],
      [`/articles/${encodeURIComponent(nfd)}.json`, `${canonical}.json`],
      [
        `/categories/${encodeURIComponent('ভোট'.normalize('NFD'))}/rss.xml`,
        `${site.url}/categories/${encodeURIComponent('ভোট')}/rss.xml`,
      ],
    ] as const) {
      const response = await h.get(path)
      expect(response.status).toBe(301)
      expect(response.headers.get('location')).toBe(location)
      expect(response.headers.get('location')).toMatch(ascii)
    }
    const followed = await h.get(new URL(canonical).pathname)
    expect(followed.status).toBe(200)
  })

  it('writes every link of a feed in a category of another script percent-encoded', async () => {
    const h = await newHarness({ feedPageSize: 1 })
    await h.publish({ title: 'Выборы в Бангладеш', categories: ['বাংলাদেশ'] })
    h.advanceSeconds(60)
    await h.publish({ title: '東京オリンピック、開幕へ', categories: ['বাংলাদেশ'] })
    const category = encodeURIComponent('বাংলাদেশ')
    const atom = parseXml(await (await h.get(`/categories/${category}/atom.xml`)).text())
    const hrefs = atom.children
      .filter((node) => typeof node !== 'string' && node.name === 'link')
      .map((node) => (typeof node === 'string' ? '' : (node.attributes.href ?? '')))
    expect(hrefs).toContain(`${site.url}/categories/${category}/atom.xml`)
    const next = hrefs.find((href) => href.includes('?before='))
    expect(next).toMatch(new RegExp(`^${site.url}/categories/${category}/atom\\.xml\\?before=`))
    for (const href of hrefs) expect(href).toMatch(ascii)
    const second = await h.get(new URL(next ?? '').pathname + new URL(next ?? '').search)
    expect(second.status).toBe(200)
    expect(await second.text()).toContain(`${site.url}/articles/${encodeURIComponent('выборы-в-бангладеш')}`)
  })
})

describe('CORS on the public app', () => {
  const cors = (response: Response) => ({
    origin: response.headers.get('access-control-allow-origin'),
    expose: response.headers.get('access-control-expose-headers'),
  })
  const expected = { origin: '*', expose: 'Link, ETag, Last-Modified' }

  it('lets any origin read feeds, pages, article JSON and errors, 200 and 304 alike', async () => {
    const h = await newHarness()
    const article = await h.publish({ title: 'Open to all' })
    for (const path of ['/', '/rss.xml', '/atom.xml', '/feed.json', `/articles/${article.slug}`]) {
      const first = await h.get(path, { Origin: 'https://reader.example' })
      expect(first.status).toBe(200)
      expect(cors(first)).toEqual(expected)
      const etag = first.headers.get('etag') ?? ''
      const again = await h.get(path, { 'If-None-Match': etag })
      expect(again.status).toBe(304)
      expect(cors(again)).toEqual(expected)
    }
    expect(cors(await h.get(`/articles/${article.slug}.json`))).toEqual(expected)
    expect(cors(await h.get('/categories/world/feed.json'))).toEqual(expected)
    expect(cors(await h.get('/healthz'))).toEqual(expected)
    const missing = await h.get('/articles/nothing-here')
    expect(missing.status).toBe(404)
    expect(cors(missing)).toEqual(expected)
    expect(missing.headers.get('vary') ?? '').not.toMatch(/origin/i)
  })
})

describe('npm start: both apps on one port', () => {
  let stack: LocalStack | undefined
  afterEach(async () => {
    await stack?.close()
    stack = undefined
  })

  it('publishes a Bengali title (201, Location in ASCII), serves it by raw and encoded path, CORS only off /api', async () => {
    stack = await startLocalStack({ config: readConfig({ PORT: '0', SITE_URL: site.url }), seed: false })
    const auth = { Authorization: `Bearer ${stack.token}` }
    const created = await fetch(`${stack.url}/api/articles`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({
        title: 'বাংলাদেশ 🎉 নির্বাচন',
        content: '<p>ঢাকা থেকে খবর।</p>',
        status: 'published',
        categories: ['রাজনীতি'],
      }),
    })
    expect(created.status).toBe(201)
    const slug = 'বাংলাদেশ-নির্বাচন'
    expect(created.headers.get('location')).toBe(`${site.url}/api/articles/${encodeURIComponent(slug)}`)
    expect(created.headers.get('location')).toMatch(ascii)
    expect(created.headers.get('access-control-allow-origin')).toBeNull()
    const resource = (await created.json()) as { slug: string; url: string }
    expect(resource).toMatchObject({ slug, url: `${site.url}/articles/${encodeURIComponent(slug)}` })

    // fetch sends the raw path percent-encoded, as every HTTP client must.
    const read = await fetch(`${stack.url}/api/articles/${slug}`, {
      headers: { ...auth, Origin: 'https://x.example' },
    })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    expect(
      (await fetch(`${stack.url}/api/articles`, { method: 'OPTIONS' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull()

    for (const path of [`/articles/${slug}`, `/articles/${encodeURIComponent(slug)}.json`]) {
      const response = await fetch(`${stack.url}${path}`, { headers: { Origin: 'https://reader.example' } })
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
    }
    const feed = await fetch(`${stack.url}/categories/${encodeURIComponent('রাজনীতি')}/feed.json`)
    const items = ((await feed.json()) as { items: { url: string }[] }).items
    expect(items.map((item) => item.url)).toEqual([`${site.url}/articles/${encodeURIComponent(slug)}`])
  })

  it('keeps an article’s language: 400 naming language when invalid, in the API resource and the public JSON', async () => {
    stack = await startLocalStack({ config: readConfig({ PORT: '0', SITE_URL: site.url }), seed: false })
    const post = (body: Record<string, unknown>) =>
      fetch(`${stack?.url}/api/articles`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${stack?.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: '<p>دكا</p>', status: 'published', ...body }),
      })
    const refused = await post({ title: 'Bad', language: 'arabic_EG' })
    expect(refused.status).toBe(400)
    const problem = (await refused.json()) as { errors: { path: string }[] }
    expect(problem.errors.map((e) => e.path)).toEqual(['language'])

    const created = await post({ title: 'الانتخابات في بنغلاديش', language: 'AR-eg' })
    expect(created.status).toBe(201)
    const resource = (await created.json()) as { slug: string; language: string }
    expect(resource.language).toBe('ar-EG')
    const json = await fetch(`${stack.url}/articles/${encodeURIComponent(resource.slug)}.json`)
    expect(((await json.json()) as { language: string }).language).toBe('ar-EG')
    const page = await (await fetch(`${stack.url}/articles/${encodeURIComponent(resource.slug)}`)).text()
    expect(page).toContain('<html lang="ar-EG" dir="rtl">')

    const plain = (await (await post({ title: 'Site language' })).json()) as { slug: string }
    const plainJson = await fetch(`${stack.url}/articles/${plain.slug}.json`)
    expect(((await plainJson.json()) as { language: string }).language).toBe('en')
  })
})

describe('/favicon.ico', () => {
  it('serves a real 32×32 PNG icon in an ICO container, cached for a week, GET and HEAD', async () => {
    const h = await newHarness()
    const response = await h.get('/favicon.ico')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/x-icon')
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=604800\b/)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const bytes = Buffer.from(await response.arrayBuffer())
    // ICONDIR: reserved 0, type 1 (icon), one image; its entry: 32×32, PNG data at the offset it names.
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2), bytes.readUInt16LE(4)]).toEqual([0, 1, 1])
    expect([bytes[6], bytes[7]]).toEqual([32, 32])
    const size = bytes.readUInt32LE(14)
    const offset = bytes.readUInt32LE(18)
    expect(offset + size).toBe(bytes.length)
    const png = bytes.subarray(offset)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32])
    const head = await h.get('/favicon.ico', {}, 'HEAD')
    expect(head.status).toBe(200)
    expect((await h.app.request('/favicon.ico', { method: 'POST' })).status).toBe(405)
  })

  it('is what the pages name as their icon when SITE_ICON is unset', async () => {
    const h = await newHarness()
    expect(await (await h.get('/')).text()).toContain(`<link rel="icon" href="${site.url}/favicon.ico">`)
  })
})

describe('the path as sent, through the Lambda adapter (issue 19, points 4 and 8)', () => {
  it('logs the raw path and answers 404 to an encoded dot segment the URL parser would resolve', async () => {
    const h = await newHarness()
    await h.publish({ categories: ['World'] })
    const paths: string[] = []
    const app = h.newApp({ logger: { request: (e) => paths.push(e.path), error: () => {} } })
    const handler = toLambdaHandler(app)
    const dotted = await handler(functionUrlEvent('/categories/%2E%2E/rss.xml'))
    expect(dotted.statusCode).toBe(404)
    const spoof = await handler(functionUrlEvent('/x%20200%201ms'))
    expect(spoof.statusCode).toBe(404)
    expect(paths).toEqual(['/categories/%2E%2E/rss.xml', '/x%20200%201ms'])
  })
})
