import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  chromiumPath,
  hasChromium,
  launchChromium,
  lookAtPage,
  openShowcaseContext,
  pageProblems,
  waitForMedia,
} from '../../bin/browser/look-at-page.ts'
import {
  type ShowcasePage,
  type ShowcaseSite,
  type ShowcaseViewport,
  showcasePages,
  showcaseViewports,
  startShowcaseSite,
} from '../../bin/browser/showcase.ts'
import { eagerThumbnails } from '../../lib/pages/render-home-page.ts'

/**
 * Looked at with the list pages below instead, with these checks and axe's on the same load of the
 * page: one page load each, not two.
 */
const listPageChecks = new Set(['front-page', 'author', 'subscribe-author'])

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

/** A showcase page by name: its image and media counts are checked with the list pages (the first tests leave them to those). */
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

// The product as `npm start` runs it, looked at in Debian's Chromium at a phone's width and a
// desktop's: the pages are listed once, in bin/browser/showcase.ts, for these tests and the screenshots.
// One file, so one Chromium and one showcase site for every page (each launch and site cost seconds of CPU).
describe.skipIf(!hasChromium())(`pages in Chromium (needs ${chromiumPath}: apt-get install chromium)`, () => {
  let site: ShowcaseSite | undefined
  let browser: Browser | undefined
  const contexts = new Map<ShowcaseViewport['name'], BrowserContext>()
  // One tab per width, each look a navigation of it: a new page is a new renderer process.
  const tabs = new Map<ShowcaseViewport['name'], Page>()

  beforeAll(async () => {
    ;[site, browser] = await Promise.all([startShowcaseSite(), launchChromium()])
    for (const viewport of showcaseViewports) {
      const context = await openShowcaseContext(browser, viewport, site.media.origin)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url })
      contexts.set(viewport.name, context)
      tabs.set(viewport.name, await context.newPage())
    }
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  function ready(viewport: ShowcaseViewport['name']) {
    const context = contexts.get(viewport)
    const tab = tabs.get(viewport)
    if (!site || !context || !tab) throw new Error('the site and browser did not start')
    return { site, context, tab }
  }

  describe.each(showcaseViewports)('at $name width ($viewport.width px)', ({ name: viewport }) => {
    it.each(showcasePages.filter((showcase) => !listPageChecks.has(showcase.name)))(
      '$name: no sideways scroll, no console error or CSP violation, every image and media element loaded',
      async (showcase) => {
        const { site, tab } = ready(viewport)
        const opened = await lookAtPage(tab, `${site.url}${showcase.path(site.slugs)}`)
        const report = await opened.report()
        expect(pageProblems(report)).toEqual([])
        expect(report.images.length, 'images on the page').toBe(showcase.images)
        expect(report.media.length, 'video and audio elements on the page').toBe(showcase.media)
      },
    )
  })

  it("lays the Arabic article out right to left, the site's own words (header, date) left to right", async () => {
    const { site, tab } = ready('phone')
    const rtl = showcasePages.find((page) => page.name === 'article-rtl')
    if (!rtl) throw new Error('no RTL showcase page')
    const opened = await lookAtPage(tab, `${site.url}${rtl.path(site.slugs)}`)
    // A string, as bin/browser/look-at-page.ts does: it runs in the page, where the DOM is.
    const seen = (await opened.page.evaluate(`(() => {
      const heading = document.querySelector('h1')
      const range = document.createRange()
      range.selectNodeContents(heading)
      const meta = document.querySelector('.meta time')
      return {
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        headingDirection: getComputedStyle(heading).direction,
        headingRight: heading.getBoundingClientRect().right,
        textRight: range.getBoundingClientRect().right,
        headerLang: document.querySelector('.site-header').closest('[lang]').getAttribute('lang'),
        dateDirection: getComputedStyle(meta).direction,
      }
    })()`)) as Record<string, string | number>
    expect(seen.lang).toBe('ar')
    expect(seen.dir).toBe('rtl')
    expect(seen.headingDirection).toBe('rtl')
    // Right-aligned: the heading's text ends at the heading box's right edge.
    expect(Math.abs(Number(seen.headingRight) - Number(seen.textRight))).toBeLessThan(2)
    expect(seen.headerLang).not.toBe('ar')
    // The date is in the site's words ("11 March 2025, 20:00 +03:00"): kept left to right, in order.
    expect(seen.dateDirection).toBe('ltr')
  })

  // Each check, shown to fail on the kind of page it exists for, so the passes above mean something.
  describe('the checks', () => {
    const article = showcasePages.find((page) => page.media > 0)

    /** The article in the phone's tab, or in a page of its own when `newPage`. */
    async function openArticle(newPage = false) {
      const { site, context, tab } = ready('phone')
      if (!article) throw new Error('no showcase page with media')
      return lookAtPage(newPage ? context : tab, `${site.url}${article.path(site.slugs)}`)
    }

    it('fetch the images, video and sound from the loopback server, through the CSP', async () => {
      const { site } = ready('phone')
      const before = site.media.requested.length
      // In a page of its own: what a fresh page asks the network for.
      const opened = await openArticle(true)
      const report = await opened.report()
      await opened.page.close()
      const fetched = new Set(site.media.requested.slice(before))
      expect([...fetched].sort()).toEqual(['/harbour.jpg', '/harbour.webm', '/tone.weba'])
      expect(report.media.every((element) => element.readyState >= 1)).toBe(true)
      expect(report.images.every((image) => image.naturalWidth > 0)).toBe(true)
    })

    it('wait for media that settle after the load event, in the page: no eval for the CSP to block', async () => {
      // A media element delays the load event, so media are usually ready by then; one that starts
      // loading later is what the wait is for (Playwright's waitForFunction polled it by `eval`,
      // which the CSP refused: the wait ended at once, with a "script-src blocked eval" violation).
      const { site, context } = ready('phone')
      const late = `${site.media.origin}/tone.weba?late`
      const slowly = async (route: Route) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        await route.fulfill({ response: await route.fetch({ url: `${site.media.origin}/tone.weba` }) })
      }
      await context.route(late, slowly)
      try {
        const opened = await openArticle()
        await opened.page.evaluate(`document.querySelector('audio').src = '${late}'`)
        await waitForMedia(opened.page)
        const report = await opened.report()
        expect(pageProblems(report)).toEqual([])
        expect(report.media.map((element) => [element.src, element.readyState >= 1])).toContainEqual([
          late,
          true,
        ])
      } finally {
        await context.unroute(late, slowly)
      }
    })

    it('look at content wider than a phone: the wide table and code block scroll in their own boxes', async () => {
      const { site, tab } = ready('phone')
      const hazards = showcasePages.find((page) => page.name === 'article-long-words')
      if (!hazards) throw new Error('no article-long-words page')
      const opened = await lookAtPage(tab, `${site.url}${hazards.path(site.slugs)}`)
      const boxes: unknown = await opened.page.evaluate(
        `['table', 'pre'].map((tag) => { const el = document.querySelector('.content ' + tag); return el && [tag, el.scrollWidth > el.clientWidth, el.getBoundingClientRect().right <= innerWidth] })`,
      )
      const report = await opened.report()
      expect(boxes).toEqual([
        ['table', true, true],
        ['pre', true, true],
      ])
      expect(report.scrollWidth).toBe(390)
    })

    it('notice an element wider than the phone', async () => {
      const opened = await openArticle()
      await opened.page.evaluate(
        `document.querySelector('.content').append(Object.assign(document.createElement('div'), { className: 'wide', style: 'width: 2000px; height: 1em' }))`,
      )
      const problems = pageProblems(await opened.report())
      expect(problems.join('\n')).toMatch(/scrolls sideways: \d+ px wide in 390: .*div\.wide/)
    })

    it('notice a script the CSP blocks, as a violation and a console error', async () => {
      const opened = await openArticle()
      await opened.page.evaluate(
        `document.body.append(Object.assign(document.createElement('script'), { textContent: 'document.title = "ran"' }))`,
      )
      const report = await opened.report()
      const title = await opened.page.title()
      expect(title).not.toBe('ran')
      expect(report.cspViolations).toEqual(['script-src-elem blocked inline'])
      expect(report.consoleErrors.join('\n')).toMatch(/Content Security Policy/)
    })

    it('notice an image or media element that does not load', async () => {
      const { site } = ready('phone')
      const opened = await openArticle()
      await opened.page.evaluate(`(() => {
        document.querySelector('.content img').src = '${site.media.origin}/missing.jpg';
        document.querySelector('audio').src = '${site.media.origin}/missing.weba';
        return new Promise((resolve) => setTimeout(resolve, 500));
      })()`)
      const problems = pageProblems(await opened.report())
      expect(problems).toContain(`image not loaded: ${site.media.origin}/missing.jpg`)
      expect(problems.join('\n')).toContain(`media without metadata: ${site.media.origin}/missing.weba`)
    })
  })

  // The front page and a topic page with the showcase articles (nine on the front page, six with a
  // lead photo), the author page and its subscribe page: each looked at once, axe included.
  describe('list pages', () => {
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
