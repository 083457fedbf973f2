import { accessSync, constants } from 'node:fs'
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core'
import * as z from 'zod/mini'
import { leadImageOrigin, type ShowcaseViewport } from './showcase.ts'

/** Debian's browser (`apt-get install chromium`); `CHROMIUM_PATH` names another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function hasChromium(): boolean {
  try {
    accessSync(chromiumPath, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The machine's Chromium, headless: Playwright never downloads one here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath })
}

/**
 * A browser context at one viewport that records every CSP violation the page reports, in light
 * mode with a fixed locale and time zone (screenshots come out the same on every machine), and
 * answers {@link leadImageOrigin} from the loopback media server.
 */
export async function openShowcaseContext(
  browser: Browser,
  viewport: ShowcaseViewport,
  mediaOrigin: string,
): Promise<BrowserContext> {
  const { name: _, ...options } = viewport
  const context = await browser.newContext({
    ...options,
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  })
  await context.addInitScript({ content: recordViolations })
  await context.route(`${leadImageOrigin}/**`, async (route) => {
    const { pathname } = new URL(route.request().url())
    // A reset connection (ECONNRESET, the one error Playwright retries) is asked again, as a browser would.
    await route.fulfill({ response: await route.fetch({ url: `${mediaOrigin}${pathname}`, maxRetries: 2 }) })
  })
  return context
}

