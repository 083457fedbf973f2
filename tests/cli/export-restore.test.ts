import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  api,
  folderWith,
  newsfeed,
  restorable,
  type StoredArticle,
  startSite,
  storedArticles,
  target,
  tempFolder,
} from '../support/cli-harness.ts'
import { fixtureItems, wordpressRss } from '../support/fixture-feeds.ts'

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)

describe('newsfeed export', () => {
  it('backs up every article of every status, and an import into an empty site reproduces each', async () => {
    const origin = await startSite()
    const folder = await folderWith('feed.xml', wordpressRss(fixtureItems(60)))
    expect(
      (await newsfeed(['import', 'feed.xml', '--no-state', ...target(origin)], { cwd: folder })).code,
    ).toBe(0)
    const written = [
      {
        title: 'A draft with no date',
        content: 'Plain *Markdown* draft.',
        contentFormat: 'markdown',
        status: 'draft',
      },
      {
        id: 'tag:origin.example,2025:scheduled',
        slug: 'scheduled-for-later',
        title: 'Scheduled for 2099',
        summary: 'Not yet.',
        content: 'Line one.\n\nLine two.',
        contentFormat: 'text',
        authors: [{ name: 'Zoë Ångström', url: 'https://origin.example/zoe' }],
        categories: [{ slug: 'nato', name: 'NATO' }, 'World News', 'বাংলাদেশ'],
        language: 'bn',
        image: { url: 'https://cdn.example/lead.webp', alt: 'A lead', type: 'image/webp', length: 1234 },
        attachments: [
          { url: 'https://cdn.example/ep.mp3', type: 'audio/mpeg', length: 999, duration: 61, title: 'Ep' },
          { url: 'https://cdn.example/ep.mp4', type: 'video/mp4' },
        ],
        status: 'published',
        publishedAt: '2099-01-01T09:00:00+05:45',
      },
    ]
    for (const body of written) expect((await api(origin, 'POST', '/api/articles', body)).status).toBe(201)
    // A later edit: the backup holds the latest version.
    const edited = await api(origin, 'PUT', '/api/articles/scheduled-for-later', {
      ...written[1],
      title: 'Scheduled for 2099, edited',
    })
    expect(edited.status).toBe(200)

    const backup = await newsfeed(['export', '--out', 'backup.jsonl', ...target(origin)], { cwd: folder })
    expect(backup.code).toBe(0)
    expect(backup.stdout).toBe('')
    expect(backup.stderr).toBe('exported 62 articles (61 published, 1 draft) to backup.jsonl\n')
    const lines = (await readFile(join(folder, 'backup.jsonl'), 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(62)

    const copy = await startSite()
    const restore = await newsfeed(['import', 'backup.jsonl', '--no-state', ...target(copy)], { cwd: folder })
    expect(restore.stderr).toContain('read backup.jsonl: newsfeed export, 62 items')
    expect(restore.stderr).toContain('62 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(restore.code).toBe(0)

    const before = (await storedArticles(origin)).sort(byId)
    const after = (await storedArticles(copy)).sort(byId)
    expect(after.map(restorable)).toEqual(before.map(restorable))
    const scheduled = after.find((a) => a.slug === 'scheduled-for-later')
    expect(scheduled?.title).toBe('Scheduled for 2099, edited')
    expect(scheduled?.language).toBe('bn')
    expect(scheduled?.attachments?.map((a) => a.type)).toEqual(['audio/mpeg', 'video/mp4'])
    expect(scheduled?.categories.map((c) => c.slug)).toContain('বাংলাদেশ')

    // A second restore over the copy finds every article in place: nothing new, nothing changed.
    const again = await newsfeed(['import', 'backup.jsonl', '--no-state', ...target(copy)], { cwd: folder })
    expect(again.stderr).toContain('0 imported, 0 updated, 62 unchanged, 0 skipped')
  }, 120_000)

  it('writes JSON Lines to stdout when no --out is given', async () => {
    const site = await startSite()
    for (const title of ['One', 'Two', 'Three']) {
      await api(site, 'POST', '/api/articles', { title, content: `<p>${title}</p>`, status: 'published' })
    }
    const run = await newsfeed(['export', ...target(site)])
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    const articles = lines.map((line) => JSON.parse(line) as StoredArticle)
    expect(articles.map((a) => a.title).sort()).toEqual(['One', 'Three', 'Two'])
    expect(run.stderr).toBe('exported 3 articles (3 published)\n')
  })

  it('leaves no file, not even a partial one, when the site fails in the middle', async () => {
    const site = await startSite()
    // 150 articles, so the export reads a second page; written in two bulk requests (100 at most
    // each), not 150 POSTs: what is under test is the export.
    for (const [from, count] of [
      [0, 100],
      [100, 50],
    ] as const) {
      const articles = Array.from({ length: count }, (_, i) => ({
        title: `Story ${from + i}`,
        content: '<p>Text.</p>',
      }))
      expect((await api(site, 'POST', '/api/article-batches', { articles })).status).toBe(200)
    }
    const folder = await tempFolder()
    let pages = 0
    const failing: typeof fetch = async (input, init) => {
      if (String(input).includes('cursor=') && ++pages >= 1)
        return new Response('upstream down', { status: 502 })
      return fetch(input, init)
    }
    const run = await newsfeed(['export', '--out', 'backup.jsonl', ...target(site)], {
      cwd: folder,
      fetch: failing,
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^newsfeed: .* is not answering: GET \/api\/articles\?.* answered 502 6 times; try again later\n$/,
    )
    expect(await readdir(folder)).toEqual([])
  })

  it('counts without writing under --dry-run', async () => {
    const site = await startSite()
    await api(site, 'POST', '/api/articles', { title: 'Only', content: '<p>Text.</p>' })
    const folder = await tempFolder()
    const run = await newsfeed(['export', '--out', 'x.jsonl', '--dry-run', ...target(site)], { cwd: folder })
    expect(run.stderr).toBe('exported 1 article (1 draft) (dry run: nothing written)\n')
    expect(await readdir(folder)).toEqual([])
  })
})
