import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { authorUrl, categoryUrl } from '../../lib/articles/permalink.ts'
import { categoriesPerPage } from '../../lib/http/discovery-routes.ts'
import { authorRegistryItem } from '../../lib/store/author-registry.ts'
import { categoryEntryItem } from '../../lib/store/category-registry-writes.ts'
import type { Item } from '../../lib/store/item-keys.ts'
import { attr, byTag, parsePage } from '../support/html-query.ts'
import { childNamed, childrenNamed, parseXml } from '../support/parse-xml.ts'
import { expectProblem, type Harness, site, useHarness } from '../support/public-app-harness.ts'

/*
 * Issue 19, point 3: the category registry has no size ceiling. It used to be one item, and past
 * about 7,000 categories new ones silently dropped out of the OPML list and the topics index.
 */

const startHarness = useHarness()
const categoryCount = 10_001 // and World
const authorCount = 5_002 // and the harness's default author

/**
 * `count` categories, as the registry holds them once articles were published in them: written
 * directly, 25 a request (the writers' own path, `listCategory`, is two writes per category, which
 * dynalite takes minutes over; `createMany` is tested to register categories in create-many.test.ts).
 */
async function seedCategories(h: Harness, count: number): Promise<string[]> {
  const slugs = Array.from({ length: count }, (_, i) => `topic-${String(i).padStart(5, '0')}`)
  // An article in the site feed, so that the site's feed state exists as it would.
  await h.publish({ categories: ['World'], publishedAt: '2025-03-01T00:00:00Z' })
  await putAll(
    h,
    slugs.map((slug) => categoryEntryItem(slug, `Topic ${slug.slice(6)}`, '2025-03-01T00:00:00.000Z')),
  )
  return [...slugs, 'world'].sort()
}

/** `count` authors in the author registry, written directly as `seedCategories` writes categories. */
async function seedAuthors(h: Harness, count: number): Promise<string[]> {
  const slugs = Array.from({ length: count }, (_, i) => `writer-${String(i).padStart(5, '0')}`)
  await putAll(
    h,
    slugs.map((slug) => authorRegistryItem(slug, `Writer ${slug.slice(7)}`, '2025-03-01T00:00:00.000Z')),
  )
  return ['example-news-desk', ...slugs].sort()
}

async function putAll(h: Harness, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: WriteRequest[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    while (requests.length > 0) {
      const { UnprocessedItems } = await h.client.send(
        new BatchWriteItemCommand({ RequestItems: { [h.tableName]: requests } }),
      )
      requests = UnprocessedItems?.[h.tableName] ?? []
    }
  }
}

/** Every category feed URL of `/feeds.opml`, following its `include` outlines; and how many pages. */
async function opmlCategories(h: Harness): Promise<{ urls: string[]; pages: number; siteFeeds: number }> {
  const urls: string[] = []
  let pages = 0
  let siteFeeds = 0
  let next: string | undefined = '/feeds.opml'
  while (next !== undefined) {
    expect(pages).toBeLessThan(20)
    const res = await h.app.request(next)
    expect(res.status, next).toBe(200)
    pages += 1
    const body = childNamed(parseXml(await res.text()), 'body')
    next = undefined
    for (const outline of childrenNamed(body, 'outline')) {
      if (outline.attributes.type === 'include') {
        expect(next).toBeUndefined()
        next = outline.attributes.url
        expect(next).toMatch(/^https:\/\/news\.example\.com\/feeds\.opml\?(authors-)?after=/)
      } else if (outline.attributes.xmlUrl === `${site.url}/rss.xml`) siteFeeds += 1
      else urls.push(outline.attributes.xmlUrl ?? '')
    }
  }
  return { urls, pages, siteFeeds }
}

/** Every link of an index (`/categories/`, `/authors/`), following its `rel=next` links; and how many pages. */
async function topicsIndex(h: Harness, index = '/categories/'): Promise<{ urls: string[]; pages: number }> {
  const urls: string[] = []
  let pages = 0
  let next: string | undefined = index
  while (next !== undefined) {
    expect(pages).toBeLessThan(20)
    const res = await h.app.request(next)
    expect(res.status, next).toBe(200)
    pages += 1
    const { document } = parsePage(await res.text())
    const list = byTag(document, 'ul').find((ul) => attr(ul, 'class') === 'topics')
    for (const a of byTag(list ?? document, 'a')) urls.push(attr(a, 'href') ?? '')
    const nextLinks = byTag(document, 'link').filter((l) => attr(l, 'rel') === 'next')
    next = nextLinks.length === 0 ? undefined : attr(nextLinks[0] as never, 'href')
    if (next !== undefined) expect(next.startsWith(`${site.url}${index}?after=`)).toBe(true)
  }
  return { urls, pages }
}

describe('a publisher with 10,000 categories and 5,000 authors', () => {
  it('finds every one in /feeds.opml, /categories/ and /authors/, in pages, each exactly once', async () => {
    const h = await startHarness()
    const slugs = await seedCategories(h, categoryCount)
    const expected = slugs.map((slug) => categoryUrl(site.url, slug))
    const authors = (await seedAuthors(h, authorCount)).map((slug) => authorUrl(site.url, slug))

    // The categories' pages (10,002: three), then the authors' (5,003): the third page starts them.
    const opml = await opmlCategories(h)
    expect(opml.siteFeeds).toBe(1)
    expect(opml.pages).toBe(4)
    expect(opml.urls).toEqual([...expected, ...authors].map((url) => `${url}rss.xml`))

    const topics = await topicsIndex(h)
    expect(topics.pages).toBe(Math.ceil(categoryCount / categoriesPerPage))
    expect(topics.urls).toEqual(expected)
    const authorIndex = await topicsIndex(h, '/authors/')
    expect(authorIndex.pages).toBe(2)
    expect(authorIndex.urls).toEqual(authors)

    // And the sitemap of pages lists them all too.
    const pages = await (await h.get('/sitemaps/pages.xml')).text()
    const locs = childrenNamed(parseXml(pages), 'url').map((u) => childNamed(u, 'loc').text)
    expect(
      locs.filter((loc) => loc.startsWith(`${site.url}/categories/`) && loc !== `${site.url}/categories/`),
    ).toEqual(expected)
    expect(
      locs.filter((loc) => loc.startsWith(`${site.url}/authors/`) && loc !== `${site.url}/authors/`),
    ).toEqual(authors)
  }, 600_000)
})

describe('the category list’s page cursors', () => {
  it('refuses an after= the site did not issue with a 400 naming after', async () => {
    const h = await startHarness()
    await h.publish({ categories: ['World'] })
    for (const [path, param] of [
      ['/feeds.opml', 'after'],
      ['/categories/', 'after'],
      ['/authors/', 'after'],
      ['/feeds.opml', 'authors-after'],
    ]) {
      const problem = (await expectProblem(
        await h.get(`${path}?${param}=d29ybGQ.AAAAAAAAAAAAAAAAAAAAAA`),
        400,
      )) as {
        errors?: { path: string }[]
      }
      expect(problem.errors?.map((e) => e.path)).toEqual([param])
    }
  })
})
