import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { slugify } from '../../lib/articles/slug.ts'
import {
  folderWith,
  newsfeed,
  type StoredArticle,
  startSite,
  storedArticles,
  target,
} from '../support/cli-harness.ts'
import {
  atomFeed,
  type FixtureItem,
  fixtureItems,
  jsonFeed,
  sourceSite,
  wordpressRss,
} from '../support/fixture-feeds.ts'

/** The first 10 distinct categories, as the site keeps at most 10. */
function expectedCategories(item: FixtureItem): string[] {
  return [...new Set(item.categories)].slice(0, 10)
}

/** Asserts that every fixture item is on the site exactly once, with its fields. */
function expectEveryItemOnce(stored: StoredArticle[], items: FixtureItem[], authorUrls: boolean) {
  expect(stored).toHaveLength(items.length)
  const byId = new Map(stored.map((a) => [a.id, a]))
  expect(byId.size).toBe(items.length)
  for (const item of items) {
    const article = byId.get(item.guid)
    expect(article, item.guid).toBeDefined()
    if (article === undefined) continue
    const post = item.guid.split('=')[1]
    expect(article.slug).toBe(item.link.split('/').at(-2))
    expect(article.title).toBe(item.title)
    expect(article.publishedAt).toBe(item.isoDate)
    expect(article.status).toBe('published')
    expect(article.summary).toBe(item.excerptText)
    expect(article.authors.map((a) => a.name)).toEqual(item.authors)
    if (authorUrls)
      expect(article.authors.every((a) => a.url?.startsWith(`${sourceSite}/author/`))).toBe(true)
    expect(article.categories.map((c) => c.name)).toEqual(expectedCategories(item))
    expect(article.contentFormat).toBe('html')
    // Relative links and images resolve against the item's own page at the source.
    expect(article.contentHtml).toContain(`<a href="${sourceSite}/about/">about us</a>`)
    expect(article.contentHtml).toContain(`href="${new URL('../previous-story/', item.link).href}"`)
    expect(article.contentHtml).toContain(`src="${sourceSite}/wp-content/uploads/2025/02/photo-${post}.jpg"`)
    expect(article.contentHtml).toContain(
      `${sourceSite}/wp-content/uploads/2025/02/photo-${post}-300x200.jpg 300w`,
    )
    expect(article.contentHtml).toContain('Ελληνικά, 日本語, עברית &amp; emoji 🎉')
    if (item.image) expect(article.image?.url).toBe(item.image.url)
    else expect(article.image).toBeUndefined()
  }
}

// 150 items: two bulk requests of up to 100 (the default batch) and two pages of the site's list,
// as 300 were; each item costs about 16 ms of CPU to import and check. The Atom and JSON Feed
// imports read their formats' fields, which reach the same batches as the RSS ones: 30 items each.
// The imports again (four runs of the feed) find their items by the state file or by slug and id
// whatever the count: 30 items, not 120.
describe('newsfeed import of real-shaped feeds', () => {
  it('imports a WordPress RSS feed of 150 items, each exactly once with its fields', async () => {
    const site = await startSite()
    const items = fixtureItems(150)
    const folder = await folderWith('wordpress.xml', wordpressRss(items))

    const run = await newsfeed(['import', 'wordpress.xml', ...target(site)], { cwd: folder })

    expect(run.stderr).toContain('read wordpress.xml: RSS feed, 150 items')
    expect(run.stderr).toContain('150 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    const stored = await storedArticles(site)
    expectEveryItemOnce(stored, items, false)
    for (const article of stored) {
      const item = items.find((i) => i.guid === article.id)
      if (item?.image) expect(article.image).toEqual({ ...item.image, alt: '' })
    }
    // Readers' apps see the ids they already know: the feed carries the WordPress guid.
    const rss = await (await fetch(`${site.url}/rss.xml`)).text()
    expect(rss).toContain(`<guid isPermaLink="false">${items[0]?.guid}</guid>`)
  }, 120_000)

  it('adds nothing when importing again, and updates an item whose title and text changed', async () => {
    const site = await startSite()
    const items = fixtureItems(30)
    const folder = await folderWith('feed.xml', wordpressRss(items))
    expect((await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })).code).toBe(0)
    const before = await storedArticles(site)

    const again = await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })
    expect(again.stderr).toContain('0 imported, 0 updated, 30 unchanged, 0 skipped')
    expect(again.code).toBe(0)
    const unchanged = await storedArticles(site)
    expect(unchanged.map((a) => [a.id, a.version, a.updatedAt]).sort()).toEqual(
      before.map((a) => [a.id, a.version, a.updatedAt]).sort(),
    )

    // The newsroom retitles an old post; its link stays, so its article is found and updated.
    const edited = items.map((item, i) =>
      i === 7 ? { ...item, title: 'A brand new headline', contentHtml: '<p>Rewritten.</p>' } : item,
    )
    await writeFile(join(folder, 'feed.xml'), wordpressRss(edited))
    // Without the state file the article is found by its link's slug and its id; with it, by the state.
    const changed = await newsfeed(['import', 'feed.xml', '--no-state', ...target(site)], { cwd: folder })
    expect(changed.stderr).toContain('0 imported, 1 updated, 29 unchanged, 0 skipped')
    expect(changed.code).toBe(0)
    const withState = await newsfeed(['import', 'feed.xml', ...target(site)], { cwd: folder })
    expect(withState.stderr).toContain('0 imported, 0 updated, 30 unchanged, 0 skipped')
    const after = await storedArticles(site)
    expect(after).toHaveLength(30)
    const article = after.find((a) => a.id === items[7]?.guid)
    expect(article).toMatchObject({
      slug: items[7]?.link.split('/').at(-2),
      title: 'A brand new headline',
      content: '<p>Rewritten.</p>',
      version: 2,
    })
  }, 120_000)

  it('imports an Atom feed of 30 entries, each exactly once with its fields', async () => {
    const site = await startSite()
    const items = fixtureItems(30)
    const folder = await folderWith('atom.xml', atomFeed(items))

    const run = await newsfeed(['import', 'atom.xml', '--no-progress', ...target(site)], { cwd: folder })

    expect(run.stderr).toContain('30 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    expectEveryItemOnce(await storedArticles(site), items, true)
  }, 120_000)

  it('imports a JSON Feed of 30 items, each exactly once with its fields', async () => {
    const site = await startSite()
    const items = fixtureItems(30)
    const folder = await folderWith('feed.json', jsonFeed(items))

    const run = await newsfeed(['import', join(folder, 'feed.json'), ...target(site)])

    expect(run.stderr).toContain('30 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    expectEveryItemOnce(await storedArticles(site), items, false)
  }, 120_000)

  it('keeps the state file valid JSON that names where each article went', async () => {
    const site = await startSite()
    const items = fixtureItems(20)
    const folder = await folderWith('feed.xml', wordpressRss(items))
    await newsfeed(['import', 'feed.xml', '--state', 'run.json', ...target(site)], { cwd: folder })
    const state = JSON.parse(await readFile(join(folder, 'run.json'), 'utf8')) as {
      sites: Record<string, Record<string, { slug: string; version: number }>>
    }
    const entries = state.sites[site.url] ?? {}
    expect(Object.keys(entries).sort()).toEqual(items.map((i) => i.guid).sort())
    expect(entries[items[0]?.guid ?? '']).toMatchObject({
      slug: slugify(items[0]?.link.split('/').at(-2) ?? ''),
    })
  }, 60_000)
})
