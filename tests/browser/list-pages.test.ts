import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
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
import {
  type ShowcasePage,
  type ShowcaseSite,
  showcasePages,
  showcaseViewports,
  startShowcaseSite,
} from '../../bin/browser/showcase.ts'
import { eagerThumbnails } from '../../lib/pages/render-home-page.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's violations on the page as it is now, serious and critical ones (as for the desk). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through DevTools, so the page's CSP (no script at all) does not have to allow it.
  await page.evaluate(`${axeSource};undefined`)
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[]
}

/** The thumbnails of the article list, in order, as the page holds them now. */
const thumbnailsNow = `[...document.querySelectorAll('.article-list > li')].map((li) => {
  const img = li.querySelector('img.thumb');
  if (!img) return null;
  const box = img.getBoundingClientRect();
  return {
    loading: img.getAttribute('loading'),
    decoding: img.getAttribute('decoding'),
    width: img.getAttribute('width'),
    height: img.getAttribute('height'),
    naturalWidth: img.naturalWidth,
    shownWidth: box.width,
    shownHeight: box.height,
  };
})`

/** A showcase page by name: its image and media counts are checked here (pages.test.ts leaves them to this file). */
function showcasePage(name: string): ShowcasePage {
  const page = showcasePages.find((showcase) => showcase.name === name)
  if (!page) throw new Error(`no showcase page ${name}`)
  return page
}

/** The links of the topic navigation, where they are drawn at the top of the page. */
const topicLinksNow = `[...document.querySelectorAll('.topic-nav a')].map((a) => { const b = a.getBoundingClientRect(); return { text: a.textContent, right: b.right, bottom: b.bottom, height: b.height } })`

interface TopicLink {
  readonly text: string
  readonly right: number
  readonly bottom: number
  readonly height: number
}

interface Thumbnail {
  readonly loading: string | null
  readonly decoding: string | null
  readonly width: string | null
  readonly height: string | null
  readonly naturalWidth: number
  readonly shownWidth: number
  readonly shownHeight: number
}

/** Chromium reports the document's own 404/410 on the console; that line is the status, checked apart. */
const documentStatusLine = /^Failed to load resource: the server responded with a status of (404|410)/

// The front page and a topic page as `npm start` serves them with the showcase articles (nine on
// the front page, six with a lead photo), the subscribe page and the error pages, in Debian's
// Chromium at a phone's width and a desktop's: one Chromium and one site for both kinds of page.
describe.skipIf(!hasChromium())(`list and reader pages in Chromium (needs ${chromiumPath})`, () => {
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
  }, 120_000)

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
    it.each([
      {
        path: '/',
        showcase: showcasePage('front-page'),
        also: '; the topic navigation on one screen, each link a usable target',
      },
      { path: '/categories/harbours/', showcase: undefined, also: '' },
    ])(
      '$path: thumbnails sized, lazy below the fold, all loaded once scrolled to; no axe violation, CSP violation or sideways scroll; nothing moves$also',
      async ({ path, showcase }) => {
        const { site, tab } = ready(viewport)
        const opened = await lookAtPage(tab, `${site.url}${path}`)
        const report = await opened.report()
        const thumbnails = (await opened.page.evaluate(thumbnailsNow)) as (Thumbnail | null)[]
        const topicLinks = (await opened.page.evaluate(topicLinksNow)) as TopicLink[]
        const axe = await accessibilityProblems(opened.page)

        expect(pageProblems(report)).toEqual([])
        expect(axe).toEqual([])
        if (showcase) {
          expect(report.images.length, 'images on the page').toBe(showcase.images)
          expect(report.media.length, 'video and audio elements on the page').toBe(showcase.media)
          // The front page's topic navigation: on one screen, each link a usable target.
          expect(topicLinks.map((link) => link.text)).toEqual([
            'Harbours',
            'World',
            'العالم',
            'NATO',
            'Infrastrukturfinanzierungsgesellschaftsregister',
            'Markets',
            'All topics',
            'All authors',
            'All feeds (OPML)',
          ])
          for (const link of topicLinks) {
            expect(link.right).toBeLessThanOrEqual(report.viewportWidth)
            expect(link.bottom).toBeLessThan(400)
            expect(link.height).toBeGreaterThanOrEqual(24)
          }
        }
        // Width and height given, so the room is kept before the file arrives: nothing shifts.
        expect(report.layoutShift).toBeLessThan(0.01)

        const shown = thumbnails.filter((t): t is Thumbnail => t !== null)
        expect(shown.length).toBeGreaterThanOrEqual(4)
        for (const [position, thumbnail] of thumbnails.entries()) {
          if (thumbnail === null) continue
          expect(thumbnail.loading).toBe(position < eagerThumbnails ? null : 'lazy')
          expect(thumbnail.decoding).toBe('async')
          expect(Number(thumbnail.width) / Number(thumbnail.height)).toBeCloseTo(4 / 3)
          expect(thumbnail.shownWidth / thumbnail.shownHeight).toBeCloseTo(4 / 3, 1)
          expect(thumbnail.naturalWidth, `thumbnail ${position} loaded`).toBeGreaterThan(0)
        }

        // As the page opened: every thumbnail below the fold after the first few waited to be
        // scrolled to, and there was such a thumbnail (so the check checks something).
        const thumbsAtLoad = report.imagesAtLoad.filter((img) => img.src.includes('harbour.jpg'))
        const belowTheFold = thumbsAtLoad.filter((img) => img.top >= report.viewportHeight)
        const lazy = thumbsAtLoad.filter((img) => img.loading === 'lazy')
        expect(lazy.length).toBeGreaterThan(0)
        expect(lazy.every((img) => img.top >= report.viewportHeight)).toBe(true)
        expect(belowTheFold.filter((img) => img.loading !== 'lazy').length).toBeLessThanOrEqual(
          eagerThumbnails,
        )
      },
    )

    it.each([
      { path: '/authors/nusrat-jahan/', showcase: showcasePage('author') },
      { path: '/subscribe/?author=nusrat-jahan', showcase: showcasePage('subscribe-author') },
    ])(
      '$path: no axe violation, CSP violation or sideways scroll, every image and media element loaded',
      async ({ path, showcase }) => {
        const { site, tab } = ready(viewport)
        expect(showcase.path(site.slugs)).toBe(path)
        const opened = await lookAtPage(tab, `${site.url}${path}`)
        const report = await opened.report()
        const axe = await accessibilityProblems(opened.page)
        expect(pageProblems(report)).toEqual([])
        expect(axe).toEqual([])
        expect(report.images.length, 'images on the page').toBe(showcase.images)
        expect(report.media.length, 'video and audio elements on the page').toBe(showcase.media)
      },
    )
  })

  // The subscribe page and the error pages (docs/reader-pages.md).
  describe('reader pages', () => {
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
})
