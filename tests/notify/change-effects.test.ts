import { describe, expect, it } from 'vitest'
import type { Article, Tombstone } from '../../lib/articles/article.ts'
import { describeChange, describeDue, feedUrlsOf, pathsOf } from '../../lib/notify/change-effects.ts'
import { harbourWrittenAt } from '../support/make-article.ts'

const site = 'https://news.example.com'
const writeAt = '2025-03-11T10:00:00.000Z'

/** An article written at `writeAt` (its updatedAt), published an hour before unless told otherwise. */
function stored(overrides: Partial<Article> = {}): Article {
  return harbourWrittenAt(writeAt, overrides)
}

function tombstoneOf(article: Article, wasPublic: boolean): Tombstone {
  return { slug: article.slug, id: article.id, deletedAt: writeAt, version: article.version + 1, wasPublic }
}

describe('describeChange', () => {
  it('calls a new public article a publish, naming the site, category and author feeds in all three formats', () => {
    const next = stored({
      categories: [
        { slug: 'world', name: 'World' },
        { slug: 'ports', name: 'Ports' },
      ],
    })
    const effects = describeChange({ previous: undefined, next }, site)
    expect(effects.event?.type).toBe('article.published')
    expect(effects.event?.article).toBe(next)
    expect(effects.feedUrls).toEqual([
      `${site}/rss.xml`,
      `${site}/atom.xml`,
      `${site}/feed.json`,
      `${site}/categories/world/rss.xml`,
      `${site}/categories/world/atom.xml`,
      `${site}/categories/world/feed.json`,
      `${site}/categories/ports/rss.xml`,
      `${site}/categories/ports/atom.xml`,
      `${site}/categories/ports/feed.json`,
      `${site}/authors/desk-report/rss.xml`,
      `${site}/authors/desk-report/atom.xml`,
      `${site}/authors/desk-report/feed.json`,
    ])
    expect(effects.paths).toEqual([
      '/',
      '/rss.xml*',
      '/atom.xml*',
      '/feed.json*',
      '/categories/world/*',
      '/categories/ports/*',
      '/articles/harbour',
      '/articles/harbour.json',
      '/authors/desk-report/*',
      '/sitemap*',
      '/news-sitemap.xml',
      '/feeds.opml',
      '/categories/',
      '/authors/',
    ])
    expect(effects.dueAt).toBeUndefined()
    expect(effects.wasScheduled).toBe(false)
  })

  it('calls a change to a public article an update and covers the categories it left as well as those it joined', () => {
    const previous = stored({ version: 1, categories: [{ slug: 'world', name: 'World' }] })
    const next = stored({ version: 2, id: previous.id, categories: [{ slug: 'sport', name: 'Sport' }] })
    const effects = describeChange({ previous, next }, site)
    expect(effects.event).toMatchObject({ type: 'article.updated', article: next })
    expect(effects.feedUrls).toContain(`${site}/categories/world/rss.xml`)
    expect(effects.feedUrls).toContain(`${site}/categories/sport/feed.json`)
    expect(effects.paths).toEqual(expect.arrayContaining(['/categories/world/*', '/categories/sport/*']))
  })

  it('covers the pages and feeds of the authors an update took off the byline as well as those it added', () => {
    const previous = stored({ version: 1, authors: [{ name: 'Zoë Ångström' }, { name: 'Desk Report' }] })
    const next = stored({
      version: 2,
      id: previous.id,
      authors: [{ name: 'Bo Two' }, { name: 'Desk Report' }],
    })
    const paths = describeChange({ previous, next }, site).paths
    expect(paths.filter((p) => p.startsWith('/authors/')).sort()).toEqual([
      // The authors index too: an author came, another may have gone.
      '/authors/',
      '/authors/bo-two/*',
      '/authors/desk-report/*',
      '/authors/zoe-angstrom/*',
    ])
    expect(describeDue(next, site).paths).toContain('/authors/bo-two/*')
    // An edit that keeps the byline leaves the index and the OPML list alone.
    const edited = describeChange({ previous: next, next: { ...next, version: 3, title: 'New' } }, site).paths
    expect(edited).not.toContain('/authors/')
    expect(edited).not.toContain('/feeds.opml')
  })

  it('calls a deletion, a return to draft and a move into the future a delete, with the article as readers last saw it', () => {
    const previous = stored()
    const later = '2025-03-12T09:00:00Z'
    for (const next of [
      tombstoneOf(previous, true),
      stored({ id: previous.id, version: 2, status: 'draft' }),
      stored({ id: previous.id, version: 2, publishedAt: later }),
    ]) {
      const effects = describeChange({ previous, next }, site)
      expect(effects.event).toMatchObject({ type: 'article.deleted', article: previous })
      expect(effects.paths).toEqual(['/*'])
    }
    const moved = describeChange(
      { previous, next: stored({ id: previous.id, version: 2, publishedAt: later }) },
      site,
    )
    expect(moved.dueAt).toBe(later)
  })

  it('announces nothing for a draft, its edits, its deletion or a scheduled article, but keeps the due time', () => {
    const draft = stored({ status: 'draft' })
    const scheduled = stored({ publishedAt: '2025-03-11T12:00:00+01:00' })
    const cases = [
      describeChange({ previous: undefined, next: draft }, site),
      describeChange({ previous: draft, next: stored({ status: 'draft', version: 2 }) }, site),
      describeChange({ previous: draft, next: tombstoneOf(draft, false) }, site),
      describeChange({ previous: undefined, next: scheduled }, site),
    ]
    for (const effects of cases) {
      expect(effects.event).toBeUndefined()
      expect(effects.feedUrls).toEqual([])
      expect(effects.paths).toEqual([])
    }
    expect(cases[3]?.dueAt).toBe('2025-03-11T12:00:00+01:00')
  })

  it('says when a scheduled article stops being scheduled, so that its alarm goes', () => {
    const scheduled = stored({ publishedAt: '2025-03-12T09:00:00Z' })
    const toDraft = describeChange(
      { previous: scheduled, next: stored({ status: 'draft', version: 2 }) },
      site,
    )
    expect(toDraft).toMatchObject({ wasScheduled: true })
    expect(toDraft.dueAt).toBeUndefined()
    const deleted = describeChange({ previous: scheduled, next: tombstoneOf(scheduled, false) }, site)
    expect(deleted).toMatchObject({ wasScheduled: true })
    const now = describeChange({ previous: scheduled, next: stored({ version: 2 }) }, site)
    expect(now).toMatchObject({ wasScheduled: true, event: { type: 'article.published' } })
  })

  it('treats creating over a tombstone like a first publish', () => {
    const next = stored({ version: 3 })
    const effects = describeChange({ previous: tombstoneOf(stored({ version: 1 }), true), next }, site)
    expect(effects.event?.type).toBe('article.published')
  })

  it('gives the same change the same event key every time, and different changes different keys', () => {
    const previous = stored({ version: 1 })
    const next = stored({ id: previous.id, version: 2, title: 'Changed' })
    const a = describeChange({ previous, next }, site).event?.key
    expect(describeChange({ previous, next }, site).event?.key).toBe(a)
    expect(
      describeChange({ previous: next, next: stored({ id: previous.id, version: 3 }) }, site).event?.key,
    ).not.toBe(a)
  })
})

