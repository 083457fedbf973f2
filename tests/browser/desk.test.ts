import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumPath, hasChromium, launchChromium } from '../../bin/browser/look-at-page.ts'
import { showcaseViewports } from '../../bin/browser/showcase.ts'
import { type LocalStack, startLocalStack } from '../../bin/local-stack.ts'
import { readConfig } from '../../lib/config.ts'
import { useDynalite } from '../support/dynalite.ts'

const token = 'desk-browser-test-token-0123456789'
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** Set DESK_SCREENSHOTS=1 to write the README's screenshots of the list and the editor. */
const screenshotDir = process.env.DESK_SCREENSHOTS
  ? join(import.meta.dirname, '../../docs/screenshots')
  : undefined

/** Every console error (CSP violations land there too) and page error, in the page and its frames, into `problems`. */
function watch(page: Page, problems: string[] = []): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  // Deleting asks first: the editor says yes.
  page.on('dialog', (dialog) => void dialog.accept())
  return problems
}

/** axe-core's serious and critical violations on the page as it is now. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through DevTools, so the desk's CSP (script-src 'self') does not have to allow it.
  await page.evaluate(`${axeSource};undefined`)
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[]
  return violations
}

/** Whether the page scrolls sideways: its width against the viewport's. */
async function scrollsSideways(page: Page): Promise<boolean> {
  const widths = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as number[]
  return (widths[0] ?? 0) > (widths[1] ?? 0)
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('Editor token or publish token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect.poll(() => page.locator('h1').textContent()).toBe('Articles')
}

/** From the list, a new article whose preview frame follows the typing. */
async function writeWithPreview(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: 'New article' }).click()
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Content', { exact: true }).fill('The harbour **reopened** on Tuesday.')
  await page.getByLabel('Categories').fill('Local')
  const preview = page.frameLocator('iframe[name=preview]')
  await expect.poll(() => preview.locator('h1').textContent(), { timeout: 20_000 }).toBe(title)
  await expect.poll(() => preview.locator('strong').first().textContent()).toBe('reopened')
}

/**
 * A second tab saves the article first; then `page`, open on the same version, saves and is told,
 * and shown both versions.
 */
async function meetConflict(page: Page, title: string, problems: string[]): Promise<void> {
  const other = await page.context().newPage()
  watch(other, problems)
  await other.goto(page.url())
  await other.getByLabel('Title', { exact: true }).fill(`${title}: their headline`)
  await other.getByRole('button', { name: 'Save draft' }).click()
  await expect.poll(() => other.locator('.notice').textContent()).toBe('Draft saved.')
  await other.close()
  await page.getByLabel('Summary').fill('Ships are back in the harbour.')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect
    .poll(() => page.locator('#conflict-title').textContent())
    .toBe('Someone else saved this article meanwhile')
  expect(await page.locator('.conflict').textContent()).toContain(`${title}: their headline`)
}

/**
 * The whole workflow runs at one width; nothing in it depends on the width (the same forms, the
 * same requests). At the other, each of its screens (sign-in, list, editor with its preview, the
 * conflict) is laid out and checked by axe: what that width adds.
 */
const workflowWidth = 'desktop'

