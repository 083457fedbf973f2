import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  chromiumPath,
  hasChromium,
  launchChromium,
  lookAtPage,
  openShowcaseContext,
  pageProblems,
} from '../../bin/browser/look-at-page.ts'
import { type ShowcaseSite, showcaseViewports, startShowcaseSite } from '../../bin/browser/showcase.ts'

/** Chromium reports the document's own 404/410 on the console; that line is the status, checked apart. */
const documentStatusLine = /^Failed to load resource: the server responded with a status of (404|410)/

// The subscribe page and the error pages as `npm start` serves them, in Debian's Chromium at both widths.
describe.skipIf(!hasChromium())(`reader pages in Chromium (needs ${chromiumPath})`, () => {
  let site: ShowcaseSite | undefined
  let browser: Browser | undefined
  // One tab per width, each look a navigation of it: a new page is a new renderer process.
  const tabs = new Map<string, Page>()

  beforeAll(async () => {
    ;[site, browser] = await Promise.all([startShowcaseSite(), launchChromium()])
    for (const viewport of showcaseViewports) {
      const context = await openShowcaseContext(browser, viewport, site.media.origin)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url })
      tabs.set(viewport.name, await context.newPage())
    }
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  function ready(viewport: string) {
    const tab = tabs.get(viewport)
    if (!site || !tab) throw new Error('the site and browser did not start')
    return { site, tab }
  }

  describe.each(showcaseViewports)('at $name width', ({ name: viewport }) => {
    it.each(['/subscribe/', '/subscribe/?topic=world'])(
      '%s: no sideways scroll, no console error or CSP violation, its script ran',
      async (path) => {
        const { site, tab } = ready(viewport)
        const opened = await lookAtPage(tab, `${site.url}${path}`)
        const report = await opened.report()
        const visibleButtons = await opened.page.locator('button[data-copy]:visible').count()
        expect(pageProblems(report)).toEqual([])
        // Hidden in the markup, shown by the script: three visible buttons mean it ran under the CSP.
        expect(visibleButtons).toBe(3)
      },
    )

    it.each([
      ['/articles/no-such-article', 404],
      ['/no/such/path', 404],
    ])(
      '%s: an HTML page answering %i, with no CSP violation and no sideways scroll',
      async (path, status) => {
        const { site, tab } = ready(viewport)
        const opened = await lookAtPage(tab, `${site.url}${path}`)
        const report = await opened.report()
        const heading = await opened.page.locator('h1').textContent()
        expect(report.status).toBe(status)
        const problems = pageProblems({
          ...report,
          status: 200,
          consoleErrors: report.consoleErrors.filter((line) => !documentStatusLine.test(line)),
        })
        expect(problems).toEqual([])
        expect(heading).toBe('Page not found')
      },
    )
  })

  it('copies a feed address to the clipboard', async () => {
    const { site, tab } = ready('desktop')
    const opened = await lookAtPage(tab, `${site.url}/subscribe/`)
    await opened.page.locator('#atom button').click()
    await expect.poll(() => opened.page.locator('#atom button').textContent()).toBe('Copied')
    const copied = await opened.page.evaluate('navigator.clipboard.readText()')
    const report = await opened.report()
    expect(copied).toBe(`${site.url}/atom.xml`)
    expect(pageProblems(report)).toEqual([])
  })

  it('leads from the footer of the front page to the subscribe page', async () => {
    const { site, tab } = ready('phone')
    const opened = await lookAtPage(tab, `${site.url}/`)
    await Promise.all([
      opened.page.waitForURL(/\/subscribe\/#rss$/),
      opened.page.locator('footer a', { hasText: 'RSS' }).click(),
    ])
    const title = await opened.page.title()
    expect(title).toMatch(/^Subscribe to /)
  })
})
