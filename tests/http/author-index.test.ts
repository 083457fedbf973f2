import { describe, expect, it } from 'vitest'
import { attr, byTag, parsePage, visibleText } from '../support/html-query.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'
import { site, useHarness } from '../support/public-app-harness.ts'

const startHarness = useHarness()

/** The names and links of `/authors/`'s list. */
async function authorLinks(res: Response): Promise<[string, string | undefined][]> {
  expect(res.status).toBe(200)
  const { document } = parsePage(await res.text())
  const list = byTag(document, 'ul').find((ul) => attr(ul, 'class') === 'topics')
  return byTag(list ?? document, 'a').map((a) => [visibleText(a), attr(a, 'href')])
}

describe('/authors/', () => {
  it('lists each author with a public article once, by slug, linking to their page', async () => {
    const h = await startHarness()
    await h.publish({ authors: [{ name: 'Zoë Ångström' }, { name: 'Bo Two' }] })
    await h.publish({ authors: [{ name: 'Bo Two' }] })
    await h.publish({ authors: [{ name: 'Drafty' }], status: 'draft' })
    await h.publish({ authors: [{ name: 'Later' }], publishedAt: '2030-01-01T00:00:00Z' })
    const gone = await h.publish({ authors: [{ name: 'Gone' }] })
    await h.remove(gone.slug)
    const expected: [string, string][] = [
      ['Bo Two', `${site.url}/authors/bo-two/`],
      ['Zoë Ångström', `${site.url}/authors/zoe-angstrom/`],
    ]
    expect(await authorLinks(await h.get('/authors/'))).toEqual(expected)
    // Each link is a live author page, which links back to the index.
    for (const [, href] of expected) {
      const page = await h.get(href.slice(site.url.length))
      expect(page.status).toBe(200)
      const { document } = parsePage(await page.text())
      expect(byTag(document, 'a').map((a) => attr(a, 'href'))).toContain(`${site.url}/authors/`)
    }
    // The scheduled author joins when their article falls due.
    h.setNow('2030-01-01T00:00:01Z')
    expect((await authorLinks(await h.get('/authors/'))).map(([name]) => name)).toEqual([
      'Bo Two',
      'Later',
      'Zoë Ångström',
    ])
  })

  it('drops an author whose last article left, on the next request', async () => {
    const h = await startHarness()
    await h.publish({ authors: [{ name: 'Bo Two' }] })
    const zoe = await h.publish({ authors: [{ name: 'Zoë Ångström' }] })
    expect((await authorLinks(await h.get('/authors/'))).length).toBe(2)
    await h.replace(zoe.slug, {
      title: zoe.title,
      content: zoe.content,
      authors: [{ name: 'Bo Two' }],
      status: 'published',
      publishedAt: zoe.publishedAt,
    })
    expect(await authorLinks(await h.get('/authors/'))).toEqual([['Bo Two', `${site.url}/authors/bo-two/`]])
  })

  it('says so when nobody has published, and is linked from the navigation of the front page', async () => {
    const h = await startHarness()
    const empty = await h.get('/authors/')
    expect(empty.status).toBe(200)
    expect(await empty.text()).toContain('No authors yet.')
    await h.publish({ authors: [{ name: 'Bo Two' }] })
    const { document } = parsePage(await (await h.get('/')).text())
    expect(byTag(document, 'a').map((a) => attr(a, 'href'))).toContain(`${site.url}/authors/`)
  })

  it('lists each author’s RSS feed in /feeds.opml after the categories, and their page in the sitemap of pages', async () => {
    const h = await startHarness()
    await h.publish({ authors: [{ name: 'Zoë Ångström' }], categories: ['World'] })
    await h.publish({ authors: [{ name: 'Drafty' }], status: 'draft' })
    const body = childNamed(parseXml(await (await h.get('/feeds.opml')).text()), 'body')
    const outlines = childrenNamed(body, 'outline').map((o) => o.attributes)
    expect(outlines.map((o) => o.xmlUrl)).toEqual([
      `${site.url}/rss.xml`,
      `${site.url}/categories/world/rss.xml`,
      `${site.url}/authors/zoe-angstrom/rss.xml`,
    ])
    expect(outlines[2]).toMatchObject({
      type: 'rss',
      title: `${site.title} — Zoë Ångström`,
      htmlUrl: `${site.url}/authors/zoe-angstrom/`,
    })
    const pages = await (await h.get('/sitemaps/pages.xml')).text()
    const locs = childrenNamed(parseXml(pages), 'url').map((u) => childNamed(u, 'loc').text)
    expect(locs.filter((loc) => loc.includes('/authors/'))).toEqual([
      `${site.url}/authors/`,
      `${site.url}/authors/zoe-angstrom/`,
    ])
  })

  it('answers another method with 405 and Allow', async () => {
    const h = await startHarness()
    const res = await h.app.request('/authors/', { method: 'POST' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toMatch(/GET/)
  })
})
