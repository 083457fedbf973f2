import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { esbuildOptions, functionEntries } from '../../cdk/bundling.ts'

/**
 * What the public function's bundle carries, built as the stack builds it: every module in it is
 * compiled at each cold start, so what only some answers need must stay out (issue 20.7).
 */
describe('the public function bundle', () => {
  it('carries no luxon: the pages read SITE_TIME_ZONE through Intl (lib/pages/zone-clock.ts)', async () => {
    const options = esbuildOptions(functionEntries.public, '/tmp/public-cold-start-unwritten')
    const { metafile } = await build({ ...options, write: false, metafile: true })
    const inputs = Object.keys(metafile.inputs)
    expect(inputs).toContain('lib/pages/zone-clock.ts')
    expect(inputs).toContain('lib/pages/page-parts.ts')
    expect(inputs.filter((file) => file.includes('node_modules/luxon/'))).toEqual([])
  }, 60_000)
})
