import { type Browser, chromium } from 'playwright-core'
import { inject } from 'vitest'

/**
 * The run's one Chromium (`tests/support/chromium-server.ts`), connected to: closing the returned
 * browser closes this file's contexts and leaves the browser running for the other files.
 */
export function connectChromium(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint')
  if (!endpoint) throw new Error('no Chromium was launched for this run (the browser project starts it)')
  return chromium.connect(endpoint)
}