describe('discovery files', () => {
  it('invalidates the sitemaps on every visible change, OPML and the topics index only when categories change', () => {
    const previous = stored({ version: 1 })
    const edited = describeChange(
      { previous, next: stored({ id: previous.id, version: 2, title: 'Edited' }) },
      site,
    )
    expect(edited.paths).toContain('/sitemap*')
    expect(edited.paths).toContain('/news-sitemap.xml')
    expect(edited.paths).not.toContain('/feeds.opml')
    expect(edited.paths).not.toContain('/categories/')
    const recategorised = describeChange(
      {
        previous,
        next: stored({ id: previous.id, version: 2, categories: [{ slug: 'sport', name: 'Sport' }] }),
      },
      site,
    )
    expect(recategorised.paths).toEqual(expect.arrayContaining(['/feeds.opml', '/categories/']))
    const deleted = describeChange({ previous, next: tombstoneOf(previous, true) }, site)
    expect(deleted.paths).toEqual(['/*'])
  })

  it("invalidates every cached page that listed a removed article, the front page's ?before= pages included", () => {
    const previous = stored({ categories: [{ slug: 'world', name: 'World' }] })
    const removals = [
      describeChange({ previous, next: tombstoneOf(previous, true) }, site),
      describeChange({ previous, next: stored({ id: previous.id, version: 2, status: 'draft' }) }, site),
    ]
    // CloudFront: an exact path, or a prefix ending in the only `*` (query strings are part of the key).
    const covers = (path: string, url: string) =>
      path.endsWith('*') ? url.startsWith(path.slice(0, -1)) : url === path
    for (const effects of removals) {
      for (const path of effects.paths) expect(path).toMatch(/^\/[^*]*\*?$/)
      for (const url of [
        '/',
        '/?before=c2lnbmVk.Y3Vyc29y',
        '/categories/world/',
        '/categories/world/?before=c2lnbmVk',
        '/categories/world/rss.xml?before=c2lnbmVk',
        '/feed.json?before=c2lnbmVk',
        '/articles/harbour',
        '/articles/harbour.json',
        '/sitemap.xml',
      ]) {
        expect(
          effects.paths.some((path) => covers(path, url)),
          url,
        ).toBe(true)
      }
    }
  })

  it('leaves the news sitemap alone for an article published more than 48 hours before the change', () => {
    const old = stored({ publishedAt: '2025-03-09T09:59:59Z' })
    const effects = describeChange(
      { previous: old, next: stored({ ...old, version: 2, title: 'Fixed' }) },
      site,
    )
    expect(effects.paths).toContain('/sitemap*')
    expect(effects.paths).not.toContain('/news-sitemap.xml')
  })

  it('invalidates every discovery file when a scheduled article falls due', () => {
    const effects = describeDue(stored({ publishedAt: '2025-03-11T12:00:00Z' }), site)
    expect(effects.paths).toEqual(
      expect.arrayContaining(['/sitemap*', '/news-sitemap.xml', '/feeds.opml', '/categories/']),
    )
  })
})

