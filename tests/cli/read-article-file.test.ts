import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.ts'
import { readArticleFile } from '../../lib/cli/read-article-file.ts'
import { tempFolder } from '../support/cli-harness.ts'

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

describe('readArticleFile: audio, video and attachments', () => {
  it('reads audio:, video: and attachments: into the attachments, in that order', async () => {
    const file = await read(
      'episode.md',
      [
        '---',
        'title: Episode 12',
        'audio: { url: "https://cdn.example/ep12.mp3", type: audio/mpeg, length: 24000000, duration: 1500 }',
        'video:',
        '  - { url: "https://cdn.example/ep12.mp4", type: video/mp4 }',
        'attachments:',
        '  - { url: "https://cdn.example/ep12.vtt", type: text/vtt, title: Transcript }',
        '---',
        'Notes.',
      ].join('\n'),
    )
    expect(file.body.attachments).toEqual([
      { url: 'https://cdn.example/ep12.mp3', type: 'audio/mpeg', length: 24000000, duration: 1500 },
      { url: 'https://cdn.example/ep12.mp4', type: 'video/mp4' },
      { url: 'https://cdn.example/ep12.vtt', type: 'text/vtt', title: 'Transcript' },
    ])
  })

  it('refuses an audio: without its type rather than guess it from the extension', async () => {
    await expect(read('a.md', '---\ntitle: A\naudio: https://cdn.example/a.mp3\n---\nx')).rejects.toThrow(
      /a\.md: audio needs the MIME type .* never guessed from the extension/,
    )
    await expect(
      read('b.md', '---\ntitle: B\nvideo: { url: "https://cdn.example/b.mp3", type: audio/mpeg }\n---\nx'),
    ).rejects.toThrow(CliError)
  })
})
