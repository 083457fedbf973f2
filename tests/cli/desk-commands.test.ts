import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { api, folderWith, newsfeed, startSite, target } from '../support/cli-harness.ts'

const file = (title: string, status: string, extra = '') => `---
title: "${title}"
status: ${status}
categories: [Politics]
${extra}---

Body of ${title}.
`

describe('newsfeed list, unpublish, delete, editors', () => {
  it('prints "draft: not public; preview: <link>" for a draft, and the link shows it to anyone', async () => {
    const site = await startSite()
    const folder = await folderWith('draft.md', file('Budget talks stall', 'draft'))
    const run = await newsfeed(['publish', 'draft.md', ...target(site)], { cwd: folder })
    expect(run.code).toBe(0)
    const link =
      /^created budget-talks-stall \(draft: not public; preview: (http\S+\/desk\/preview\/\S+)\)\n$/.exec(
        run.stdout,
      )?.[1]
    expect(link).toBeDefined()
    // SITE_URL is http://localhost:0 under PORT=0: the link's path, on the test's own port.
    const preview = await fetch((link ?? '').replace(/^https?:\/\/[^/]+/, site.url))
    expect(preview.status).toBe(200)
    expect(preview.headers.get('x-robots-tag')).toContain('noindex')
    expect(await preview.text()).toContain('Budget talks stall')
    expect((await fetch(`${site.url}/articles/budget-talks-stall`)).status).toBe(404)
  })

  it('prints "scheduled for …: not public" for an article not yet due', async () => {
    const site = await startSite()
    const folder = await folderWith(
      'later.md',
      file('Polls open tomorrow', 'published', 'publishedAt: 2999-01-01T06:00:00+06:00\n'),
    )
    const run = await newsfeed(['publish', 'later.md', ...target(site)], { cwd: folder })
    expect(run.stdout).toMatch(
      /^created polls-open-tomorrow \(scheduled for 2999-01-01T06:00:00\+06:00: not public; preview: http/,
    )
  })

  it('lists by status, category and title search; unpublishes; deletes', async () => {
    const site = await startSite()
    const folder = await folderWith('a.md', file('Election results are in', 'published'))
    await writeFile(join(folder, 'b.md'), file('Electric buses arrive', 'draft'))
    expect((await newsfeed(['publish', 'a.md', 'b.md', ...target(site)], { cwd: folder })).code).toBe(0)
    const all = await newsfeed(['list', ...target(site)])
    expect(all.stdout.trim().split('\n')).toHaveLength(2)
    const drafts = await newsfeed(['list', '--status', 'draft', ...target(site)])
    expect(drafts.stdout).toMatch(/^draft .*electric-buses-arrive {2}Electric buses arrive\n$/)
    const search = await newsfeed(['list', '--search', 'elect', '--category', 'politics', ...target(site)])
    expect(search.stdout.trim().split('\n')).toHaveLength(2)
    const results = await newsfeed(['list', '--search', 'results', ...target(site)])
    expect(results.stdout).toContain('election-results-are-in')
    expect(results.stdout).not.toContain('electric')

    const unpublished = await newsfeed(['unpublish', 'election-results-are-in', ...target(site)])
    expect(unpublished.code).toBe(0)
    expect(unpublished.stdout).toBe('unpublished election-results-are-in: draft, out of the feeds\n')
    expect(await (await fetch(`${site.url}/feed.json`)).text()).not.toContain('election-results-are-in')
    const stored = (await (await api(site, 'GET', '/api/articles/election-results-are-in')).json()) as {
      status: string
      categories: unknown[]
    }
    expect(stored).toMatchObject({ status: 'draft', categories: [{ slug: 'politics', name: 'Politics' }] })

    const deleted = await newsfeed(['delete', 'election-results-are-in', ...target(site)])
    expect(deleted.stdout).toBe('deleted election-results-are-in\n')
    expect((await fetch(`${site.url}/articles/election-results-are-in`)).status).toBe(410)
    expect((await newsfeed(['list', '--status', 'deleted', ...target(site)])).stdout).toContain(
      'election-results-are-in',
    )
    const again = await newsfeed(['delete', 'election-results-are-in', ...target(site)])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already deleted')
  })

  it('adds an editor whose token opens the desk, and removes them', async () => {
    const site = await startSite()
    const added = await newsfeed(['editors', 'add', 'Ana Costa', ...target(site)])
    expect(added.code).toBe(0)
    const editorToken = added.stdout.trim()
    expect(editorToken).toMatch(/^ned\./)
    const signIn = () =>
      fetch(`${site.url}/desk/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: site.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: editorToken }),
      })
    expect((await signIn()).status).toBe(303)
    const removed = await newsfeed(['editors', 'remove', 'Ana Costa', ...target(site)])
    expect(removed.code).toBe(0)
    expect((await signIn()).status).toBe(401)
    expect((await newsfeed(['editors', 'remove', 'Ana Costa', ...target(site)])).code).toBe(1)
  })
})
