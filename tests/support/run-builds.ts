import { join } from 'node:path'
import type { BuildOptions } from 'esbuild'
import { esbuildOptions } from '../../cdk/esbuild-options.ts'

/**
 * The builds of a function the tests share (tests/support/run-services.ts makes each at most once a
 * run), each with its metafile.
 *
 * - `stack`: the stack's own options (cdk/esbuild-options.ts), split into chunks, as deployed.
 * - `unminified`: the same options as one file, unminified, without a source map: esbuild's
 *   `__esm` wrappers keep their module paths there (tests/support/bundle-start.ts records them).
 *   What is evaluated does not depend on the split (a chunk's modules are evaluated on first use
 *   too); tests/functions/cold-start-deferred.test.ts checks what the split defers.
 */
export const buildVariants = {
  stack: (entry: string, outdir: string): BuildOptions & { metafile: true } => ({
    ...esbuildOptions(entry, outdir),
    metafile: true,
  }),
  unminified: (entry: string, outdir: string): BuildOptions & { metafile: true } => {
    const {
      splitting: _split,
      outdir: _outdir,
      chunkNames: _chunks,
      entryNames: _entries,
      ...options
    } = esbuildOptions(entry, outdir)
    return { ...options, outfile: join(outdir, 'index.mjs'), minify: false, sourcemap: false, metafile: true }
  },
} as const

export type BuildVariant = keyof typeof buildVariants
