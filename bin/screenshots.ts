import { mkdir } from 'node:fs/promises'
import {
  chromiumPath,
  hasChromium,
  launchChromium,
  lookAtPage,
  openShowcaseContext,
  pageProblems,
} from './browser/look-at-page.ts'
import { showcasePages, showcaseViewports, startShowcaseSite } from './browser/showcase.ts'

/**
 * `npm run screenshots`: the README's pictures. Starts the product as `npm start` does with the
 * showcase articles, opens each page marked `screenshot` in Debian's Chromium at every viewport,
 * and writes `docs/screenshots/<page>-<viewport>.png`: the whole page on a desktop, the first two
 * screens on a phone. A page that fails the browser tests' checks is not photographed.
 */
const outDir = new URL('../docs/screenshots/', import.meta.url)

const mediaIdle = `[...document.querySelectorAll('video, audio')].every((m) => m.networkState !== HTMLMediaElement.NETWORK_LOADING)`

const imagesDecoded = `Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))).then(() => undefined)`

async function main(): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  if (!hasChromium()) {
    console.error(`No browser at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH.`)
    return 1
  }
  await mkdir(outDir, { recursive: true })
  const [site, browser] = await Promise.all([startShowcaseSite(), launchChromium()])
  let failed = 0
  try {
    for (const viewport of showcaseViewports) {
      const context = await openShowcaseContext(browser, viewport, site.media.origin)
      for (const showcase of showcasePages.filter((page) => page.screenshot)) {
        const opened = await lookAtPage(context, `${site.url}${showcase.path(site.slugs)}`)
        const problems = pageProblems(await opened.report())
        const file = new URL(`${showcase.name}-${viewport.name}.png`, outDir)
        if (problems.length > 0) {
          failed += 1
          console.error(`${showcase.name} (${viewport.name}): not photographed\n  ${problems.join('\n  ')}`)
        } else {
          // Players draw a spinner until their media stops loading.
          await opened.page
            .waitForFunction(mediaIdle, undefined, { timeout: 10_000 })
            .catch(() => console.error(`${showcase.name} (${viewport.name}): media still loading`))
          // Thumbnails decode off the main thread (decoding="async"): have every picture ready to paint.
          await opened.page.evaluate(imagesDecoded)
          const { width, height } = viewport.viewport
          await opened.page.screenshot(
            viewport.isMobile
              ? { path: file.pathname, clip: { x: 0, y: 0, width, height: height * 2 }, fullPage: true }
              : { path: file.pathname, fullPage: true },
          )
          console.log(`wrote docs/screenshots/${showcase.name}-${viewport.name}.png`)
        }
        await opened.page.close()
      }
      await context.close()
    }
  } finally {
    await browser.close()
    await site.close()
  }
  return failed === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
