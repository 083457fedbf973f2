import { describe, expect, it } from 'vitest'
import { startProgress } from '../../lib/cli/progress.ts'
import { Collected } from '../support/cli-harness.ts'

describe('startProgress', () => {
  it('draws a bar with counts and rate on a terminal, and keeps logged lines above it', async () => {
    const out = new Collected(true)
    Object.assign(out, { columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true })
    let now = 0
    const progress = startProgress(out, { label: 'import', total: 10, enabled: true, now: () => now })
    now = 2000
    progress.log('skipped "x": why')
    progress.update(4, '4 new, 0 updated, 0 unchanged, 0 skipped')
    await new Promise((resolve) => setTimeout(resolve, 150))
    progress.stop()
    expect(out.text).toContain('skipped "x": why\n')
    expect(out.text).toMatch(/import \[[█░]+\] 4\/10 \| 2\.0\/s \| 4 new, 0 updated, 0 unchanged, 0 skipped/)
  })

  it('writes a plain line every few seconds when not a terminal', () => {
    const out = new Collected(false)
    let now = 0
    const progress = startProgress(out, { label: 'import', total: 100, enabled: true, now: () => now })
    progress.update(10, 'a')
    now = 2500
    progress.update(50, 'b')
    now = 3000
    progress.update(60, 'c')
    now = 6000
    progress.update(100, 'd')
    progress.stop()
    expect(out.text).toBe('import: 50/100 (50%), 20/s: b\n')
  })

  it('writes only the logged lines when turned off', () => {
    const out = new Collected(false)
    const progress = startProgress(out, { label: 'import', total: 5, enabled: false })
    progress.update(5, 'x')
    progress.log('a line')
    expect(out.text).toBe('a line\n')
  })
})
