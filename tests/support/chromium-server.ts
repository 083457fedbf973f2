import { type BrowserServer, chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { chromiumPath, hasChromium } from '../../bin/browser/look-at-page.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's one Chromium listens (`chromium.connect`); empty when the machine has none. */
    chromiumEndpoint: string
  }
}

/**
 * vitest `globalSetup` of the browser suites: one headless Chromium for the whole run, which each file
 * connects to ({@link connectChromium} in `shared-chromium.ts`) and opens its own contexts in. A launch
 * costs about 2.4 s of CPU (three launches and a page each: 7.3 s), and the four files each launched one.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: BrowserServer | undefined
  if (hasChromium()) server = await chromium.launchServer({ executablePath: chromiumPath })
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? '')
  return async () => {
    await server?.close()
  }
}
