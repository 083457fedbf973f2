import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folderWith, startSite, storedArticles, token } from '../support/cli-harness.ts'
import { fixtureItems, wordpressRss } from '../support/fixture-feeds.ts'

const root = join(import.meta.dirname, '..', '..')

interface Exit {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a real child process and resolves with its exit code and output, whatever the code. */
function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
        resolve({ code, stdout, stderr })
      },
    )
  })
}

const tsx = join(root, 'node_modules', '.bin', 'tsx')
const entry = join(root, 'bin', 'newsfeed.ts')

describe('the newsfeed process', () => {
  // The import that exits 0 is the next test's, through `npm run` and tsx as a user runs it: a
  // process costs about 1.5 s of CPU, so each proves what the other does not.
  it('exits 1 for a missing file and 2 for a wrong option, through tsx', async () => {
    const site = await startSite()
    const folder = await folderWith('feed.xml', wordpressRss(fixtureItems(3)))
    const env = { NEWSFEED_URL: site.url, NEWSFEED_TOKEN: token }

    const missing = await run(tsx, [entry, 'import', 'gone.xml'], folder, env)
    expect(missing).toMatchObject({ code: 1, stderr: 'newsfeed: cannot read gone.xml: no such file\n' })

    const wrong = await run(tsx, [entry, 'import', 'feed.xml', '--colour'], folder, env)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain("newsfeed: unknown option '--colour'")
    expect(await storedArticles(site)).toEqual([])
  }, 90_000)

  it('imports a path relative to where `npm run -s newsfeed` was started and exits 0, and exports JSON Lines on stdout', async () => {
    const site = await startSite()
    const folder = await folderWith('feed.xml', wordpressRss(fixtureItems(3)))
    const env = { NEWSFEED_URL: site.url, PUBLISH_TOKEN: `${token},another-token-0123456789` }
    const npm = ['run', '-s', '--prefix', root, 'newsfeed', '--']
    const imported = await run('npm', [...npm, 'import', 'feed.xml'], folder, env)
    expect(imported.stderr).toContain('3 imported, 0 updated, 0 unchanged, 0 skipped')
    expect(imported.code).toBe(0)
    expect(await storedArticles(site)).toHaveLength(3)

    const exported = await run('npm', [...npm, 'export'], folder, env)
    expect(exported.code).toBe(0)
    const lines = exported.stdout.trimEnd().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as { id: string }).id).sort()).toEqual(
      fixtureItems(3)
        .map((i) => i.guid)
        .sort(),
    )
  }, 90_000)
})
