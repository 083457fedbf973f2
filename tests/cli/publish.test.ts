import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { slugify } from '../../lib/articles/slug.ts'
import {
  api,
  folderWith,
  newsfeed,
  startSite,
  storedArticles,
  target,
  tempFolder,
} from '../support/cli-harness.ts'

const markdown = `---
title: "Café à Paris: the terraces reopen"
slug: cafe-a-paris
summary: A short standfirst.
categories: [World, Économie]
authors:
  - Zoë Ångström
  - name: Desk Report
    url: https://news.example.com/desk
publishedAt: 2025-03-11T09:19:00+06:00
status: published
image: https://cdn.example.com/cafe.jpg
---

The terraces of **Paris** reopened on Monday.

- one
- two
`

describe('newsfeed publish', () => {
  it('publishes Markdown with YAML front matter and prints its URL', async () => {
    const site = await startSite()
    const folder = await folderWith('cafe.md', markdown)
    const run = await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder })
    expect(run.code).toBe(0)
    const [article] = await storedArticles(site)
    expect(run.stdout).toBe(`created ${article?.url}\n`)
    expect(article?.url).toMatch(/\/articles\/cafe-a-paris$/)
    expect(article).toMatchObject({
      slug: 'cafe-a-paris',
      title: 'Café à Paris: the terraces reopen',
      summary: 'A short standfirst.',
      contentFormat: 'markdown',
      content: 'The terraces of **Paris** reopened on Monday.\n\n- one\n- two',
      categories: [
        { slug: 'world', name: 'World' },
        { slug: slugify('Économie'), name: 'Économie' },
      ],
      authors: [{ name: 'Zoë Ångström' }, { name: 'Desk Report', url: 'https://news.example.com/desk' }],
      // The offset as written: YAML's core schema keeps it a string.
      publishedAt: '2025-03-11T09:19:00+06:00',
      status: 'published',
      image: { url: 'https://cdn.example.com/cafe.jpg', alt: '' },
    })
    expect(article?.contentHtml).toContain('<strong>Paris</strong>')
  })

  it('replaces an existing article with If-Match, and leaves an unchanged one alone', async () => {
    const site = await startSite()
    const folder = await folderWith('cafe.md', markdown)
    await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder })
    const same = await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder })
    expect(same.stdout).toMatch(/^unchanged .*\/articles\/cafe-a-paris\n$/)
    await writeFile(join(folder, 'cafe.md'), markdown.replace('reopened on Monday', 'reopened on Tuesday'))
    const replaced = await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder })
    expect(replaced.stdout).toMatch(/^replaced .*\/articles\/cafe-a-paris\n$/)
    expect(replaced.code).toBe(0)
    const [article] = await storedArticles(site)
    expect(article).toMatchObject({ version: 2, content: expect.stringContaining('Tuesday') })
  })

  it('does not overwrite a change made on the site between its read and its write (412)', async () => {
    const site = await startSite()
    const folder = await folderWith('cafe.md', markdown)
    await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder })
    await writeFile(join(folder, 'cafe.md'), markdown.replace('Monday', 'Tuesday'))
    // An editor saves the article on the site just before the CLI's PUT goes out.
    const racing: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') {
        const res = await api(site, 'PUT', '/api/articles/cafe-a-paris', {
          title: 'Edited on the site',
          content: '<p>Keep me.</p>',
        })
        expect(res.status).toBe(200)
      }
      return fetch(input, init)
    }
    const run = await newsfeed(['publish', 'cafe.md', ...target(site)], { cwd: folder, fetch: racing })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('cafe.md: the site refused it (412): ')
    const [article] = await storedArticles(site)
    expect(article).toMatchObject({ title: 'Edited on the site', content: '<p>Keep me.</p>' })
  })

  it('publishes the wire layout of the sample article at the offset given', async () => {
    const site = await startSite()
    const folder = await tempFolder()
    await copyFile(new URL('../../sample/seed-article.txt', import.meta.url), join(folder, 'nato.txt'))
    const missing = await newsfeed(['publish', 'nato.txt', ...target(site)], { cwd: folder })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('--utc-offset')
    const run = await newsfeed(
      ['publish', 'nato.txt', '--utc-offset', '+06:00', '--status', 'published', ...target(site)],
      {
        cwd: folder,
      },
    )
    expect(run.code).toBe(0)
    const [article] = await storedArticles(site)
    expect(article).toMatchObject({
      slug: 'musk-advocates-us-exit-from-nato-fueling-debate-on-alliances-future',
      title: 'Musk advocates US exit from NATO, fueling debate on alliance’s future',
      authors: [{ name: 'Desk Report' }],
      publishedAt: '2025-03-11T09:19:00+06:00',
      contentFormat: 'text',
      status: 'published',
    })
  })

  it("publishes the API's JSON, including an article saved from a GET", async () => {
    const site = await startSite()
    const folder = await tempFolder()
    const saved = {
      id: 'urn:uuid:0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c',
      slug: 'saved',
      url: 'https://elsewhere.example/articles/saved',
      title: 'Saved from another site',
      summary: 'S.',
      content: '<p>Body.</p>',
      contentFormat: 'html',
      contentHtml: '<p>Body.</p>',
      authors: [{ name: 'A' }],
      categories: [{ slug: 'world', name: 'World' }],
      status: 'published',
      publishedAt: '2024-01-01T00:00:00Z',
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-02T00:00:00Z',
      version: 7,
    }
    await writeFile(join(folder, 'saved.json'), JSON.stringify(saved))
    const run = await newsfeed(['publish', 'saved.json', ...target(site)], { cwd: folder })
    expect(run.code).toBe(0)
    const [article] = await storedArticles(site)
    expect(article).toMatchObject({ id: saved.id, slug: 'saved', title: saved.title, version: 1 })
  })

  it('reads every file before writing: a missing or broken one stores nothing', async () => {
    const site = await startSite()
    const folder = await folderWith('good.md', markdown)
    await writeFile(join(folder, 'broken.json'), '{"title": "x",')
    const missing = await newsfeed(['publish', 'good.md', 'nope.md', ...target(site)], { cwd: folder })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe('newsfeed: cannot read nope.md: no such file\n')
    const broken = await newsfeed(['publish', 'good.md', 'broken.json', ...target(site)], { cwd: folder })
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^newsfeed: broken\.json is not valid JSON: /)
    expect(await storedArticles(site)).toEqual([])
  })

  it('refuses front matter that would run code, without running it', async () => {
    const site = await startSite()
    const folder = await folderWith(
      'evil.md',
      '---js\n{ title: (globalThis.newsfeedPwned = "yes", "Evil"), slug: "evil" }\n---\nBody.\n',
    )
    const run = await newsfeed(['publish', 'evil.md', ...target(site)], { cwd: folder })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('front matter that runs code')
    expect(Reflect.get(globalThis, 'newsfeedPwned')).toBeUndefined()
    expect(await storedArticles(site)).toEqual([])
  })

  it('reads what static site generators write: date, tags, draft, author, a # heading as title', async () => {
    const site = await startSite()
    const folder = await folderWith(
      'hugo.md',
      '---\ndate: 2024-02-29T23:30:00-05:00\ntags: [Leap, Day]\ndraft: false\nauthor: Jo Bloggs\ndescription: Once in four years.\nlayout: post\n---\n# A leap-day story\n\nBody text.\n',
    )
    const run = await newsfeed(['publish', 'hugo.md', ...target(site)], { cwd: folder })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('hugo.md: front matter ignored: layout')
    const [article] = await storedArticles(site)
    expect(article).toMatchObject({
      slug: 'a-leap-day-story',
      title: 'A leap-day story',
      content: 'Body text.',
      summary: 'Once in four years.',
      publishedAt: '2024-02-29T23:30:00-05:00',
      status: 'published',
      authors: [{ name: 'Jo Bloggs' }],
      categories: [
        { slug: 'leap', name: 'Leap' },
        { slug: 'day', name: 'Day' },
      ],
    })
  })

  it('reports what the site refuses, naming the field, and exits 3; --dry-run writes nothing', async () => {
    const site = await startSite()
    const folder = await folderWith(
      'bad.md',
      '---\ntitle: Bad date\npublishedAt: "11 March 2025"\n---\nBody.\n',
    )
    await writeFile(join(folder, 'good.md'), markdown)
    const dry = await newsfeed(['publish', 'good.md', '--dry-run', ...target(site)], { cwd: folder })
    expect(dry.stdout).toBe('would create cafe-a-paris (good.md)\n')
    expect(await storedArticles(site)).toEqual([])
    const run = await newsfeed(['publish', 'bad.md', ...target(site)], { cwd: folder })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(
      'bad.md: the site refused it (400): publishedAt must be an RFC 3339 date-time with an offset, e.g. 2025-03-11T09:19:00+06:00',
    )
    expect(await storedArticles(site)).toEqual([])
  })
})
