import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folderWith, newsfeed, startSite, storedArticles, target } from '../support/cli-harness.ts'

const markdown = `---
title: Harbour reopens
slug: harbour
categories: [Ports]
publishedAt: 2025-03-11T09:19:00+06:00
status: published
---

The harbour recieved ships.
`

describe('newsfeed publish --minor', () => {
  it('replaces as a minor edit: the article keeps its updatedAt and records editedAt', async () => {
    const site = await startSite()
    const folder = await folderWith('harbour.md', markdown)
    // A create is never minor: --minor does not stop a new article from being created.
    const created = await newsfeed(['publish', '--minor', 'harbour.md', ...target(site)], { cwd: folder })
    expect(created.code).toBe(0)
    const [first] = await storedArticles(site)
    expect(first).not.toHaveProperty('editedAt')

    await writeFile(join(folder, 'harbour.md'), markdown.replace('recieved', 'received'))
    const fixed = await newsfeed(['publish', '--minor', 'harbour.md', ...target(site)], { cwd: folder })
    expect(fixed.stdout).toMatch(/^replaced .*\/articles\/harbour\n$/)
    const [second] = await storedArticles(site)
    expect(second).toMatchObject({
      version: 2,
      updatedAt: first?.updatedAt,
      content: expect.stringContaining('received'),
    })
    expect(second).toHaveProperty('editedAt')
  })

  it('reports a minor edit the site refuses (another category) as refused, exit code 3', async () => {
    const site = await startSite()
    const folder = await folderWith('harbour.md', markdown)
    await newsfeed(['publish', 'harbour.md', ...target(site)], { cwd: folder })
    await writeFile(join(folder, 'harbour.md'), markdown.replace('[Ports]', '[Ports, Weather]'))
    const moved = await newsfeed(['publish', '--minor', 'harbour.md', ...target(site)], { cwd: folder })
    expect(moved.code).toBe(3)
    expect(moved.stderr).toMatch(/harbour\.md: the site refused it \(400\).*minor/)
  })
})