describe.skipIf(!hasChromium())(`the desk in Chromium (needs ${chromiumPath})`, () => {
  const dynamo = useDynalite()
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  describe.each(showcaseViewports)('at $name width', (viewport) => {
    let site: LocalStack | undefined
    let context: BrowserContext | undefined
    // One tab per width for the tests: a new page costs Chromium a renderer process. Each test
    // starts by emptying `problems` and ends by checking it.
    let page: Page | undefined
    let problems: string[] = []
    // The stack's clock, moved by the test: "a minute ahead" without waiting a minute.
    let offsetMs = 0
    beforeAll(async () => {
      // A table in the file's dynalite: a store thread, as `npm start` runs, costs 0.45 s of CPU to start.
      const store = { AWS_ENDPOINT_URL_DYNAMODB: dynamo().endpoint, TABLE_NAME: await dynamo().createTable() }
      site = await startLocalStack({
        config: readConfig({ PORT: '0', PUBLISH_TOKEN: token, ...store }),
        clock: () => new Date(Date.now() + offsetMs),
      })
      const { name: _, ...options } = viewport
      context = await browser?.newContext({
        ...options,
        colorScheme: 'light',
        locale: 'en-GB',
        timezoneId: 'UTC',
      })
      page = await context?.newPage()
      if (page) problems = watch(page)
    })
    afterAll(async () => {
      await context?.close()
      await site?.close()
    })

    /** The width's tab, its problems emptied: each test looks at its own. */
    const ready = () => {
      if (!site || !page) throw new Error('the site and browser did not start')
      problems.length = 0
      return { url: site.url, page }
    }

    const screenshot = async (page: Page, name: string, fullPage = false) => {
      if (screenshotDir) {
        await page.screenshot({ path: join(screenshotDir, `desk-${name}-${viewport.name}.png`), fullPage })
      }
    }

    if (viewport.name === workflowWidth) {
      it('signs in, writes with a live preview, schedules, edits through a conflict, unpublishes and deletes', async () => {
        const { url, page } = ready()
        const a11y: string[] = []

        await page.goto(`${url}/desk/`)
        a11y.push(...(await accessibilityProblems(page)))
        await signIn(page)
        a11y.push(...(await accessibilityProblems(page)))

        const title = `Harbour reopens (${viewport.name})`
        await writeWithPreview(page, title)
        a11y.push(...(await accessibilityProblems(page)))
        await screenshot(page, 'editor', viewport.name === 'desktop')

        // Schedule two minutes ahead (UTC: no SITE_TIME_ZONE), then move the stack's clock past it. The
        // field takes whole minutes: two minutes cut to the minute are still at least one ahead, however
        // long the click takes to reach the stack (one minute cut down could be due on arrival).
        const due = new Date(Date.now() + offsetMs + 2 * 60_000)
        await page.getByLabel(/Publication time/).fill(due.toISOString().slice(0, 16))
        await page.getByRole('button', { name: 'Schedule' }).click()
        await expect.poll(() => page.locator('.notice').textContent()).toBe('Scheduled.')
        await expect.poll(() => page.locator('.state strong').textContent()).toBe('scheduled')
        const slug = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '')
        expect(await (await fetch(`${url}/feed.json`)).text()).not.toContain(slug)
        const shareLink = new URL((await page.locator('#share-link').getAttribute('href')) ?? '').pathname
        expect((await fetch(`${url}${shareLink}`)).status).toBe(200)
        offsetMs += 3 * 60_000
        await expect
          .poll(async () => (await (await fetch(`${url}/feed.json`)).text()).includes(slug), {
            timeout: 20_000,
          })
          .toBe(true)

        // A second tab saves first; this one is told, and shown both versions.
        await page.goto(`${url}/desk/articles/${encodeURIComponent(slug)}`)
        await meetConflict(page, title, problems)
        a11y.push(...(await accessibilityProblems(page)))

        // Saving again from the conflict is deliberate; then publish, unpublish and delete.
        await page.getByRole('button', { name: 'Publish now' }).click()
        await expect.poll(() => page.locator('.notice').textContent()).toBe('Published.')
        await page.getByRole('button', { name: 'Unpublish' }).click()
        await expect.poll(() => page.locator('.notice').textContent()).toMatch(/^Unpublished/)
        expect(await (await fetch(`${url}/feed.json`)).text()).not.toContain(slug)
        await page.getByRole('button', { name: 'Delete' }).click()
        await expect.poll(() => page.locator('.notice').textContent()).toContain('Deleted')
        expect((await fetch(`${url}/articles/${encodeURIComponent(slug)}`)).status).toBe(410)
        await page.goto(`${url}/desk/?status=deleted`)
        expect(await page.locator('table.articles').textContent()).toContain(slug)

        // The list as after signing in (axe saw that state): nothing scrolls sideways on it.
        await page.goto(`${url}/desk/`)
        await screenshot(page, 'list')
        expect(await scrollsSideways(page)).toBe(false)
        expect(problems).toEqual([])
        expect(a11y).toEqual([])
      }, 180_000)
    } else {
      it('lays out the sign-in, the list, the editor with its preview and a conflict: no sideways scroll, no axe violation', async () => {
        const { url, page } = ready()
        const a11y: string[] = []
        const sideways: string[] = []
        const look = async (screen: string) => {
          a11y.push(...(await accessibilityProblems(page)).map((problem) => `${screen}: ${problem}`))
          if (await scrollsSideways(page)) sideways.push(screen)
        }

        await page.goto(`${url}/desk/`)
        await look('sign-in')
        await signIn(page)
        await look('list')
        await screenshot(page, 'list')
        const title = `Harbour reopens (${viewport.name})`
        await writeWithPreview(page, title)
        await look('editor')
        await screenshot(page, 'editor')
        await page.getByRole('button', { name: 'Save draft' }).click()
        await expect.poll(() => page.locator('.notice').textContent()).toBe('Draft saved.')
        await meetConflict(page, title, problems)
        await look('conflict')
        expect(problems).toEqual([])
        expect(a11y).toEqual([])
        expect(sideways).toEqual([])
      }, 180_000)
    }

    it("shows the day's subscribers per feed, from the aggregators' polls of the feeds", async () => {
      const { url, page } = ready()
      // Two hosted readers poll the feeds, stating their subscribers (their documented agents).
      const poll = async (path: string, agent: string) =>
        expect((await fetch(`${url}${path}`, { headers: { 'User-Agent': agent } })).status).toBe(200)
      await poll('/rss.xml', 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )')
      await poll('/atom.xml', 'Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)')
      await page.goto(`${url}/desk/`)
      if ((await page.locator('h1').textContent()) !== 'Articles') {
        await page.getByLabel('Editor token or publish token').fill(token)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await expect.poll(() => page.locator('h1').textContent()).toBe('Articles')
      }
      await page.getByRole('link', { name: 'Subscribers' }).click()
      await expect.poll(() => page.locator('h1').textContent()).toBe('Subscribers')
      const today = new Date(Date.now() + offsetMs).toISOString().slice(0, 10)
      expect(await page.locator('#subscribers-day time').getAttribute('datetime')).toBe(today)
      const siteFeed = page.locator('table.counts tbody tr', {
        has: page.locator('code', { hasText: /^\/$/ }),
      })
      expect(await siteFeed.locator('li').allTextContents()).toEqual(['Feedly: 462', 'Inoreader: 114'])
      expect(await siteFeed.locator('td').nth(2).textContent()).toBe('576')
      const a11y = await accessibilityProblems(page)
      expect(await scrollsSideways(page)).toBe(false)
      await screenshot(page, 'subscribers')
      expect(problems).toEqual([])
      expect(a11y).toEqual([])
    }, 120_000)
  })
})
