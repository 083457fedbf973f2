import { describe, expect, it } from 'vitest'
import { type BuildBundle, buildAsStack, measureColdStart } from '../../bench/cold-start.ts'
import { functionEntries } from '../../cdk/esbuild-options.ts'
import { motoServerPath } from '../support/moto.ts'
import { sharedMoto } from '../support/shared-moto.ts'
import { type FunctionName, stackBundle } from '../support/stack-bundles.ts'

const isFunctionName = (name: string): name is FunctionName => name in functionEntries

/** The functions' bundles as the run builds them once for every file; the bare bundle here. */
const runBuilds: BuildBundle = (name, entry, outdir) =>
  isFunctionName(name) ? stackBundle(name) : buildAsStack(name, entry, outdir)

describe('the cold-start bench', () => {
  it('bundles and imports every function entry, the notifier with the settings the stack gives it, and the bare bundle beside them', async () => {
    const rows = await measureColdStart({
      runs: 1,
      build: runBuilds,
      ...(motoServerPath === undefined ? {} : { moto: await sharedMoto() }),
    })
    expect(rows.map((r) => r.name)).toEqual([
      ...Object.keys(functionEntries),
      'bare',
      'bare, configured',
      'public, no source maps',
      'bare, no source maps',
    ])
    // The same bundles as their rows with the stack's source maps, imported without them.
    for (const name of ['public', 'bare']) {
      expect(rows.find((r) => r.name === `${name}, no source maps`)?.bytes).toBe(
        rows.find((r) => r.name === name)?.bytes,
      )
    }
    expect(rows.map((r) => r.name)).toContain('notifier')
    // The bare bundle with the public function's configuration read first: its code and that.
    const bytes = (name: string) => rows.find((r) => r.name === name)?.bytes ?? Number.NaN
    expect(bytes('bare, configured')).toBeGreaterThan(bytes('bare'))
    expect(bytes('bare, configured')).toBeLessThan(bytes('public'))
    for (const row of rows) {
      expect(row.bytes, row.name).toBeGreaterThan(100_000)
      expect(Number.isFinite(row.medianImportMs), row.name).toBe(true)
      expect(row.medianCpuMs, row.name).toBeGreaterThan(0)
      // The spread beside each median: its first and third quartiles.
      expect(row.importSpreadMs[0], row.name).toBeLessThanOrEqual(row.medianImportMs)
      expect(row.importSpreadMs[1], row.name).toBeGreaterThanOrEqual(row.medianImportMs)
      expect(row.cpuSpreadMs[0], row.name).toBeLessThanOrEqual(row.medianCpuMs)
      expect(row.cpuSpreadMs[1], row.name).toBeGreaterThanOrEqual(row.medianCpuMs)
    }
    // The public function answers a feed and the bare bundle an item, each from the store the bench
    // started (the probe fails on any status but 200), after their import.
    // The publish function's first request is a POST /api/articles with its token from Secrets
    // Manager: measured where moto_server answers for it, left out (not guessed) where it is missing.
    const withFirstRequest = ['public', 'bare', ...(motoServerPath === undefined ? [] : ['publish'])]
    for (const name of withFirstRequest) {
      const row = rows.find((r) => r.name === name)
      expect(row?.medianFirstRequestMs, name).toBeGreaterThan(row?.medianImportMs ?? Number.NaN)
      expect(row?.medianFirstRequestCpuMs, name).toBeGreaterThan(row?.medianCpuMs ?? Number.NaN)
    }
    for (const row of rows.filter((r) => !withFirstRequest.includes(r.name))) {
      expect(row.medianFirstRequestMs, row.name).toBeUndefined()
    }
  }, 300_000)
})