describe('describeDue', () => {
  it('announces a scheduled article as published at its due time, with its feeds and pages', () => {
    const article = stored({ publishedAt: '2025-03-11T12:00:00+02:00', updatedAt: '2025-03-11T08:00:00Z' })
    const effects = describeDue(article, site)
    expect(effects.event).toMatchObject({ type: 'article.published', article })
    expect(effects.changedAt).toBe('2025-03-11T10:00:00.000Z')
    expect(effects.feedUrls).toContain(`${site}/categories/world/atom.xml`)
    expect(effects.paths).toContain('/articles/harbour.json')
    expect(effects.event?.key).not.toBe(
      describeChange({ previous: undefined, next: article }, site).event?.key,
    )
  })
})

describe('URLs and paths', () => {
  it('percent-encodes slugs of any script in feed URLs and CDN paths', () => {
    const categories = [{ slug: 'новости', name: 'Новости' }]
    expect(feedUrlsOf(site, categories)).toContain(
      `${site}/categories/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/rss.xml`,
    )
    const paths = pathsOf('café', categories)
    expect(paths).toContain('/articles/caf%C3%A9')
    expect(paths).toContain('/categories/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/*')
    for (const path of paths) expect(path).toMatch(/^\/[\x21-\x7e]*$/)
  })
})
