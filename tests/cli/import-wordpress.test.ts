import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newsfeed, startSite, storedArticles, target, tempFolder } from '../support/cli-harness.ts'

// WordPress's own importer test data (GPL-2.0): see tests/fixtures/import/README.md.
const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'import', name)

async function importFixture(name: string) {
  const site = await startSite()
  const folder = await tempFolder()
  await writeFile(join(folder, name), await readFile(fixture(name)))
  const run = await newsfeed(['import', name, '--no-state', '--verbose', ...target(site)], { cwd: folder })
  const articles = await storedArticles(site)
  return { run, articles, bySlug: new Map(articles.map((a) => [a.slug, a])), site, folder }
}

describe('importing a WordPress export (WXR)', () => {
  it('imports the posts (not the pages) at their slugs, drafts as drafts, authors by login, categories and tags', async () => {
    const { run, articles, bySlug } = await importFixture('wordpress-small-export.xml')
    expect(run.stderr).toContain(
      'read wordpress-small-export.xml: WordPress export (WXR), 6 items (not imported: 5 pages)',
    )
    expect(run.stderr).toContain('6 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    expect(articles.map((a) => a.slug).sort()).toEqual([
      'foo-child',
      'hello-world',
      'many-categories',
      'non-standard-post-format',
      'private-post',
      'top-level-foo',
    ])
    const hello = bySlug.get('hello-world')
    expect(hello).toMatchObject({
      id: 'http://localhost/?p=1',
      title: 'Hello world!',
      status: 'published',
      publishedAt: '2011-01-18T07:40:14Z',
      authors: [{ name: 'author' }],
      categories: [{ slug: 'uncategorized', name: 'Uncategorized' }],
    })
    expect(hello?.contentHtml).toBe(
      '<p>Welcome to WordPress. This is your first post. Edit or delete it, then start blogging!</p>',
    )
    // A private post is not public: a draft here.
    expect(bySlug.get('private-post')).toMatchObject({
      status: 'draft',
      categories: [
        { slug: 'tag1', name: 'Tag1' },
        { slug: 'tag2', name: 'Tag2' },
        { slug: 'tag3', name: 'Tag3' },
        { slug: 'uncategorized', name: 'Uncategorized' },
      ],
    })
    expect(bySlug.get('foo-child')?.authors).toEqual([{ name: 'editor' }])
    expect(bySlug.get('many-categories')?.categories).toHaveLength(10)
  }, 60_000)

  it('schedules a future post at its GMT date', async () => {
    const { run, bySlug } = await importFixture('wordpress-scheduled.xml')
    expect(run.code).toBe(0)
    expect(bySlug.get('scheduled')).toMatchObject({
      status: 'published',
      publishedAt: '2030-01-01T19:00:18Z',
      authors: [{ name: 'Theme Buster' }],
    })
    expect(bySlug.get('scheduled')?.categories.map((c) => c.name)).toEqual([
      'content περιεχόμενο',
      'Unpublished',
      'Classic',
    ])
  }, 60_000)

  it('makes an attached image the post’s lead image, and leaves the attachment item out', async () => {
    const { run, articles } = await importFixture('wordpress-attachment.xml')
    expect(run.stderr).toContain('1 items (not imported: 1 attachment)')
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      slug: 'post-with-attachment',
      image: { url: 'https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg', alt: 'canola' },
      authors: [{ name: 'a11y Team' }],
    })
  }, 60_000)

  it('updates nothing on a second import of the same export', async () => {
    const { site, folder } = await importFixture('wordpress-small-export.xml')
    const again = await newsfeed(['import', 'wordpress-small-export.xml', '--no-state', ...target(site)], {
      cwd: folder,
    })
    expect(again.stderr).toContain('0 imported, 0 updated, 6 unchanged, 0 skipped')
  }, 60_000)
})