// Runs before any of the page's own content; the events are those the CSP reports (a blocked image,
// style, script or media load), which also land in the console.
// Layout shifts (elements moving as late content arrives, e.g. an image without its size) are summed
// as Chromium scores them (the Layout Instability API).
const recordViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline'));
  }, true);
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`

const measureSchema = z.object({
  scrollWidth: z.number(),
  innerWidth: z.number(),
  overflowing: z.array(z.string()),
  images: z.array(z.object({ src: z.string(), naturalWidth: z.number(), complete: z.boolean() })),
  media: z.array(z.object({ src: z.string(), readyState: z.number(), error: z.nullable(z.number()) })),
  cspViolations: z.array(z.string()),
  layoutShift: z.number(),
})

/**
 * What the page looks like to the checks: its widths, the elements sticking out past the viewport's
 * (not counting those inside a box that scrolls on its own), every image and media element.
 */
const measure = (viewportWidth: number) => `((width) => {
  const scrolls = (el) => { const s = getComputedStyle(el); return (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && el !== document.documentElement && el !== document.body; };
  const inScroller = (el) => { for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return true; return false; };
  const describe = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '');
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
    .map((el) => describe(el) + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ')');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    overflowing: overflowing.slice(0, 10),
    images: [...document.images].map((img) => ({ src: img.currentSrc || img.src, naturalWidth: img.naturalWidth, complete: img.complete })),
    media: [...document.querySelectorAll('video, audio')].map((m) => ({ src: m.currentSrc || m.src, readyState: m.readyState, error: m.error ? m.error.code : null })),
    cspViolations: window.__cspViolations || [],
    layoutShift: window.__layoutShift || 0,
  };
})(${viewportWidth})`

const imagesAtLoadSchema = z.array(
  z.object({ src: z.string(), loading: z.nullable(z.string()), top: z.number(), complete: z.boolean() }),
)

/** Every image as the page opened, before anything scrolled: where it sits and whether it waits to be scrolled to. */
const imagesNow = `[...document.images].map((img) => ({
  src: img.currentSrc || img.src,
  loading: img.getAttribute('loading'),
  top: img.getBoundingClientRect().top + scrollY,
  complete: img.complete,
}))`

/** Scrolls down the page a screen at a time, so each lazy image comes near the viewport and loads, then back up. */
const scrollThrough = `(async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
})()`

// Awaited in the page rather than polled with waitForFunction, whose polling the pages' CSP (no eval) refuses.
const imagesSettled = `Promise.race([
  Promise.all([...document.images].filter((img) => !img.complete).map((img) => new Promise((resolve) => {
    img.addEventListener('load', resolve, { once: true });
    img.addEventListener('error', resolve, { once: true });
  }))),
  new Promise((resolve) => setTimeout(resolve, 10000)),
]).then(() => undefined)`

/**
 * Media elements have loaded their metadata, or failed, or 10 s have passed: awaited in the page, as above.
 * Not Playwright's waitForFunction: once its first check finds a video still loading, it polls by
 * `eval` in the page, which the CSP blocks, so the wait ended at once and left a "script-src blocked
 * eval" violation and media "without metadata" in the report.
 */
const mediaSettled = `new Promise((resolve) => {
  const settled = (m) => m.readyState >= 1 || m.error !== null;
  const deadline = Date.now() + 10000;
  const check = () => [...document.querySelectorAll('video, audio')].every(settled) || Date.now() > deadline ? resolve(undefined) : setTimeout(check, 50);
  check();
})`

/** Waits until the page's media have their metadata or failed; media that never settle are reported as they are (readyState 0). */
export async function waitForMedia(page: Page): Promise<void> {
  await page.evaluate(mediaSettled)
}

export type PageMeasure = z.infer<typeof measureSchema>

export interface PageReport extends PageMeasure {
  readonly status: number | undefined
  /** The viewport's width: a phone zooms out to fit a page wider than it, so `innerWidth` grows. */
  readonly viewportWidth: number
  readonly consoleErrors: readonly string[]
  readonly pageErrors: readonly string[]
  /** The images as the page opened, before it was scrolled through to load the lazy ones. */
  readonly imagesAtLoad: z.infer<typeof imagesAtLoadSchema>
  /** The viewport's height: an image whose `top` is past it was below the fold. */
  readonly viewportHeight: number
}

export interface LookedAtPage {
  readonly page: Page
  /** Measures the page as it is now, with every console message and CSP violation since it opened. */
  report(): Promise<PageReport>
}

/** How to stop collecting the console of the page's last look, before the next look reuses its tab. */
const stopCollecting = new WeakMap<Page, () => void>()

/**
 * Opens `url` in a new page of a context, or in a page already open (the tests reuse one tab per
 * context: a new page costs Chromium a renderer process, about 0.15 s of CPU), and waits for it to
 * load (images included) and for its media to load their metadata. The page stays open (for a
 * screenshot); the caller closes it.
 */
export async function lookAtPage(where: BrowserContext | Page, url: string): Promise<LookedAtPage> {
  const page = 'goto' in where ? where : await where.newPage()
  stopCollecting.get(page)?.()
  const consoleErrors: string[] = []
  const pageErrors: string[] = []
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  }
  const onPageError = (error: Error) => pageErrors.push(error.message)
  page.on('console', onConsole)
  page.on('pageerror', onPageError)
  stopCollecting.set(page, () => {
    page.off('console', onConsole)
    page.off('pageerror', onPageError)
  })
  const response = await page.goto(url, { waitUntil: 'load' })
  await waitForMedia(page)
  const imagesAtLoad = imagesAtLoadSchema.parse(await page.evaluate(imagesNow))
  // Lazy images load only when scrolled near: scroll through, so every image is checked (and
  // photographed), then back to the top. One that never loads is reported as it is.
  if (imagesAtLoad.some((img) => !img.complete)) {
    await page.evaluate(scrollThrough)
    await page.evaluate(imagesSettled)
    await page.evaluate('scrollTo(0, 0)')
  }
  const viewportWidth = page.viewportSize()?.width ?? 0
  const viewportHeight = page.viewportSize()?.height ?? 0
  return {
    page,
    report: async () => ({
      status: response?.status(),
      viewportWidth,
      viewportHeight,
      imagesAtLoad,
      consoleErrors: [...consoleErrors],
      pageErrors: [...pageErrors],
      ...measureSchema.parse(await page.evaluate(measure(viewportWidth))),
    }),
  }
}

/** Everything wrong with the page, one line each; empty when it passes every check. */
export function pageProblems(report: PageReport): string[] {
  return [
    ...(report.status === 200 ? [] : [`answered ${report.status}`]),
    ...(report.innerWidth === report.viewportWidth
      ? []
      : [
          `laid out ${report.innerWidth} px wide in a ${report.viewportWidth} px viewport (zoomed out to fit)`,
        ]),
    ...(report.scrollWidth <= report.innerWidth
      ? []
      : [
          `scrolls sideways: ${report.scrollWidth} px wide in ${report.innerWidth}: ${report.overflowing.join(', ')}`,
        ]),
    ...report.consoleErrors.map((text) => `console error: ${text}`),
    ...report.pageErrors.map((text) => `page error: ${text}`),
    ...report.cspViolations.map((text) => `CSP violation: ${text}`),
    ...report.images.filter((img) => img.naturalWidth === 0).map((img) => `image not loaded: ${img.src}`),
    ...report.media
      .filter((m) => m.readyState < 1)
      .map((m) => `media without metadata: ${m.src} (error ${m.error ?? 'none'})`),
  ]
}
