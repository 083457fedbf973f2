import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.ts'
import { readArticleFile } from '../../lib/cli/read-article-file.ts'
import { tempFolder } from './cli-harness.ts'

async function read(name: string, text: string, options: { status?: 'draft' | 'published' } = {}) {
  const cwd = await tempFolder()
  await writeFile(join(cwd, name), text)
  return readArticleFile(name, { cwd, ...options })
}

describe('readArticleFile', () => {
  it('passes language, id and image objects through for the site to judge, and merges tags into categories', async () => {
    const file = await read(
      'post.md',
      '---\ntitle: Bonjour\nlanguage: fr-CA\nid: tag:old.example,2020:7\ncategories: World\ntags: [Québec]\nimage: { url: "https://cdn.example/i.jpg", alt: Une image }\n---\nTexte.\n',
    )
    expect(file.body).toEqual({
      title: 'Bonjour',
      slug: 'bonjour',
      language: 'fr-CA',
      id: 'tag:old.example,2020:7',
      categories: ['World', 'Québec'],
      image: { url: 'https://cdn.example/i.jpg', alt: 'Une image' },
      content: 'Texte.',
      contentFormat: 'markdown',
    })
  })

  it('keeps a status the file gives over --status, and applies --status where it gives none', async () => {
    expect(
      (await read('a.md', '---\ntitle: A\nstatus: draft\n---\nx', { status: 'published' })).body.status,
    ).toBe('draft')
    expect((await read('b.md', '---\ntitle: B\n---\nx', { status: 'published' })).body.status).toBe(
      'published',
    )
    expect((await read('c.md', '---\ntitle: C\n---\nx')).body.status).toBeUndefined()
  })

  it('names the file when its front matter is not YAML or no slug can be made', async () => {
    await expect(read('bad.md', '---\ntitle: [unclosed\n---\nx')).rejects.toThrow(
      /^bad\.md: the front matter is not valid YAML: /,
    )
    await expect(read('dots.md', '---\ntitle: "… — …"\n---\nx')).rejects.toThrow(
      new CliError('dots.md: no slug, and none can be made from its title: give one ("slug: …")'),
    )
    await expect(read('list.json', '[1, 2]')).rejects.toThrow(
      new CliError('list.json: expected one article as a JSON object'),
    )
  })
})
