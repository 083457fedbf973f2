import { describe, expect, it } from 'vitest'
import { newsfeed, startSite, storedArticles, token } from '../support/cli-harness.ts'
import { serveHttp } from '../support/http-servers.ts'

describe('the newsfeed command line', () => {
  it.each([
    ['publish', ['--utc-offset', '--status', '--dry-run', '--url', '--token', 'front matter']],
    [
      'import',
      ['--follow', '--state', '--no-state', '--dry-run', '--concurrency', '--max-pages', '--url', '--token'],
    ],
    ['export', ['--out', '--dry-run', '--url', '--token']],
  ])('explains %s with --help and exits 0', async (command, options) => {
    const run = await newsfeed([command, '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Usage: newsfeed ${command}`)
    for (const option of options) expect(run.stdout).toContain(option)
  })

  it('lists the commands and exit codes with --help, and shows them with exit 2 when none is given', async () => {
    const help = await newsfeed(['--help'])
    expect(help.code).toBe(0)
    for (const text of [
      'publish',
      'import',
      'export',
      'NEWSFEED_URL',
      'NEWSFEED_TOKEN',
      'PUBLISH_TOKEN',
      '3 done',
    ]) {
      expect(help.stdout).toContain(text)
    }
    const none = await newsfeed([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: newsfeed')
  })

  it('exits 2 on wrong usage, saying what is wrong', async () => {
    const unknown = await newsfeed(['launch'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("newsfeed: unknown command 'launch'")
    const concurrency = await newsfeed(['import', 'x.xml', '--concurrency', '0'])
    expect(concurrency.code).toBe(2)
    expect(concurrency.stderr).toContain('--concurrency must be a whole number from 1 to 64')
    const status = await newsfeed(['import', 'x.xml', '--status', 'live'])
    expect(status.code).toBe(2)
    const offset = await newsfeed(['publish', 'x.txt', '--utc-offset', '6'])
    expect(offset.code).toBe(2)
    expect(offset.stderr).toContain('--utc-offset must look like +06:00')
  })

  it('exits 1 without a token, and with a --url that is not a site', async () => {
    const noToken = await newsfeed(['export', '--url', 'http://127.0.0.1:9'])
    expect(noToken).toMatchObject({
      code: 1,
      stderr: 'newsfeed: no token: pass --token or set NEWSFEED_TOKEN (npm start prints the local one)\n',
    })
    const badUrl = await newsfeed(['export', '--url', 'ftp://example.com', '--token', token])
    expect(badUrl.code).toBe(1)
    expect(badUrl.stderr).toContain('--url must be the site')
  })

  it('takes the site from NEWSFEED_URL and the token from NEWSFEED_TOKEN, else the first of PUBLISH_TOKEN', async () => {
    const site = await startSite()
    const viaNewsfeed = await newsfeed(['export'], {
      env: { NEWSFEED_URL: `${site.url}/api/`, NEWSFEED_TOKEN: token },
    })
    expect(viaNewsfeed).toMatchObject({ code: 0, stderr: 'exported 0 articles\n' })
    const viaPublish = await newsfeed(['export'], {
      env: { NEWSFEED_URL: site.url, PUBLISH_TOKEN: ` ${token} , another-token-0123456789` },
    })
    expect(viaPublish.code).toBe(0)
    // The flag wins over the environment.
    const flag = await newsfeed(['export', '--token', 'not-the-token-0123456789'], {
      env: { NEWSFEED_URL: site.url, NEWSFEED_TOKEN: token },
    })
    expect(flag.code).toBe(1)
    expect(flag.stderr).toContain('refused the token (401')
    expect(await storedArticles(site)).toEqual([])
  })

  it('exits 1 naming the new place when the site redirects the API, instead of turning a POST into a GET', async () => {
    const moved = await serveHttp((req, res) => {
      res.writeHead(301, { Location: `https://news.example.com${req.url}` })
      res.end()
    })
    const run = await newsfeed(['export', '--url', moved.url, '--token', token])
    expect(run).toMatchObject({
      code: 1,
      stderr: `newsfeed: ${moved.url} redirects GET /api/articles?limit=100 to https://news.example.com/api/articles?limit=100: give the site's own URL as --url\n`,
    })
  })
})
