import { describe, expect, it } from 'vitest'
import { stackBundle } from '../support/stack-bundles.ts'

/**
 * What the public function's bundle carries, built as the stack builds it: every module in it is
 * compiled at each cold start, so what only some answers need must stay out (issue 20.7).
 */
describe('the public function bundle', () => {
  it('carries no luxon: the pages read SITE_TIME_ZONE through Intl (lib/pages/zone-clock.ts)', async () => {
    const { metafile } = await stackBundle('public')
    const inputs = Object.keys(metafile.inputs)
    expect(inputs).toContain('lib/pages/zone-clock.ts')
    expect(inputs).toContain('lib/pages/page-parts.ts')
    expect(inputs.filter((file) => file.includes('node_modules/luxon/'))).toEqual([])
  })
})
