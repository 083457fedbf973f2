import { readFile } from 'node:fs/promises'
import type { Metafile } from 'esbuild'
import { inject } from 'vitest'
import { bundleEntry, type functionEntries } from '../../cdk/esbuild-options.ts'
import type { BuildVariant } from './run-builds.ts'
import type { BuildAnswer } from './run-services.ts'

/** A function bundle built once for the whole run (tests/support/run-services.ts); read, never write. */
export interface SharedBundle {
  /** The directory of the build. */
  readonly outdir: string
  /** The file Lambda loads: `index.mjs` in `outdir`. */
  readonly entry: string
  readonly metafile: Metafile
}

export type FunctionName = keyof typeof functionEntries

/**
 * The bundle of a function as the stack builds it (`esbuildOptions`, split into chunks; or another
 * variant of tests/support/run-builds.ts), built at most once a run, whichever file asks first. Asked of the run's services each time (a loopback
 * request): in watch mode a rerun builds anew.
 */
export async function stackBundle(
  name: FunctionName,
  variant: BuildVariant = 'stack',
): Promise<SharedBundle> {
  const response = await fetch(`${inject('runServices')}/build/${variant}/${name}`)
  if (!response.ok) throw new Error(`the ${variant} build of ${name} failed: ${await response.text()}`)
  const { outdir, metafile } = (await response.json()) as BuildAnswer
  const parsed = JSON.parse(await readFile(metafile, 'utf8')) as Metafile
  return { outdir, entry: bundleEntry(outdir), metafile: parsed }
}
