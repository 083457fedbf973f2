import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planFeedItem } from '../../lib/cli/plan-items.ts'
import { newsfeed, startSite, storedArticles, target, tempFolder } from '../support/cli-harness.ts'

// Real podcast feeds, from podcast-feed-parser's own tests (MIT): see tests/fixtures/import/README.md.
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'import', name)

async function importFixture(name: string, extra: string[] = []) {
  const site = await startSite()
  const folder = await tempFolder()
  await writeFile(join(folder, name), await readFile(fixture(name)))
  const run = await newsfeed(['import', name, '--no-state', '--verbose', ...extra, ...target(site)], {
    cwd: folder,
  })
  return { run, articles: await storedArticles(site) }
}

describe('importing a podcast feed', () => {
  it('keeps every episode’s audio as an attachment, with its length and duration, and the feed’s itunes:author', async () => {
    const { run, articles } = await importFixture('libsyn-podcast.xml')
    expect(run.stderr).toContain('2 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    const episode = articles.find((a) => a.title === 'Confidential Business Information under TSCA')
    expect(episode?.attachments).toEqual([
      {
        url: 'https://traffic.libsyn.com/secure/allthingschemical/ep3_final_96.mp3?dest-id=814653',
        type: 'audio/mpeg',
        length: 28882931,
        duration: 39 * 60 + 58,
      },
    ])
    // No item names an author: the channel's itunes:author, not the site's desk.
    expect(new Set(articles.map((a) => JSON.stringify(a.authors)))).toEqual(
      new Set([JSON.stringify([{ name: 'Bergeson & Campbell, PC' }])]),
    )
  }, 60_000)

  it('takes an enclosure repeated as media:content once', async () => {
    const { run, articles } = await importFixture('replyall-podcast.xml')
    expect(run.code).toBe(0)
    expect(articles).toHaveLength(3)
    for (const article of articles) {
      expect(article.attachments).toHaveLength(1)
      expect(article.attachments?.[0]?.type).toBe('audio/mpeg')
      expect(article.authors).toEqual([{ name: 'Gimlet' }])
    }
  }, 60_000)

  it('lets --author, --language and --category override and add', async () => {
    const { run, articles } = await importFixture('libsyn-podcast.xml', [
      '--author',
      'Lynn L. Bergeson',
      '--language',
      'en-US',
      '--category',
      'Podcast',
      'Law',
    ])
    expect(run.code).toBe(0)
    for (const article of articles) {
      expect(article.authors).toEqual([{ name: 'Lynn L. Bergeson' }])
      expect(article.language).toBe('en-US')
      expect(article.categories.map((c) => c.name)).toEqual(['Podcast', 'Law'])
    }
  }, 60_000)
})

describe('planning an item’s files', () => {
  it('drops http files and files of no declared type, naming each, and never guesses a type', () => {
    const planned = planFeedItem(
      {
        origin: 'feed.xml item 1',
        sourceId: 'tag:example.org,2025:1',
        title: 'An episode',
        content: { value: '<p>Notes</p>', format: 'html' },
        authors: [],
        categories: [],
        published: '2025-03-01T10:00:00Z',
        media: [
          { url: 'http://cdn.example.org/a.mp3', type: 'audio/mpeg' },
          { url: 'https://cdn.example.org/b.mp3' },
          { url: 'https://cdn.example.org/c.mp4', type: 'video/mp4', duration: 12.5, title: 'Clip' },
        ],
      },
      'https://example.org/feed',
      { status: 'published' },
    )
    if ('reason' in planned) throw new Error(planned.reason)
    expect(planned.body.attachments).toEqual([
      { url: 'https://cdn.example.org/c.mp4', type: 'video/mp4', duration: 12.5, title: 'Clip' },
    ])
    expect(planned.warnings).toEqual([
      {
        kind: 'media-not-https',
        detail: 'audio http://cdn.example.org/a.mp3 dropped: the site takes https files only',
      },
      {
        kind: 'media-no-type',
        detail: 'file https://cdn.example.org/b.mp3 dropped: the source declares no MIME type for it',
      },
    ])
  })
})
