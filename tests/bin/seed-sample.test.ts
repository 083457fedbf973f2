import type { ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'
import { api, newsfeed, restorable, storedArticles, tempFolder, token } from '../support/cli-harness.ts'
import { spawnNpmStart } from '../support/npm-start-process.ts'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM')
})

/** `npm start` as a process on a free port (killed after the test); resolves with its URL. */
function npmStart(env: Record<string, string>): Promise<string> {
  const started = spawnNpmStart(env, 90_000)
  children.push(started.child)
  return started.url
}

describe('SEED_SAMPLE=false', () => {
  it('starts npm start empty, and an export of a site with the sample article restores into it whole', async () => {
    const origin = await startLocalStack({ config: readConfig({ PORT: '0', PUBLISH_TOKEN: token }) })
    try {
      expect(origin.seeded).toBeDefined()
      for (const title of ['One', 'Two']) {
        const res = await api(origin, 'POST', '/api/articles', {
          title,
          content: `<p>${title}</p>`,
          status: 'published',
        })
        expect(res.status).toBe(201)
      }
      const folder = await tempFolder()
      const exported = await newsfeed(
        ['export', '--out', 'backup.jsonl', '--url', origin.url, '--token', token],
        {
          cwd: folder,
        },
      )
      expect(exported.stderr).toBe('exported 3 articles (3 published) to backup.jsonl\n')

      const url = await npmStart({ SEED_SAMPLE: 'false', PUBLISH_TOKEN: token })
      const empty = await fetch(`${url}/api/articles`, { headers: { Authorization: `Bearer ${token}` } })
      expect(((await empty.json()) as { items: unknown[] }).items).toEqual([])

      const restore = await newsfeed(
        ['import', 'backup.jsonl', '--no-state', '--url', url, '--token', token],
        {
          cwd: folder,
        },
      )
      expect(restore.stderr).toContain('3 imported, 0 updated, 0 unchanged, 0 skipped')
      expect(restore.code).toBe(0)
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
      const copy = await storedArticles({ url } as Parameters<typeof storedArticles>[0])
      expect(copy.map(restorable).sort(byId)).toEqual(
        (await storedArticles(origin)).map(restorable).sort(byId),
      )
    } finally {
      await origin.close()
    }
  }, 180_000)

  it('is refused when it is not true or false, naming the variable', () => {
    expect(() => readConfig({ SEED_SAMPLE: 'nope' })).toThrow(/^SEED_SAMPLE must be true or false/)
    expect(readConfig({ SEED_SAMPLE: 'false' }).seedSample).toBe(false)
    expect(readConfig({}).seedSample).toBeUndefined()
  })
})
