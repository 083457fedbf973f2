import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newsfeed, startSite, storedArticles, target, tempFolder } from '../support/cli-harness.ts'

// A Ghost JSON export from Ghost's own migration tools' tests (MIT): see tests/fixtures/import/README.md.
const fixture = join(import.meta.dirname, '..', 'fixtures', 'import', 'ghost-export.json')

async function importText(name: string, text: string) {
  const site = await startSite()
  const folder = await tempFolder()
  await writeFile(join(folder, name), text)
  const run = await newsfeed(['import', name, '--no-state', '--verbose', ...target(site)], { cwd: folder })
  const articles = await storedArticles(site)
  return { run, bySlug: new Map(articles.map((a) => [a.slug, a])), articles }
}

describe('importing a Ghost JSON export', () => {
  it('imports each post at its slug with its html (or lexical), authors, tags, date and feature image', async () => {
    const { run, bySlug, articles } = await importText('ghost.json', await readFile(fixture, 'utf8'))
    expect(run.stderr).toContain('read ghost.json: Ghost export, 3 items')
    expect(run.stderr).toContain('3 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(run.code).toBe(0)
    expect(articles.map((a) => a.slug).sort()).toEqual(['post-1', 'post-2', 'post-3-lexical'])
    expect(bySlug.get('post-1')).toMatchObject({
      title: 'Post 1',
      status: 'published',
      publishedAt: '2025-01-01T00:00:00Z',
      authors: [{ name: 'Alice Johnson' }],
      categories: [{ slug: 'news', name: 'News' }],
      image: { url: 'https://example.com/images/feature-1.jpg', alt: '' },
    })
    expect(bySlug.get('post-1')?.contentHtml).toContain('<p>Hello world</p>')
    expect(bySlug.get('post-2')?.authors).toEqual([{ name: 'Bob Smith' }])
    // No html in the export: the lexical document, rendered.
    expect(bySlug.get('post-3-lexical')?.contentHtml).toContain(
      '<img src="https://example.com/images/lexical-image.jpg"',
    )
  }, 60_000)

  it('keeps drafts as drafts and schedules scheduled posts; pages and internal tags stay out', async () => {
    const post = (over: Record<string, unknown>) => ({
      type: 'post',
      html: '<p>Text</p>',
      created_at: '2025-01-01T00:00:00.000Z',
      ...over,
    })
    const exported = {
      db: [
        {
          meta: { exported_on: 1, version: '5.0.0' },
          data: {
            posts: [
              post({
                id: 'a',
                uuid: '0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c',
                title: 'Draft',
                slug: 'a-draft',
                status: 'draft',
                published_at: null,
              }),
              post({
                id: 'b',
                title: 'Later',
                slug: 'later',
                status: 'scheduled',
                published_at: '2099-05-01T08:00:00.000Z',
              }),
              post({
                id: 'c',
                title: 'About',
                slug: 'about',
                type: 'page',
                status: 'published',
                published_at: '2025-01-01T00:00:00.000Z',
              }),
            ],
            tags: [
              { id: 't1', name: 'World' },
              { id: 't2', name: '#hidden' },
            ],
            users: [{ id: 'u1', name: 'Zoë Ångström' }],
            posts_tags: [
              { post_id: 'b', tag_id: 't2', sort_order: 0 },
              { post_id: 'b', tag_id: 't1', sort_order: 1 },
            ],
            posts_authors: [{ post_id: 'b', author_id: 'u1', sort_order: 0 }],
          },
        },
      ],
    }
    const { run, bySlug } = await importText('export.json', JSON.stringify(exported))
    expect(run.stderr).toContain('Ghost export, 2 items (not imported: 1 page)')
    expect(run.code).toBe(0)
    expect(bySlug.get('a-draft')).toMatchObject({
      status: 'draft',
      id: 'urn:uuid:0b8f6c3e-8e0f-4d0a-9a0e-6c1f3a1d2b4c',
    })
    expect(bySlug.get('a-draft')?.publishedAt).toBeUndefined()
    expect(bySlug.get('later')).toMatchObject({
      status: 'published',
      publishedAt: '2099-05-01T08:00:00Z',
      authors: [{ name: 'Zoë Ångström' }],
      categories: [{ slug: 'world', name: 'World' }],
    })
    expect(bySlug.has('about')).toBe(false)
  }, 60_000)
})
